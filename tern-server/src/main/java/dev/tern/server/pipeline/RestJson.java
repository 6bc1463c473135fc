package dev.tern.server.pipeline;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;
import dev.tern.server.wire.JsonCodec;
import dev.tern.server.wire.RestBinding;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;

/**
 * REST-JSON (EBS direct, Outposts): the operation is its route; members come from the path, query string, headers
 * and JSON body as the model binds them. Errors carry the code in {@code x-amzn-ErrorType} and the body, the
 * message as {@code Message}, and the reason, when the error has one, as {@code Reason} (EBS's error shapes).
 */
final class RestJson implements WireProtocol {
    private final OperationCatalog catalog;

    RestJson(OperationCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Call read(ApiRequest request, Service service) {
        OperationCatalog.RouteMatch m = catalog.route(service, request.method(), request.path());
        if (m == null) {
            throw ErrorCode.UnknownOperationException.withMessage("No " + service.signingName() + " operation at "
                    + request.method() + " " + request.path());
        }
        Object typed = RestBinding.bind((SdkPojo) m.operation().newRequest().get(), request, m.pathParams());
        return new Call(m.operation(), typed);
    }

    @Override
    public ApiResponse write(Call call, Object result, String requestId) {
        int status = call.operation().successStatus();
        if (result instanceof RawResult raw) {
            Map<String, String> headers = new LinkedHashMap<>(RestBinding.responseHeaders(raw.response()));
            headers.put("x-amzn-RequestId", requestId);
            return new ApiResponse(status, "application/octet-stream", headers, raw.data());
        }
        Map<String, String> headers = new LinkedHashMap<>(RestBinding.responseHeaders((SdkPojo) result));
        headers.put("x-amzn-RequestId", requestId);
        return ApiResponse.text(status, "application/json", headers, JsonCodec.write((SdkPojo) result).toString());
    }

    @Override
    public ApiResponse error(ApiRequest request, Service service, TernException e) {
        var body = JsonCodec.MAPPER.createObjectNode();
        body.put("__type", e.code().code());
        body.put("Message", e.getMessage());
        body.put("message", e.getMessage());
        if (e.reason() != null) {
            body.put("Reason", e.reason());
        }
        return ApiResponse.text(e.code().httpStatus(), "application/json",
                Map.of("x-amzn-RequestId", request.requestId(), "x-amzn-ErrorType", e.code().code()), body.toString());
    }
}
