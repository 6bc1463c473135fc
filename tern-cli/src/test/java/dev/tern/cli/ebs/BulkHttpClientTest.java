package dev.tern.cli.ebs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ProxyConfiguration;

/** BulkHttpClient against the JDK's own HTTP server: what goes over the wire and what comes back to the SDK. */
class BulkHttpClientTest {
    /** Whatever proxy this machine's environment names, these tests talk to their own servers directly. */
    private static final ProxyConfiguration NO_PROXY = ProxyConfiguration.builder().useSystemPropertyValues(false)
            .useEnvironmentVariableValues(false).build();

    private HttpServer server;
    private BulkHttpClient client;
    private final Map<String, Received> received = new ConcurrentHashMap<>();

    record Received(String method, Map<String, List<String>> headers, byte[] body) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
        client = new BulkHttpClient(4, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), NO_PROXY);
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        String path = exchange.getRequestURI().getPath();
        received.put(path, new Received(exchange.getRequestMethod(), Map.copyOf(exchange.getRequestHeaders()), body));
        exchange.getResponseHeaders().add("x-amz-Checksum", "abc");
        if (path.equals("/empty")) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            byte[] answer = ("{\"got\":" + body.length + "}").getBytes();
            exchange.sendResponseHeaders(path.equals("/missing") ? 404 : 200, answer.length);
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    private HttpExecuteResponse send(SdkHttpMethod method, String path, byte[] body) throws IOException {
        return send(client, "127.0.0.1:" + server.getAddress().getPort(), method, path, body);
    }

    private static HttpExecuteResponse send(BulkHttpClient client, String hostPort, SdkHttpMethod method, String path,
            byte[] body) throws IOException {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(method)
                .uri(URI.create("http://" + hostPort + path))
                .putHeader("Host", hostPort)
                .putHeader("X-Amz-Date", "20261122T000000Z");
        HttpExecuteRequest.Builder execute = HttpExecuteRequest.builder();
        if (body != null) {
            request.putHeader("Content-Length", Integer.toString(body.length));
            execute.contentStreamProvider(() -> new ByteArrayInputStream(body));
        }
        return client.prepareRequest(execute.request(request.build()).build()).call();
    }

    @Test
    void aLargeBodyArrivesWholeWithOneContentLength() throws IOException {
        byte[] block = new byte[512 * 1024 + 28];
        new Random(3).nextBytes(block);

        HttpExecuteResponse response = send(SdkHttpMethod.PUT, "/block", block);

        Received got = received.get("/block");
        assertThat(got.method()).isEqualTo("PUT");
        assertThat(got.body()).isEqualTo(block);
        assertThat(got.headers().get("Content-length")).containsExactly(Integer.toString(block.length));
        assertThat(got.headers().get("Host")).hasSize(1);
        assertThat(got.headers().get("X-amz-date")).containsExactly("20261122T000000Z");
        assertThat(response.httpResponse().statusCode()).isEqualTo(200);
        assertThat(response.httpResponse().firstMatchingHeader("x-amz-checksum")).hasValue("abc");
        String answer = new String(response.responseBody().orElseThrow().readAllBytes());
        assertThat(answer).isEqualTo("{\"got\":" + block.length + "}");
    }

    @Test
    void aRequestWithoutBodySendsNoContentLength() throws IOException {
        HttpExecuteResponse response = send(SdkHttpMethod.GET, "/list", null);

        assertThat(received.get("/list").method()).isEqualTo("GET");
        assertThat(received.get("/list").headers()).doesNotContainKey("Content-length");
        assertThat(new String(response.responseBody().orElseThrow().readAllBytes())).isEqualTo("{\"got\":0}");
    }

    @Test
    void aProxyCarriesEveryRequestButThoseToItsNonProxyHosts() throws IOException {
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, String> proxied = new ConcurrentHashMap<>();
        proxy.createContext("/", exchange -> {
            // A proxy is sent the absolute URI of the target; this one answers itself instead of forwarding.
            proxied.put(exchange.getRequestURI().getPath(), exchange.getRequestURI().toString());
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        proxy.start();
        try (BulkHttpClient viaProxy = new BulkHttpClient(4, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5), ProxyConfiguration.builder().useSystemPropertyValues(false)
                        .useEnvironmentVariableValues(false)
                        .endpoint(URI.create("http://127.0.0.1:" + proxy.getAddress().getPort()))
                        .addNonProxyHost("127\\.0\\.0\\.1").build())) {
            send(viaProxy, "ebs.us-east-1.example.invalid", SdkHttpMethod.PUT, "/far", new byte[] {1, 2});
            send(viaProxy, "127.0.0.1:" + server.getAddress().getPort(), SdkHttpMethod.PUT, "/near", new byte[] {3});
        } finally {
            proxy.stop(0);
        }
        assertThat(proxied).containsOnlyKeys("/far");
        assertThat(proxied.get("/far")).isEqualTo("http://ebs.us-east-1.example.invalid/far");
        assertThat(received).containsOnlyKeys("/near");
    }

    @Test
    void errorsAndEmptyAnswersReachTheSdkAsTheyCame() throws IOException {
        assertThat(send(SdkHttpMethod.GET, "/missing", null).httpResponse().statusCode()).isEqualTo(404);

        HttpExecuteResponse empty = send(SdkHttpMethod.POST, "/empty", new byte[0]);
        assertThat(empty.httpResponse().statusCode()).isEqualTo(204);
        assertThat(empty.responseBody()).isEmpty();
    }
}
