package dev.tern.server.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;
import dev.tern.server.wire.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;

/**
 * The JSON 1.1 protocol of KMS: {@code POST /} with {@code X-Amz-Target: TrentService.OPERATION} and a JSON body,
 * answered with JSON; errors as {@code {"__type": CODE, "message": ...}}.
 */
final class AwsJson implements WireProtocol {
    static final String KMS_TARGET_PREFIX = "TrentService.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private final OperationCatalog catalog;

    AwsJson(OperationCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Call read(ApiRequest request, Service service) {
        String target = request.firstHeader("X-Amz-Target");
        if (!"POST".equals(request.method()) || target == null || !target.startsWith(KMS_TARGET_PREFIX)) {
            throw ErrorCode.UnknownOperationException.withMessage("KMS operations are POST / with an X-Amz-Target of "
                    + KMS_TARGET_PREFIX + "OPERATION.");
        }
        Operation op = catalog.get(service, target.substring(KMS_TARGET_PREFIX.length()));
        if (op == null) {
            throw ErrorCode.UnknownOperationException.withMessage("The operation " + target + " is not supported.");
        }
        return new Call(op, JsonCodec.readNew((SdkPojo) op.newRequest().get(), body(request)));
    }

    @Override
    public ApiResponse write(Call call, Object result, String requestId) {
        return ApiResponse.text(call.operation().successStatus(), CONTENT_TYPE, Map.of("x-amzn-RequestId", requestId),
                JsonCodec.write((SdkPojo) result).toString());
    }

    @Override
    public ApiResponse error(ApiRequest request, Service service, TernException e) {
        var body = JsonCodec.MAPPER.createObjectNode();
        body.put("__type", e.code().code());
        body.put("message", e.getMessage());
        return ApiResponse.text(e.code().httpStatus(), CONTENT_TYPE, Map.of("x-amzn-RequestId", request.requestId()),
                body.toString());
    }

    private static JsonNode body(ApiRequest request) {
        if (request.body().length == 0) {
            return JsonCodec.MAPPER.createObjectNode();
        }
        try {
            return JsonCodec.MAPPER.readTree(new String(request.body(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw ErrorCode.SerializationException.withMessage("The request body is not valid JSON.");
        }
    }
}
