package dev.tern.error;

import static java.util.Objects.requireNonNull;

/** A failure with a wire code from {@link ErrorCode}; the only exception services throw on purpose. */
public final class TernException extends RuntimeException {
    private final ErrorCode code;
    private final String reason;

    public TernException(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** @param reason the finer cause some protocols report beside the code (EBS's {@code Reason}), or null */
    public TernException(ErrorCode code, String message, String reason) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
        this.reason = reason;
    }

    public ErrorCode code() {
        return code;
    }

    /** The finer cause, such as {@code SNAPSHOT_NOT_FOUND}, or null when the error has none. */
    public String reason() {
        return reason;
    }
}
