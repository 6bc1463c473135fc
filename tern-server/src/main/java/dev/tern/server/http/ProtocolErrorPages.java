package dev.tern.server.http;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.ids.ResourceIds;
import dev.tern.server.pipeline.Pipeline;
import dev.tern.server.pipeline.Service;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;
import java.util.List;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers itself, for requests it rejects before {@link TernHandler} sees them (an ambiguous or
 * too-long URI, too-large headers, a malformed request line): an AWS error document instead of Jetty's HTML
 * page, so clients parse it like any other error, in the format of the protocol whose route was asked for
 * ({@link #formatOf}), and never a 5xx for a request that was the client's fault.
 */
final class ProtocolErrorPages extends ErrorHandler {

    private final Pipeline pipeline;

    ProtocolErrorPages(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String message = request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : null;
        Rendered r = render(status, message, formatOf(request));
        response.setStatus(r.status());
        r.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(r.body()), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        Rendered r = render(status, reason, Service.EC2);
        r.headers().forEach(fields::put);
        return ByteBuffer.wrap(r.body());
    }

    /**
     * The route the client asked for: the target as sent when Jetty could not decode it (it then gives a
     * placeholder), else the parsed path. REST-JSON under /snapshots and /outposts; a request naming a KMS
     * operation in X-Amz-Target gets JSON 1.1; everything else, and a request line too broken to name a target,
     * EC2's XML.
     */
    private static Service formatOf(Request request) {
        String raw = request.getConnectionMetaData() == null ? null
                : TargetRecordingConnections.rawTarget(request.getConnectionMetaData().getConnection());
        String path = raw != null ? raw : request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        if (path != null) {
            // An absolute-form target (http://host/path) names its route after the authority.
            int scheme = path.indexOf("://");
            if (scheme > 0 && scheme < 8) {
                int slash = path.indexOf('/', scheme + 3);
                path = slash < 0 ? "/" : path.substring(slash);
            }
            if (path.startsWith("/outposts")) {
                return Service.OUTPOSTS;
            }
            if (path.startsWith("/snapshots")) {
                return Service.EBS;
            }
        }
        String target = request.getHeaders() == null ? null : request.getHeaders().get("X-Amz-Target");
        return target != null && target.startsWith("TrentService.") ? Service.KMS : Service.EC2;
    }

    private record Rendered(int status, Map<String, String> headers, byte[] body) {}

    private Rendered render(int status, String reason, Service service) {
        String requestId = ResourceIds.newRequestId();
        // What Jetty refuses while reading a request (a 4xx, or 505 for an HTTP version it does not speak) is the
        // client's fault, so a 4xx; only a failure after that is the server's.
        boolean refusedRequest = (status >= 400 && status < 500) || status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505;
        String detail = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        TernException e = refusedRequest
                ? ErrorCode.InvalidRequest.withMessage("The request could not be read as HTTP: " + detail + ".")
                : ErrorCode.InternalError.exception();
        ApiRequest placeholder = new ApiRequest("GET", "/", null, name -> List.of(), List.of(), new byte[0], requestId, null);
        ApiResponse r = pipeline.error(placeholder, service, e);
        // Keep Jetty's 4xx status (414, 431, ...): it says precisely what was wrong with the request.
        int httpStatus = refusedRequest && status < 500 ? status : r.status();
        Map<String, String> headers = new LinkedHashMap<>(r.headers());
        headers.put(HttpHeader.CONTENT_TYPE.asString(), r.contentType());
        return new Rendered(httpStatus, headers, r.body());
    }
}
