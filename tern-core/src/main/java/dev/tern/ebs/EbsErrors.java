package dev.tern.ebs;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;

/**
 * The EBS direct APIs' errors with their {@code Reason} (docs/ebs-direct.md). AWS documents the reasons but not
 * which failure gets which; the choices made here are the ones named in docs/ebs-direct.md.
 */
final class EbsErrors {
    static final String INVALID_PARAMETER_VALUE = "INVALID_PARAMETER_VALUE";
    static final String INVALID_SNAPSHOT_ID = "INVALID_SNAPSHOT_ID";
    static final String INVALID_BLOCK = "INVALID_BLOCK";
    static final String INVALID_BLOCK_TOKEN = "INVALID_BLOCK_TOKEN";
    static final String INVALID_PAGE_TOKEN = "INVALID_PAGE_TOKEN";
    static final String INVALID_TAG = "INVALID_TAG";
    static final String INVALID_VOLUME_SIZE = "INVALID_VOLUME_SIZE";
    static final String INVALID_DEPENDENCY_REQUEST = "INVALID_DEPENDENCY_REQUEST";
    static final String UNRELATED_SNAPSHOTS = "UNRELATED_SNAPSHOTS";
    static final String WRITE_REQUEST_TIMEOUT = "WRITE_REQUEST_TIMEOUT";
    static final String SNAPSHOT_NOT_FOUND = "SNAPSHOT_NOT_FOUND";

    static final String INVALID_CUSTOMER_KEY = "INVALID_CUSTOMER_KEY";
    static final String DEPENDENCY_ACCESS_DENIED = "DEPENDENCY_ACCESS_DENIED";

    private EbsErrors() {}

    /**
     * Runs a call into KMS made for the caller, answering KMS's refusals the way EBS does: a caller the key's policy
     * and grants do not allow gets AccessDeniedException (DEPENDENCY_ACCESS_DENIED); a key that is missing, disabled,
     * pending deletion or not a symmetric encryption key gets ValidationException (INVALID_CUSTOMER_KEY).
     */
    static <T> T throughKms(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (TernException e) {
            throw switch (e.code()) {
                case KmsAccessDeniedException -> ErrorCode.AccessDeniedException.withReason(DEPENDENCY_ACCESS_DENIED,
                        e.getMessage());
                case KmsNotFoundException, DisabledException, KMSInvalidStateException, InvalidKeyUsageException,
                        InvalidArnException -> invalid(INVALID_CUSTOMER_KEY, e.getMessage());
                case InvalidCiphertextException -> new IllegalStateException("a data key in the catalogue does not open "
                        + "under its KMS key: " + e.getMessage());
                default -> e;
            };
        }
    }

    static TernException invalid(String reason, String message) {
        return ErrorCode.ValidationException.withReason(reason, message);
    }

    static TernException invalidParameter(String message) {
        return invalid(INVALID_PARAMETER_VALUE, message);
    }

    static TernException snapshotNotFound(String snapshotId) {
        return ErrorCode.ResourceNotFoundException.withReason(SNAPSHOT_NOT_FOUND,
                "The snapshot '" + snapshotId + "' does not exist.");
    }

    static TernException timedOut(String snapshotId) {
        return invalid(WRITE_REQUEST_TIMEOUT, "The snapshot '" + snapshotId + "' is in the error state: it received "
                + "no PutSnapshotBlock or CompleteSnapshot within its Timeout.");
    }
}
