package dev.tern.server.fuzz;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static dev.tern.server.testing.TernTestServer.BOB;
import static dev.tern.server.testing.TernTestServer.CAROL;

import dev.tern.server.testing.TernTestServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * Authenticates a request: most are signed properly (in headers or presigned in the query) so that they reach the
 * parsers and the services; the rest in one of the ways authentication can fail.
 */
final class Authentication extends Dice {
    private final int port;
    private final String action;

    Authentication(Dice same, int port, String action) {
        super(same);
        this.port = port;
        this.action = action;
    }

    Wire.Request authenticate(String method, String path, byte[] query, Map<String, String> headers,
            byte[] body) throws Exception {
        int a = clean ? 0 : r.nextInt(100);
        String account = r.nextInt(10) < 8 ? ALICE : r.nextBoolean() ? BOB : CAROL;
        AwsBasicCredentials credentials = AwsBasicCredentials.create(TernTestServer.accessKey(account),
                TernTestServer.secret(account));
        String region = clean || r.nextInt(100) < 90 ? "us-east-1" : pick("us-west-2", "eu-west-1", "mars-north-1", "");
        String service = clean || r.nextInt(100) < 98 ? "ec2" : pick("s3", "foo", "EC2");
        Clock clock = Clock.systemUTC();
        String auth;
        if (a < 80) {
            auth = "signed";
        } else if (a < 83) {
            auth = "presigned";
        } else if (a < 86) {
            auth = "none";
        } else if (a < 89) {
            auth = "bad-signature";
        } else if (a < 91) {
            auth = "wrong-secret";
            credentials = AwsBasicCredentials.create(credentials.accessKeyId(), "not-the-secret");
        } else if (a < 93) {
            auth = "unknown-key";
            credentials = AwsBasicCredentials.create("AKIAUNKNOWNKEY000000", "whatever");
        } else if (a < 95) {
            auth = "garbage-authorization";
        } else if (a < 97) {
            auth = "skewed-clock";
            clock = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(r.nextBoolean() ? 20 : -20));
        } else {
            auth = "bad-x-amz-date";
        }
        note("auth=" + auth + " account=" + account + " region=" + region + " service=" + service);

        Map<String, String> out = new java.util.LinkedHashMap<>();
        byte[] target;
        String queryText = new String(query, StandardCharsets.ISO_8859_1);
        if (auth.equals("none") || auth.equals("garbage-authorization")) {
            out.put("Host", "127.0.0.1:" + port);
            out.putAll(headers);
            if (auth.equals("garbage-authorization")) {
                out.put("Authorization", pick("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ", "Basic dXNlcjpwYXNz", "",
                        "AWS4-HMAC-SHA256 Credential=, SignedHeaders=, Signature=",
                        "AWS4-HMAC-SHA256 Credential=AKIATEST111122223333/20200101/us-east-1/ec2/aws4_request, "
                                + "SignedHeaders=host, Signature=00",
                        "AWS4-HMAC-SHA256 Credential=a/b/c, SignedHeaders=x, Signature=y",
                        "AWS4-HMAC-SHA256 Credential=////, SignedHeaders=;;;, Signature=",
                        "AWS4-HMAC-SHA256 " + garbage(200), "AWS AKIATEST:abc", garbage(50)));
                if (r.nextBoolean()) {
                    out.put("X-Amz-Date", pick("20200101T000000Z", "garbage", "", "2020-01-01T00:00:00Z"));
                }
            }
            target = target(path, query);
        } else {
            // Sign what URI and the SDK accept; corrupted query strings are sent as they are, signed or not.
            boolean queryParsable = printableAscii(query) && parsableUri(path, queryText);
            SdkHttpRequest.Builder b = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                    .uri(URI.create("http://127.0.0.1:" + port + path
                            + (queryParsable && query.length > 0 ? "?" + queryText : "")));
            headers.forEach(b::putHeader);
            SdkHttpRequest unsigned = b.build();
            AwsBasicCredentials id = credentials;
            Clock signingClock = clock;
            boolean presign = auth.equals("presigned");
            SdkHttpRequest signed = AwsV4HttpSigner.create().sign(s -> {
                s.identity(id).request(unsigned).payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region.isEmpty() ? "us-east-1" : region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, signingClock);
                if (presign) {
                    s.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                            .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5));
                }
            }).request();
            for (Map.Entry<String, List<String>> h : signed.headers().entrySet()) {
                out.put(h.getKey(), h.getValue().get(0));
            }
            String sentQuery = queryParsable ? signed.encodedQueryParameters().orElse("") : queryText;
            if (!queryParsable && presign) {
                sentQuery = queryText + "&" + signed.encodedQueryParameters().orElse("");
            }
            if (auth.equals("bad-signature")) {
                String authz = out.get("Authorization");
                if (authz != null) {
                    out.put("Authorization", flipLast(authz));
                } else {
                    sentQuery = sentQuery.replaceAll("(X-Amz-Signature=[0-9a-f]*)[0-9a-f]", "$1z");
                }
            } else if (auth.equals("bad-x-amz-date")) {
                out.put("X-Amz-Date", pick("garbage", "", "20200101T000000Z", "99999999T999999Z", "2020-01-01",
                        "20200101T000000", "\u00e9"));
            }
            target = target(path, sentQuery.getBytes(StandardCharsets.ISO_8859_1));
        }
        return new Wire.Request(0, method, target, out, body, !clean && r.nextInt(40) == 0, notes(),
                action, clean);
    }

    private byte[] target(String path, byte[] query) {
        ByteArrayOutputStream t = new ByteArrayOutputStream();
        t.writeBytes(path.getBytes(StandardCharsets.US_ASCII));
        if (query.length > 0) {
            t.write('?');
            t.writeBytes(query);
        }
        return t.toByteArray();
    }

    private static boolean printableAscii(byte[] b) {
        for (byte x : b) {
            if (x < 0x20) {
                return false;
            }
        }
        return true;
    }

    private static boolean parsableUri(String path, String query) {
        try {
            URI u = URI.create("http://127.0.0.1:1" + path + (query.isEmpty() ? "" : "?" + query));
            return u.getRawQuery() == null || u.getRawQuery().equals(query);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String flipLast(String authorization) {
        char last = authorization.charAt(authorization.length() - 1);
        return authorization.substring(0, authorization.length() - 1) + (last == '0' ? '1' : '0');
    }
}
