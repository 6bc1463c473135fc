package dev.tern.server.testing;


import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * Hand-built requests signed by the SDK's own SigV4 signer: for what the typed clients refuse to send
 * (unknown actions and parameters, malformed values, skewed clocks, wrong secrets).
 */
public final class RawClient {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final URI endpoint;
    private final String region;
    private final String service;
    private final AwsBasicCredentials credentials;
    private Clock clock = Clock.systemUTC();

    public RawClient(URI endpoint, String account, String region, String service) {
        this(endpoint, AwsBasicCredentials.create(TernTestServer.accessKey(account), TernTestServer.secret(account)),
                region, service);
    }

    public RawClient(URI endpoint, AwsBasicCredentials credentials, String region, String service) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.region = region;
        this.service = service;
    }

    public RawClient withClock(Clock c) {
        this.clock = c;
        return this;
    }

    public Response post(String formBody) throws Exception {
        return send("POST", "/", null, Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), formBody, false);
    }

    public Response get(String query) throws Exception {
        return send("GET", "/", query, Map.of(), "", false);
    }

    public Response presignedGet(String query) throws Exception {
        return send("GET", "/", query, Map.of(), "", true);
    }

    public Response send(String method, String path, String query, Map<String, String> headers, String body,
            boolean presign) throws Exception {
        return sendSigned(sign(method, path, query, headers, body, presign ? Duration.ofMinutes(5) : null, false), body);
    }

    /**
     * The request signed as the SDK signs it, not sent, so a test can change it afterwards.
     *
     * @param presignFor null for the Authorization header; else a presigned URL valid this long
     * @param unsignedPayload sign {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} instead of the body's hash, as
     *     the SDK does for EBS PutSnapshotBlock over TLS (the scheme is not signed, so it signs as if over https)
     */
    public SdkHttpRequest sign(String method, String path, String query, Map<String, String> headers, String body,
            Duration presignFor, boolean unsignedPayload) {
        SdkHttpRequest.Builder b = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .uri(URI.create(endpoint + path + (query == null ? "" : "?" + query)));
        headers.forEach(b::putHeader);
        SdkHttpRequest unsigned = b.build();
        SdkHttpRequest toSign = unsignedPayload ? unsigned.toBuilder().protocol("https").port(unsigned.port()).build()
                : unsigned;
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
            r.identity(credentials)
                    .request(toSign)
                    .payload(ContentStreamProvider.fromUtf8String(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock);
            if (unsignedPayload) {
                r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
            }
            if (presignFor != null) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                        .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, presignFor);
            }
        });
        return unsignedPayload ? signed.request().toBuilder().protocol("http").port(unsigned.port()).build()
                : signed.request();
    }

    /** Sends a request as it is, signed or not. */
    public static Response sendSigned(SdkHttpRequest request, String body) throws Exception {
        HttpRequest.Builder hb = HttpRequest.newBuilder(request.getUri()).timeout(Duration.ofSeconds(30))
                .method(request.method().name(), body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
            if (!RESTRICTED.contains(h.getKey().toLowerCase())) {
                for (String v : h.getValue()) {
                    hb.header(h.getKey(), v);
                }
            }
        }
        HttpResponse<String> r = HTTP.send(hb.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body(), r.headers().map());
    }

    /** A raw answer, with the assertions the protocol tests make. */
    public record Response(int status, String body, Map<String, List<String>> headers) {
        private static final Pattern CODE = Pattern.compile("<Code>([^<]*)</Code>");
        private static final Pattern MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

        public String errorCode() {
            Matcher m = CODE.matcher(body);
            return m.find() ? m.group(1) : null;
        }

        public String errorMessage() {
            Matcher m = MESSAGE.matcher(body);
            return m.find() ? m.group(1) : null;
        }

        public Response expectStatus(int expected) {
            assertThat(status).as("status of %s", body).isEqualTo(expected);
            return this;
        }

        /** An EC2 error document with this status and code, and a request id. */
        public Response expectError(int expectedStatus, String expectedCode) {
            expectStatus(expectedStatus);
            assertThat(errorCode()).as("code in %s", body).isEqualTo(expectedCode);
            assertThat(body).contains("<Response><Errors><Error>").containsPattern("<RequestID>[0-9a-f-]{36}</RequestID>");
            return this;
        }

        public Response messageContains(String text) {
            assertThat(errorMessage()).contains(text);
            return this;
        }
    }
}
