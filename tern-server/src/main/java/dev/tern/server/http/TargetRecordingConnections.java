package dev.tern.server.http;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.internal.HttpConnection;

/**
 * HTTP/1.1 connections that remember the request target as the client sent it. When Jetty refuses a target it
 * cannot decode ({@code %00}, {@code %zz}), it drops it and hands its error handler a placeholder; the target
 * kept here still says which protocol's route was asked for, so the error is written in that protocol's format.
 */
final class TargetRecordingConnections extends HttpConnectionFactory {
    TargetRecordingConnections(HttpConfiguration config) {
        super(config);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        // What HttpConnectionFactory itself does, with the connection below.
        Recording connection = new Recording(getHttpConfiguration(), connector, endPoint);
        connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
        return configure(connection, connector, endPoint);
    }

    /** The raw target of the request a connection is reading now, or null when its request line was unreadable. */
    static String rawTarget(Connection connection) {
        return connection instanceof Recording r ? r.target : null;
    }

    private static final class Recording extends HttpConnection {
        private volatile String target;

        Recording(HttpConfiguration config, Connector connector, EndPoint endPoint) {
            super(config, connector, endPoint);
        }

        @Override
        protected RequestHandler newRequestHandler() {
            return new Targets();
        }

        private final class Targets extends RequestHandler {
            @Override
            public void messageBegin() {
                target = null;
                super.messageBegin();
            }

            @Override
            public void startRequest(String method, String uri, HttpVersion version) {
                target = uri;
                super.startRequest(method, uri, version);
            }
        }
    }
}
