package dev.tern.server.http;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.ids.ResourceIds;
import dev.tern.server.protocol.Ec2XmlWriter;
import dev.tern.server.protocol.JsonCodec;
import dev.tern.server.protocol.JsonErrors;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * page, so clients parse it like any other error. REST-JSON paths (Outposts, EBS) get the JSON form, everything
 * else EC2 XML.
 */
final class ProtocolErrorPages extends ErrorHandler {
    private static final String XML = "text/xml;charset=UTF-8";

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        String message = request.getAttribute(ERROR_MESSAGE) instanceof String m ? m : null;
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        Rendered r = render(status, message, path != null && (path.startsWith("/outposts") || path.startsWith("/snapshots")));
        response.setStatus(r.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, r.contentType());
        response.getHeaders().put("x-amzn-RequestId", r.requestId());
        response.write(true, ByteBuffer.wrap(r.body()), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        Rendered r = render(status, reason, false);
        fields.put(HttpHeader.CONTENT_TYPE, r.contentType());
        fields.put("x-amzn-RequestId", r.requestId());
        return ByteBuffer.wrap(r.body());
    }

    private record Rendered(int status, String contentType, String requestId, byte[] body) {}

    private static Rendered render(int status, String reason, boolean json) {
        String requestId = ResourceIds.newRequestId();
        boolean server = status >= 500 || status < 400;
        String detail = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        TernException e = server ? ErrorCode.InternalError.exception()
                : ErrorCode.InvalidRequest.withMessage("The request could not be read as HTTP: " + detail + ".");
        // Keep Jetty's 4xx status (414, 431, ...): it says precisely what was wrong with the request.
        int httpStatus = server ? e.code().httpStatus() : status;
        if (json) {
            TernException t = JsonErrors.translate(e);
            var body = JsonCodec.MAPPER.createObjectNode();
            body.put("__type", t.code().code());
            body.put("message", t.getMessage());
            return new Rendered(httpStatus, "application/json", requestId, body.toString().getBytes(StandardCharsets.UTF_8));
        }
        String xml = Ec2XmlWriter.error(e.code().code(), e.getMessage(), requestId);
        return new Rendered(httpStatus, XML, requestId, xml.getBytes(StandardCharsets.UTF_8));
    }
}
