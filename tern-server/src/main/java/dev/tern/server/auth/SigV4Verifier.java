package dev.tern.server.auth;

import dev.tern.server.wire.SignedRequest;

import dev.tern.account.Accounts;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.server.wire.Decimal;
import dev.tern.server.wire.FormParams;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4, in the Authorization-header and the query-string forms, against the
 * account's secret. Failures raise the EC2 codes (AuthFailure, SignatureDoesNotMatch, IncompleteSignature,
 * RequestExpired); JSON protocols translate them to their own names when they render.
 */
public final class SigV4Verifier {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** The longest a presigned URL may be valid, as in AWS: a week. */
    public static final long MAX_EXPIRES_SECONDS = 604_800;
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final Pattern AMZ_DATE_SHAPE = Pattern.compile("[0-9]{8}T[0-9]{6}Z");
    private static final HexFormat HEX = HexFormat.of();
    private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SigV4Verifier.class);

    private final Accounts accounts;
    private final Clock clock;
    // Deriving a signing key costs four HMACs; it changes only with the day, Region and service. Kept as a Mac
    // already keyed with it, which each request copies: keying one costs as much again as the HMAC itself.
    private final ConcurrentHashMap<String, Mac> signingKeys = new ConcurrentHashMap<>();

    public SigV4Verifier(Accounts accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    /** The parts of a signature, from either form. */
    private record Signature(String accessKeyId, String date, String region, String service, List<String> signedHeaders,
            String signature, String amzDate, Long expiresSeconds, boolean queryForm) {}

    /** True when the request carries any SigV4 material at all. */
    public static boolean isSigned(SignedRequest r) {
        String auth = r.firstHeader("authorization");
        return auth != null || (r.rawQuery() != null && r.rawQuery().contains("X-Amz-Algorithm="));
    }

    /**
     * The account, Region and service of a correctly signed request, or the SigV4 error AWS gives.
     *
     * @param unsignedPayloadAllowed whether the signing service lets this request leave its body unsigned
     */
    public Authenticated verify(SignedRequest r, Predicate<String> unsignedPayloadAllowed) {
        Signature sig = parse(r);
        requireXAmzHeadersSigned(r, sig);
        Instant signedAt = parseAmzDate(sig.amzDate());
        Accounts.Credential credential = accounts.credential(sig.accessKeyId());
        // An Inactive key is refused as an unknown one is: AuthFailure here, each protocol's own name when rendered.
        if (credential == null || !credential.active()) {
            throw ErrorCode.AuthFailure.exception();
        }
        if (!sig.amzDate().startsWith(sig.date()) || sig.date().length() != 8) {
            throw ErrorCode.SignatureDoesNotMatch.withMessage("Date in Credential scope does not match YYYYMMDD from "
                    + "ISO-8601 version of date from HTTP: '" + sig.date() + "' != '" + sig.amzDate().substring(0, 8) + "'");
        }
        Instant now = clock.instant();
        // A date in the future is allowed the clock skew; a past one, the skew or, presigned, its X-Amz-Expires.
        // Both are bounded (a four-digit year, at most a week), so this arithmetic cannot overflow.
        Instant validUntil = sig.expiresSeconds() == null ? signedAt.plus(MAX_SKEW) : signedAt.plusSeconds(sig.expiresSeconds());
        if (signedAt.isAfter(now.plus(MAX_SKEW)) || now.isAfter(validUntil)) {
            throw ErrorCode.RequestExpired.withMessage("Request has expired.");
        }
        Mac key = signingKey(credential.secret(), sig.date(), sig.region(), sig.service());
        String scope = sig.date() + "/" + sig.region() + "/" + sig.service() + "/aws4_request";
        String canonicalBase = canonicalWithoutPayload(r, sig);
        byte[] expected;
        for (String payloadHash : payloadHashes(r, sig, unsignedPayloadAllowed.test(sig.service()))) {
            String canonical = canonicalBase + payloadHash;
            String stringToSign = ALGORITHM + "\n" + sig.amzDate() + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical));
            expected = HEX.formatHex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
            if (MessageDigest.isEqual(expected, sig.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                return new Authenticated(credential.account(), credential.principal(), sig.accessKeyId(),
                        sig.region(), sig.service());
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("signature mismatch for {}; canonical request was:\n{}", sig.accessKeyId(), canonicalBase);
        }
        throw ErrorCode.SignatureDoesNotMatch.exception();
    }

    /**
     * Every x-amz-* header sent must be signed: X-Amz-Target names the KMS operation, others carry tokens,
     * checksums and sizes, and an unsigned one could be changed under a captured signature.
     */
    private static void requireXAmzHeadersSigned(SignedRequest r, Signature sig) {
        for (String name : r.headerNames()) {
            if (name.regionMatches(true, 0, "x-amz-", 0, 6)) {
                String lower = name.toLowerCase(Locale.ROOT);
                if (!sig.signedHeaders().contains(lower)) {
                    throw ErrorCode.IncompleteSignature.withMessage("The header '" + lower + "' is present but not "
                            + "signed: every x-amz-* header of a request must be in its SignedHeaders.");
                }
            }
        }
    }

    private static Signature parse(SignedRequest r) {
        String auth = r.firstHeader("authorization");
        if (auth != null) {
            return parseHeader(auth, r.firstHeader("x-amz-date"));
        }
        if (r.rawQuery() != null && r.rawQuery().contains("X-Amz-Algorithm=")) {
            return parseQuery(r.rawQuery());
        }
        throw ErrorCode.AuthFailure.exception();
    }

    private static Signature parseHeader(String auth, String amzDate) {
        if (!auth.startsWith(ALGORITHM + " ")) {
            throw ErrorCode.IncompleteSignature.withMessage("Unsupported authorization type; " + ALGORITHM + " is required.");
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        for (String part : auth.substring(ALGORITHM.length() + 1).split(",")) {
            String p = part.trim();
            if (p.startsWith("Credential=")) {
                credential = p.substring(11);
            } else if (p.startsWith("SignedHeaders=")) {
                signedHeaders = p.substring(14);
            } else if (p.startsWith("Signature=")) {
                signature = p.substring(10);
            }
        }
        if (amzDate == null) {
            throw ErrorCode.IncompleteSignature.withMessage("Authorization header requires existence of either a "
                    + "'X-Amz-Date' or a 'Date' header.");
        }
        return build(credential, signedHeaders, signature, amzDate, null, false);
    }

    private static Signature parseQuery(String rawQuery) {
        String algorithm = null;
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        String amzDate = null;
        String expires = null;
        for (FormParams.Param p : FormParams.parse(rawQuery)) {
            switch (p.name()) {
                case "X-Amz-Algorithm" -> algorithm = p.value();
                case "X-Amz-Credential" -> credential = p.value();
                case "X-Amz-SignedHeaders" -> signedHeaders = p.value();
                case "X-Amz-Signature" -> signature = p.value();
                case "X-Amz-Date" -> amzDate = p.value();
                case "X-Amz-Expires" -> expires = p.value();
                default -> { }
            }
        }
        if (!ALGORITHM.equals(algorithm)) {
            throw ErrorCode.IncompleteSignature.withMessage("X-Amz-Algorithm must be " + ALGORITHM + ".");
        }
        if (amzDate == null) {
            throw ErrorCode.IncompleteSignature.withMessage("The request must contain the parameter X-Amz-Date.");
        }
        Long expiresSeconds = null;
        if (expires != null) {
            expiresSeconds = Decimal.parse(expires);
            if (expiresSeconds == null || expiresSeconds < 1 || expiresSeconds > MAX_EXPIRES_SECONDS) {
                throw ErrorCode.IncompleteSignature.withMessage("X-Amz-Expires must be a whole number of seconds from 1 to "
                        + MAX_EXPIRES_SECONDS + " (a week).");
            }
        }
        return build(credential, signedHeaders, signature, amzDate, expiresSeconds, true);
    }

    private static Signature build(String credential, String signedHeaders, String signature, String amzDate,
            Long expires, boolean queryForm) {
        if (credential == null || signedHeaders == null || signature == null) {
            throw ErrorCode.IncompleteSignature.withMessage("Authorization header requires 'Credential', 'SignedHeaders' "
                    + "and 'Signature' parameters.");
        }
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || !"aws4_request".equals(scope[4]) || scope[0].isEmpty()) {
            throw ErrorCode.IncompleteSignature.withMessage("Credential should be scoped to a valid region, service "
                    + "and date: '" + credential + "'.");
        }
        List<String> headers = List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
        if (!headers.contains("host")) {
            throw ErrorCode.IncompleteSignature.withMessage("The host header must be signed.");
        }
        return new Signature(scope[0], scope[1], scope[2], scope[3], headers, signature, amzDate, expires, queryForm);
    }

    private static Instant parseAmzDate(String amzDate) {
        try {
            if (!AMZ_DATE_SHAPE.matcher(amzDate).matches()) {
                throw new DateTimeParseException("not YYYYMMDD'T'HHMMSS'Z'", amzDate, 0);
            }
            return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw ErrorCode.IncompleteSignature.withMessage("Invalid X-Amz-Date '" + amzDate + "': the format is "
                    + "YYYYMMDD'T'HHMMSS'Z'.");
        }
    }

    private static String canonicalWithoutPayload(SignedRequest r, Signature sig) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(r.method()).append('\n');
        sb.append(canonicalUri(r.rawPath())).append('\n');
        sb.append(canonicalQuery(r.rawQuery(), sig.queryForm())).append('\n');
        for (String name : sig.signedHeaders()) {
            sb.append(name).append(':').append(canonicalHeaderValue(r.header().apply(name))).append('\n');
        }
        sb.append('\n').append(String.join(";", sig.signedHeaders())).append('\n');
        return sb.toString();
    }

    private static List<String> payloadHashes(SignedRequest r, Signature sig, boolean unsignedAllowed) {
        String declared = r.firstHeader("x-amz-content-sha256");
        if (UNSIGNED_PAYLOAD.equals(declared)) {
            if (!unsignedAllowed) {
                // AWS hashes the body of these requests whatever the header says; the signature then cannot match.
                throw ErrorCode.SignatureDoesNotMatch.withMessage("The request's body must be signed: "
                        + "x-amz-content-sha256 UNSIGNED-PAYLOAD is accepted only by EBS direct PutSnapshotBlock.");
            }
            // Nothing to check the body against; hashing it anyway would cost a pass over every EBS block.
            return List.of(declared);
        }
        String bodyHash = r.body() == null || r.body().length == 0 ? EMPTY_SHA256 : HEX.formatHex(sha256(r.body()));
        if (declared != null) {
            // A declared hash is signed, but only the body itself proves it: a mismatch means a tampered body.
            if (!declared.equalsIgnoreCase(bodyHash)) {
                throw ErrorCode.SignatureDoesNotMatch.withMessage("The provided 'x-amz-content-sha256' header does not "
                        + "match what was computed.");
            }
            return List.of(declared);
        }
        // Presigned URLs may sign the payload as UNSIGNED-PAYLOAD (the SDKs do): harmless with no body to swap.
        boolean noBody = r.body() == null || r.body().length == 0;
        return sig.queryForm() && (noBody || unsignedAllowed) ? List.of(bodyHash, UNSIGNED_PAYLOAD) : List.of(bodyHash);
    }

    /** Non-S3 services sign the path URI-encoded once more, with '/' kept (what the SDKs and botocore do). */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        return uriEncode(rawPath, true);
    }

    static String canonicalQuery(String rawQuery, boolean dropSignature) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (FormParams.Param p : FormParams.parse(rawQuery)) {
            if (dropSignature && p.name().equals("X-Amz-Signature")) {
                continue;
            }
            // Decode with %20 semantics only: '+' in a raw query is a literal plus to SigV4 clients.
            String name = uriEncode(percentDecode(p.rawName()), false);
            String value = uriEncode(percentDecode(p.rawValue()), false);
            pairs.add(new String[] {name, value});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] pair : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(pair[0]).append('=').append(pair[1]);
        }
        return sb.toString();
    }

    private static String percentDecode(String raw) {
        return raw.indexOf('%') < 0 ? raw : FormParams.decode(raw.replace("+", "%2B"));
    }

    private static String canonicalHeaderValue(List<String> values) {
        if (values == null || values.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (String v : values) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            collapseWhitespace(sb, v.trim());
        }
        return sb.toString();
    }

    /** Appends {@code v} with each run of inner whitespace as one space, as SigV4's canonical headers want. */
    private static void collapseWhitespace(StringBuilder sb, String v) {
        boolean inSpace = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (Character.isWhitespace(c)) {
                inSpace = true;
                continue;
            }
            if (inSpace) {
                sb.append(' ');
                inSpace = false;
            }
            sb.append(c);
        }
    }

    /** RFC 3986 encoding: unreserved characters stay, everything else is %XX of its UTF-8 bytes. */
    static String uriEncode(String s, boolean keepSlash) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (keepSlash && c == '/')) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private Mac signingKey(String secret, String date, String region, String service) {
        String cacheKey = secret + '\n' + date + '\n' + region + '\n' + service;
        return signingKeys.computeIfAbsent(cacheKey, k -> {
            if (signingKeys.size() > 10_000) {
                signingKeys.clear();
            }
            byte[] kDate = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
            byte[] kRegion = hmac(kDate, region);
            byte[] kService = hmac(kRegion, service);
            return keyed(hmac(kService, "aws4_request"));
        });
    }

    // Looking up a MessageDigest provider costs more than using one, and every request runs on a new virtual thread,
    // so a thread-local instance would be looked up anew each time: copies of one prototype are cheaper.
    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        // A Mac keyed for this one use: nothing shares it, so there is nothing to copy.
        return keyed(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** HMAC-SHA256 with a Mac from {@link #keyed}, which is left as it was, so threads may share it. */
    static byte[] hmac(Mac keyed, String data) {
        try {
            return ((Mac) keyed.clone()).doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("HmacSHA256 is unusable", e);
        }
    }

    private static Mac keyed(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | java.security.InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unusable", e);
        }
    }

    static byte[] sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] b) {
        try {
            return ((MessageDigest) SHA256.clone()).digest(b);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 is unusable", e);
        }
    }

    /** Visible for the error renderers: is this failure about authentication rather than the request? */
    public static boolean isAuthError(TernException e) {
        return switch (e.code()) {
            case AuthFailure, SignatureDoesNotMatch, IncompleteSignature, RequestExpired -> true;
            default -> false;
        };
    }
}
