package dev.tern.server.http;

import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;

import dev.tern.error.ErrorCode;
import dev.tern.ids.ResourceIds;
import dev.tern.server.pipeline.Pipeline;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP entry point: health and metrics, then reads the request whole and hands it to the {@link Pipeline},
 * and writes what it answers.
 *
 * <p>It blocks (reading the body, services waiting on the catalogue), so Jetty runs each request on a virtual
 * thread of its own (see {@link TernServer}), from the first byte of the body to the last of the answer.
 */
public final class TernHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(TernHandler.class);
    /** The largest body Tern reads: a 512 KiB EBS block plus headroom; Query and JSON requests are far smaller. */
    public static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
    public static final String HEALTH_PATH = "/_tern/health";
    /** Metrics in the Prometheus text format; unsigned, like health, for a scraper on the operator's network. */
    public static final String METRICS_PATH = "/_tern/metrics";

    private final Pipeline pipeline;
    private volatile boolean ready;
    private volatile java.util.function.Supplier<String> metrics = () -> "";

    public TernHandler(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public void setMetrics(java.util.function.Supplier<String> metrics) {
        this.metrics = metrics;
    }

    public void setReady(boolean ready) {
        this.ready = ready;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws InterruptedException {
        String path = request.getHttpURI().getPath();
        if (HEALTH_PATH.equals(path)) {
            write(response, callback, ready ? ApiResponse.text(200, "text/plain", "ok\n")
                    : ApiResponse.text(503, "text/plain", "starting\n"));
            return true;
        }
        if (METRICS_PATH.equals(path)) {
            write(response, callback, ApiResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
            return true;
        }
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            ApiRequest api = toApiRequest(request, new byte[0]);
            write(response, callback, pipeline.error(api, Pipeline.guess(api), ErrorCode.InvalidRequest.withMessage(
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes.")));
            return true;
        }
        byte[] body;
        try {
            // Straight into one array: an EBS block is 512 KiB, and a ByteBuffer first would copy each one twice.
            body = Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).get();
        } catch (ExecutionException | CancellationException e) {
            ApiRequest api = toApiRequest(request, new byte[0]);
            write(response, callback, pipeline.error(api, Pipeline.guess(api), ErrorCode.InvalidRequest.withMessage(
                    "The request body could not be read: it is too large or was cut short.")));
            return true;
        }
        try {
            write(response, callback, pipeline.run(toApiRequest(request, body)));
        } catch (Throwable t) {
            // Even an Error must finish the exchange, or the client would wait for ever.
            LOG.error("request failed before an answer could be written", t);
            callback.failed(t);
        }
        return true;
    }

    private static ApiRequest toApiRequest(Request request, byte[] body) {
        HttpFields headers = request.getHeaders();
        var uri = request.getHttpURI();
        // The signature covers the path exactly as the client sent it, escapes included: Jetty's getPath() is that.
        String rawPath = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        return new ApiRequest(request.getMethod(), rawPath, uri.getQuery(), headers::getValuesList,
                headers.getFieldNamesCollection(), body, ResourceIds.newRequestId(), Request.getRemoteAddr(request));
    }

    private static void write(Response response, Callback callback, ApiResponse api) {
        response.setStatus(api.status());
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, api.contentType());
        h.put(HttpHeader.SERVER, "Tern");
        for (Map.Entry<String, String> e : api.headers().entrySet()) {
            h.put(new HttpField(e.getKey(), e.getValue()));
        }
        h.put(HttpHeader.CONTENT_LENGTH, api.body().length);
        response.write(true, ByteBuffer.wrap(api.body()), callback);
    }
}
