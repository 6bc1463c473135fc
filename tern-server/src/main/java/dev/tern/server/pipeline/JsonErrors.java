package dev.tern.server.pipeline;

import dev.tern.server.wire.JsonCodec;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;
import java.util.Map;

/**
 * The JSON protocols name some failures differently from EC2 (an unknown key is UnrecognizedClientException,
 * not AuthFailure). Shared validation raises the EC2 code; this is the one mapping to the JSON names.
 */
public final class JsonErrors {
    private JsonErrors() {}

    public static TernException translate(TernException e) {
        ErrorCode to = switch (e.code()) {
            case AuthFailure -> ErrorCode.UnrecognizedClientException;
            case SignatureDoesNotMatch, RequestExpired -> ErrorCode.InvalidSignatureException;
            case IncompleteSignature -> ErrorCode.InvalidSignatureException;
            case InvalidParameterValue, MissingParameter, UnknownParameter, InvalidParameter, MalformedQueryString,
                    InvalidRequest -> ErrorCode.ValidationException;
            case InternalError -> ErrorCode.InternalServerException;
            default -> null;
        };
        if (to == null) {
            return e;
        }
        String message = e.code() == ErrorCode.AuthFailure ? to.defaultMessage() : e.getMessage();
        return new TernException(to, message, e.reason());
    }

    /**
     * REST-JSON errors: the code in x-amzn-ErrorType and the body, the message as {@code Message}, and the reason,
     * when the error has one, as {@code Reason} (the member EBS's error shapes give it).
     */
    public static ApiResponse restJson(ApiRequest request, TernException e) {
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
