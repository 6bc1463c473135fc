package dev.tern.server.pipeline;

import dev.tern.error.ErrorCode;

/** The authorizers the pipeline can run with. */
public final class Authorization {
    private Authorization() {}

    /** Only accounts' roots sign requests: each may do everything in its own account. */
    public static Authorizer rootOnly() {
        return (ctx, op, request, sourceIp) -> {
            if (!ctx.principal().isRoot()) {
                throw ErrorCode.UnauthorizedOperation.exception();
            }
        };
    }
}
