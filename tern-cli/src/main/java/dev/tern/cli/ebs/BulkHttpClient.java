package dev.tern.cli.ebs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpEntityEnclosingRequestBase;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.SocketConfig;
import org.apache.http.entity.AbstractHttpEntity;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.DefaultRoutePlanner;
import org.apache.http.impl.conn.DefaultSchemePortResolver;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;
import org.apache.http.protocol.HttpContext;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.apache.ProxyConfiguration;

/**
 * The SDK's HTTP client for {@code tern ebs}: Apache HttpClient 4, as the SDK's own apache-client uses it, but with
 * request bodies written in large pieces.
 * <p>
 * Why not apache-client itself: it copies every body through a 4 KiB buffer into an 8 KiB socket buffer with
 * TCP_NODELAY, so a 512 KiB block leaves in 64 small writes, each a system call here and a wake-up at the server.
 * On a loopback or fast link that costs more CPU than hashing the block. This client reads the body into a
 * reusable 256 KiB buffer per thread and hands it to the socket in one write. Everything else (pooling, timeouts,
 * TLS with the JVM's trust store, the proxy settings, no retries or redirects of its own, since the SDK decides
 * those) is as there.
 */
final class BulkHttpClient implements SdkHttpClient {
    private static final int CHUNK = 256 * 1024;
    /** Headers HttpClient writes itself from the entity and the target; the SDK's copies would be refused. */
    private static final Set<String> OWN_HEADERS = Set.of("content-length", "transfer-encoding", "host");
    private static final ThreadLocal<byte[]> CHUNKS = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient http;

    /**
     * @param proxy where requests go through, as apache-client takes it: {@code ProxyConfiguration.builder().build()}
     *              reads HTTP_PROXY / NO_PROXY and the JVM's http.proxyHost properties, like the SDK's default
     */
    BulkHttpClient(int maxConnections, Duration connectTimeout, Duration socketTimeout, Duration acquireTimeout,
            ProxyConfiguration proxy) {
        connections = new PoolingHttpClientConnectionManager(5, TimeUnit.MINUTES);
        connections.setMaxTotal(maxConnections);
        connections.setDefaultMaxPerRoute(maxConnections);
        connections.setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoKeepAlive(true)
                .setSoTimeout((int) socketTimeout.toMillis()).build());
        // Response headers and small bodies are read through this buffer; large reads bypass it.
        connections.setDefaultConnectionConfig(ConnectionConfig.custom().setBufferSize(64 * 1024).build());
        connections.setValidateAfterInactivity(2000);
        HttpClientBuilder builder = HttpClients.custom();
        if (proxy.host() != null) {
            useProxy(builder, proxy);
        }
        http = builder
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        .setSocketTimeout((int) socketTimeout.toMillis())
                        .setConnectionRequestTimeout((int) acquireTimeout.toMillis())
                        .setExpectContinueEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    /** Every request through the proxy but those to hosts its non-proxy patterns (regular expressions) match. */
    private static void useProxy(HttpClientBuilder builder, ProxyConfiguration proxy) {
        HttpHost via = new HttpHost(proxy.host(), proxy.port(), proxy.scheme());
        builder.setRoutePlanner(new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
            @Override
            protected HttpHost determineProxy(HttpHost target, HttpRequest request, HttpContext context) {
                String host = target.getHostName().toLowerCase(Locale.ROOT);
                return proxy.nonProxyHosts().stream().anyMatch(host::matches) ? null : via;
            }
        });
        if (proxy.username() != null) {
            BasicCredentialsProvider credentials = new BasicCredentialsProvider();
            credentials.setCredentials(new AuthScope(via),
                    new UsernamePasswordCredentials(proxy.username(), proxy.password()));
            builder.setDefaultCredentialsProvider(credentials);
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        SdkHttpRequest sdk = request.httpRequest();
        String method = sdk.method().name();
        // Only a request with a body is entity-enclosing: HttpClient would add "Content-Length: 0" to the others.
        HttpRequestBase apache = request.contentStreamProvider().isPresent()
                ? new HttpEntityEnclosingRequestBase() {
                    @Override
                    public String getMethod() {
                        return method;
                    }
                }
                : new HttpRequestBase() {
                    @Override
                    public String getMethod() {
                        return method;
                    }
                };
        apache.setURI(sdk.getUri());
        sdk.forEachHeader((name, values) -> {
            if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> apache.addHeader(name, value));
            }
        });
        request.contentStreamProvider().ifPresent(body -> ((HttpEntityEnclosingRequestBase) apache).setEntity(
                new BodyEntity(body, sdk.firstMatchingHeader("Content-Length").map(Long::parseLong).orElse(-1L))));
        return new Call(apache);
    }

    @Override
    public String clientName() {
        return "TernBulk";
    }

    @Override
    public void close() {
        try {
            http.close();
        } catch (IOException e) {
            // Closing only frees sockets; nothing is lost if one fails to close.
        }
        connections.close();
    }

    private final class Call implements ExecutableHttpRequest {
        private final HttpRequestBase request;

        Call(HttpRequestBase request) {
            this.request = request;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            CloseableHttpResponse response = http.execute(request);
            SdkHttpResponse.Builder head = SdkHttpResponse.builder()
                    .statusCode(response.getStatusLine().getStatusCode())
                    .statusText(response.getStatusLine().getReasonPhrase());
            for (Header header : response.getAllHeaders()) {
                head.appendHeader(header.getName(), header.getValue());
            }
            return HttpExecuteResponse.builder().response(head.build()).responseBody(body(response)).build();
        }

        private AbortableInputStream body(HttpResponse response) throws IOException {
            HttpEntity entity = response.getEntity();
            if (entity == null) {
                return null;
            }
            return AbortableInputStream.create(entity.getContent(), request::abort);
        }

        @Override
        public void abort() {
            request.abort();
        }
    }

    /** A request body read from the SDK's stream in large pieces; repeatable, since the provider makes new streams. */
    private static final class BodyEntity extends AbstractHttpEntity {
        private final ContentStreamProvider body;
        private final long length;

        BodyEntity(ContentStreamProvider body, long length) {
            this.body = body;
            this.length = length;
            setChunked(length < 0);
        }

        @Override
        public boolean isRepeatable() {
            return true;
        }

        @Override
        public long getContentLength() {
            return length;
        }

        @Override
        public InputStream getContent() {
            return body.newStream();
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            byte[] chunk = CHUNKS.get();
            try (InputStream in = body.newStream()) {
                int n;
                while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                    out.write(chunk, 0, n);
                }
            }
        }

        @Override
        public boolean isStreaming() {
            return false;
        }
    }
}
