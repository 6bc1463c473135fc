package dev.tern.server.http;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.ids.ResourceIds;
import dev.tern.server.wire.Ec2XmlWriter;
import dev.tern.server.wire.JsonCodec;
import dev.tern.server.pipeline.JsonErrors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
    private static final String XML = "text/xml;charset=UTF-8";

    /** The formats of the protocols: which one a refused request gets depends on the route it asked for. */
    enum Format { EC2_XML, REST_JSON, JSON_11 }

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
        Rendered r = render(status, reason, Format.EC2_XML);
        r.headers().forEach(fields::put);
        return ByteBuffer.wrap(r.body());
    }

    /**
     * The route the client asked for: the target as sent when Jetty could not decode it (it then gives a
     * placeholder), else the parsed path. REST-JSON under /snapshots and /outposts; a request naming a KMS
     * operation in X-Amz-Target gets JSON 1.1; everything else, and a request line too broken to name a target,
     * EC2's XML.
     */
    private static Format formatOf(Request request) {
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
            if (path.startsWith("/outposts") || path.startsWith("/snapshots")) {
                return Format.REST_JSON;
            }
        }
        String target = request.getHeaders() == null ? null : request.getHeaders().get("X-Amz-Target");
        return target != null && target.startsWith("TrentService.") ? Format.JSON_11 : Format.EC2_XML;
    }

    private record Rendered(int status, Map<String, String> headers, byte[] body) {}

    private static Rendered render(int status, String reason, Format format) {
        String requestId = ResourceIds.newRequestId();
        // What Jetty refuses while reading a request (a 4xx, or 505 for an HTTP version it does not speak) is the
        // client's fault, so a 4xx; only a failure after that is the server's.
        boolean refusedRequest = (status >= 400 && status < 500) || status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505;
        String detail = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        TernException e = refusedRequest
                ? ErrorCode.InvalidRequest.withMessage("The request could not be read as HTTP: " + detail + ".")
                : ErrorCode.InternalError.exception();
        // Keep Jetty's 4xx status (414, 431, ...): it says precisely what was wrong with the request.
        int httpStatus = refusedRequest && status < 500 ? status : e.code().httpStatus();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amzn-RequestId", requestId);
        if (format == Format.EC2_XML) {
            headers.put(HttpHeader.CONTENT_TYPE.asString(), XML);
            return new Rendered(httpStatus, headers, Ec2XmlWriter.error(e.code().code(), e.getMessage(), requestId)
                    .getBytes(StandardCharsets.UTF_8));
        }
        TernException t = JsonErrors.translate(e);
        var body = JsonCodec.MAPPER.createObjectNode();
        body.put("__type", t.code().code());
        body.put("message", t.getMessage());
        if (format == Format.REST_JSON) {
            headers.put(HttpHeader.CONTENT_TYPE.asString(), "application/json");
            headers.put("x-amzn-ErrorType", t.code().code());
            body.put("Message", t.getMessage());
        } else {
            headers.put(HttpHeader.CONTENT_TYPE.asString(), "application/x-amz-json-1.1");
        }
        return new Rendered(httpStatus, headers, body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
