package dev.tern.server.pipeline;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;

/**
 * Shared code (signature checks, parsing, authorization) raises the EC2 name of a failure; the other protocols
 * name some of them differently (an unknown key is UnrecognizedClientException to KMS, InvalidClientTokenId to
 * IAM). This is the one mapping from the EC2 names to each service's.
 */
public final class ErrorTranslation {
    private ErrorTranslation() {}

    public static TernException translate(Service service, TernException e) {
        ErrorCode to = switch (service.wire()) {
            case EC2_QUERY -> null;
            case AWS_QUERY -> switch (e.code()) {
                case AuthFailure -> e.getMessage().equals(ErrorCode.AuthFailure.defaultMessage())
                        ? ErrorCode.InvalidClientTokenId : ErrorCode.SignatureDoesNotMatch;
                case UnauthorizedOperation -> ErrorCode.IamAccessDenied;
                default -> null;
            };
            case AWS_JSON, REST_JSON -> json(service, e);
        };
        if (to == null) {
            return service == Service.EBS ? ebsReason(e) : e;
        }
        String message = to == ErrorCode.UnrecognizedClientException || to == ErrorCode.InvalidClientTokenId
                ? to.defaultMessage() : e.getMessage();
        return service == Service.EBS ? ebsReason(new TernException(to, message, e.reason()))
                : new TernException(to, message, e.reason());
    }

    private static ErrorCode json(Service service, TernException e) {
        return switch (e.code()) {
            // An unknown key; any other AuthFailure is about the credential's scope (its Region or service).
            case AuthFailure -> e.getMessage().equals(ErrorCode.AuthFailure.defaultMessage())
                    ? ErrorCode.UnrecognizedClientException : ErrorCode.InvalidSignatureException;
            case SignatureDoesNotMatch, RequestExpired, IncompleteSignature -> ErrorCode.InvalidSignatureException;
            case InvalidParameterValue, MissingParameter, UnknownParameter, InvalidParameter, MalformedQueryString,
                    InvalidRequest -> ErrorCode.ValidationException;
            case UnauthorizedOperation -> service == Service.KMS ? ErrorCode.KmsAccessDeniedException
                    : ErrorCode.AccessDeniedException;
            case DryRunOperation -> ErrorCode.DryRunOperationException;
            case InternalError, InternalServerException -> service == Service.KMS ? ErrorCode.KMSInternalException
                    : ErrorCode.InternalServerException;
            default -> null;
        };
    }

    /** Every ValidationException of EBS names a reason; ones raised by shared parsing have none of their own. */
    private static TernException ebsReason(TernException e) {
        if (e.code() == ErrorCode.ValidationException && e.reason() == null) {
            return ErrorCode.ValidationException.withReason("INVALID_PARAMETER_VALUE", e.getMessage());
        }
        return e;
    }
}
