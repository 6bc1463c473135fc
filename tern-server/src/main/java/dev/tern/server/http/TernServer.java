package dev.tern.server.http;

import dev.tern.config.TernConfig.TlsConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/** The Jetty server: binds before it starts, so callers learn the real port even for port 0. */
public final class TernServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final boolean tls;

    static final long STOP_TIMEOUT_MILLIS = 5_000;

    public TernServer(String host, int port, TlsConfig tlsConfig, Path configDir, TernHandler handler) {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("tern-http");
        // The handler blocks, so Jetty gives each request a virtual thread that reads, serves and answers it: no
        // hand-over between Jetty's threads and another executor, which cost more CPU than the request itself.
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        // EBS-direct requests carry long x-amz-* header sets; the default 8 KiB is tight with big tag lists.
        http.setRequestHeaderSize(64 * 1024);
        // SigV4 signs header values byte for byte; Jetty's header cache would hand back "charset=UTF-8" for "utf-8".
        http.setHeaderCacheCaseSensitive(true);
        tls = tlsConfig != null;
        if (tls) {
            http.addCustomizer(new SecureRequestCustomizer(false));
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStore(PemKeyStore.load(configDir.resolve(tlsConfig.certificate()), configDir.resolve(tlsConfig.privateKey())));
            ssl.setKeyStorePassword(PemKeyStore.PASSWORD);
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"), httpConnections(http));
        } else {
            connector = new ServerConnector(server, httpConnections(http));
        }
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(120_000);
        server.addConnector(connector);
        server.setHandler(handler);
        // Requests Jetty itself rejects (bad URI, oversized headers) get an AWS error document, not an HTML page.
        server.setErrorHandler(new ProtocolErrorPages(handler.pipeline()));
        // In-flight requests get this long to finish on stop; past it the connections are closed regardless.
        server.setStopTimeout(STOP_TIMEOUT_MILLIS);
    }

    private static HttpConnectionFactory httpConnections(HttpConfiguration http) {
        HttpConnectionFactory factory = new TargetRecordingConnections(http);
        // An EBS block is 512 KiB: read in 8 KiB pieces (the default) it is 64 reads and 64 chunks to gather. 64 KiB
        // is the largest buffer Jetty's pool keeps by default; a larger one would be allocated afresh for every read.
        factory.setInputBufferSize(64 * 1024);
        return factory;
    }

    public void start() throws Exception {
        connector.open();
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return connector.getHost();
    }

    public String url() {
        String h = host();
        if (h.contains(":")) {
            h = "[" + h + "]";
        }
        return (tls ? "https" : "http") + "://" + h + ":" + port();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(host(), port());
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } catch (Exception e) {
            // A graceful stop that ran out of time reports it, yet the server is stopped: nothing is left to do.
            if (!server.isStopped()) {
                throw e;
            }
        }
    }
}
