package dev.tern.server.pipeline;

import dev.tern.account.CallContext;

/**
 * Decides whether the caller may make a call, before anything acts: an account's root may do everything in its
 * own account; anyone else what their policies allow (docs/iam.md). Throws {@code UnauthorizedOperation} (which each
 * protocol names its own way) when not.
 */
@FunctionalInterface
public interface Authorizer {
    void authorize(CallContext ctx, Operation operation, Object request, String sourceIp);
}
