package dev.tern.server.kms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tern.account.CallContext;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;
import dev.tern.server.wire.JsonCodec;
import dev.tern.server.pipeline.JsonErrors;
import dev.tern.server.pipeline.ProtocolAdapter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;

/**
 * KMS's JSON 1.1 protocol (aws-behaviour.md §5): {@code POST /} with {@code X-Amz-Target: TrentService.OPERATION}
 * and a JSON body, answered with JSON; errors as {@code {"__type": CODE, "message": ...}}.
 */
public final class KmsAdapter implements ProtocolAdapter {
    private static final String TARGET_PREFIX = "TrentService.";
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final Map<String, KmsApi.Operation> operations;

    public KmsAdapter(Map<String, KmsApi.Operation> operations) {
        this.operations = operations;
    }

    @Override
    public String signingService() {
        return "kms";
    }

    @Override
    public boolean looksLike(ApiRequest request) {
        String target = request.firstHeader("X-Amz-Target");
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    @Override
    public ApiResponse handle(ApiRequest request, CallContext ctx) {
        String target = request.firstHeader("X-Amz-Target");
        if (!"POST".equals(request.method()) || target == null || !target.startsWith(TARGET_PREFIX)) {
            throw ErrorCode.UnknownOperationException.withMessage("KMS operations are POST / with an X-Amz-Target of "
                    + TARGET_PREFIX + "OPERATION.");
        }
        KmsApi.Operation op = operations.get(target.substring(TARGET_PREFIX.length()));
        if (op == null) {
            throw ErrorCode.UnknownOperationException.withMessage("The operation " + target + " is not supported.");
        }
        Object typed = JsonCodec.readNew((SdkPojo) op.builder().get(), body(request));
        SdkPojo result = op.handler().apply(ctx, typed);
        return ApiResponse.text(200, CONTENT_TYPE, Map.of("x-amzn-RequestId", ctx.requestId()),
                JsonCodec.write(result).toString());
    }

    @Override
    public ApiResponse error(ApiRequest request, TernException error) {
        TernException e = JsonErrors.translate(error);
        if (e.code() == ErrorCode.InternalServerException) {
            e = ErrorCode.KMSInternalException.withMessage(e.getMessage());
        }
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
