package dev.tern.copy;

import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;

/**
 * Why a copy failed, as the image's StateReason (code, message) and the snapshot's StateMessage show it
 * (docs/copying.md, "Encryption": key problems are found after the call has answered).
 */
final class CopyFailure extends RuntimeException {
    static final String INTERNAL_CODE = "Server.InternalError";
    static final String INTERNAL_MESSAGE = "Copy image failed with an internal error";
    static final String KEY_NOT_ACCESSIBLE = "Given key ID is not accessible";

    private final String code;
    private final String snapshotMessage;

    CopyFailure(String code, String message, String snapshotMessage) {
        super(message, null, false, false);
        this.code = code;
        this.snapshotMessage = snapshotMessage;
    }

    String code() {
        return code;
    }

    String snapshotMessage() {
        return snapshotMessage;
    }

    /** KMS refused the copier: a key that does not exist or is not shared is NotFound, one not usable InvalidState. */
    static CopyFailure ofKms(TernException e) {
        if (!e.code().isClientError()) {
            return new CopyFailure(INTERNAL_CODE, INTERNAL_MESSAGE, INTERNAL_MESSAGE);
        }
        boolean notFound = e.code() == ErrorCode.KmsNotFoundException || e.code() == ErrorCode.KmsAccessDeniedException
                || e.code() == ErrorCode.NotFoundException || e.code() == ErrorCode.AccessDeniedException;
        String code = notFound ? "Client.InvalidKMSKey.NotFound" : "Client.InvalidKMSKey.InvalidState";
        return new CopyFailure(code, "The KMS key used by the copy is not accessible: " + e.getMessage(),
                KEY_NOT_ACCESSIBLE);
    }

    static CopyFailure sourceGone(String snapshotId) {
        String message = "The source snapshot " + snapshotId + " is not accessible: it was deleted, or it is not "
                + "shared with the copying account (createVolumePermission).";
        return new CopyFailure("Client.InvalidSnapshot.NotFound", message, message);
    }
}
