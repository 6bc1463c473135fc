package dev.tern.server.http;

import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;

import dev.tern.account.CallContext;
import dev.tern.config.Region;
import dev.tern.config.Regions;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.ids.ResourceIds;
import dev.tern.server.auth.Authenticated;
import dev.tern.server.auth.SigV4Verifier;
import dev.tern.server.pipeline.ProtocolAdapter;
import java.nio.ByteBuffer;
import java.util.List;
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
 * The one HTTP entry point: reads the request, authenticates it (SigV4 → account, Region, service), hands it
 * to the protocol adapter of the signing service, and writes what the adapter answers. Anything unexpected
 * becomes the protocol's internal error, logged, never a bare stack trace.
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

    private final SigV4Verifier verifier;
    private final Regions regions;
    private final List<ProtocolAdapter> adapters;
    private final ProtocolAdapter fallback;
    private volatile boolean ready;
    private volatile java.util.function.Supplier<String> metrics = () -> "";

    /** @param adapters in order of preference for unsigned requests; the last one is the fallback */
    public TernHandler(SigV4Verifier verifier, Regions regions, List<ProtocolAdapter> adapters) {
        this.verifier = verifier;
        this.regions = regions;
        this.adapters = List.copyOf(adapters);
        this.fallback = adapters.get(adapters.size() - 1);
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
            write(response, callback, guess(api).error(api, ErrorCode.InvalidRequest.withMessage(
                    "The request body is larger than " + MAX_BODY_BYTES + " bytes.")));
            return true;
        }
        byte[] body;
        try {
            // Straight into one array: an EBS block is 512 KiB, and a ByteBuffer first would copy each one twice.
            body = Content.Source.asByteArrayAsync(request, MAX_BODY_BYTES).get();
        } catch (ExecutionException | CancellationException e) {
            ApiRequest api = toApiRequest(request, new byte[0]);
            write(response, callback, guess(api).error(api, ErrorCode.InvalidRequest.withMessage(
                    "The request body could not be read: it is too large or was cut short.")));
            return true;
        }
        try {
            write(response, callback, dispatch(toApiRequest(request, body)));
        } catch (Throwable t) {
            // Even an Error must finish the exchange, or the client would wait for ever.
            LOG.error("request failed before an answer could be written", t);
            callback.failed(t);
        }
        return true;
    }

    ApiResponse dispatch(ApiRequest api) {
        ProtocolAdapter adapter = guess(api);
        try {
            Authenticated auth = verifier.verify(api.signed(), service -> adapterFor(service, api).acceptsUnsignedPayload(api));
            adapter = adapterFor(auth.service(), api);
            Region region = regions.get(auth.region());
            if (region == null) {
                throw ErrorCode.AuthFailure.withMessage("Credential should be scoped to a valid region, not '"
                        + auth.region() + "'.");
            }
            return adapter.handle(api, new CallContext(auth.account(), region, api.requestId()));
        } catch (TernException e) {
            return adapter.error(api, e);
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("request {} failed unexpectedly: {} {}", api.requestId(), api.method(), api.rawPath(), e);
            return adapter.error(api, ErrorCode.InternalError.exception());
        }
    }

    private ProtocolAdapter adapterFor(String service, ApiRequest api) {
        for (ProtocolAdapter a : adapters) {
            if (a.signingService().equals(service)) {
                return a;
            }
        }
        throw ErrorCode.AuthFailure.withMessage("Credential should be scoped to a valid service, not '" + service + "'.");
    }

    private ProtocolAdapter guess(ApiRequest api) {
        for (ProtocolAdapter a : adapters) {
            if (a.looksLike(api)) {
                return a;
            }
        }
        return fallback;
    }

    private static ApiRequest toApiRequest(Request request, byte[] body) {
        HttpFields headers = request.getHeaders();
        var uri = request.getHttpURI();
        // The signature covers the path exactly as the client sent it, escapes included: Jetty's getPath() is that.
        String rawPath = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        return new ApiRequest(request.getMethod(), rawPath, uri.getQuery(), headers::getValuesList,
                headers.getFieldNamesCollection(), body,
                ResourceIds.newRequestId());
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
