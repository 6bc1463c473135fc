package dev.tern.error;

import static java.util.Objects.requireNonNull;

/** A failure with a wire code from {@link ErrorCode}; the only exception services throw on purpose. */
public final class TernException extends RuntimeException {
    private final ErrorCode code;

    public TernException(ErrorCode code, String message) {
        super(requireNonNull(message, "message is null"), null, false, false);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
