package dev.tern.copy;

import dev.tern.account.CallContext;
import dev.tern.blocks.Sha256;
import dev.tern.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.jdbi.v3.core.Handle;

/**
 * CopyImage's ClientToken (docs/copying.md): at most 64 ASCII characters; per account and Region the same
 * token with the same parameters answers with the first image and starts nothing, with other parameters it is
 * IdempotentParameterMismatch. Tokens are kept (never swept), which is at least the 24 hours AWS promises.
 */
final class CopyTokens {
    static final int MAX_LENGTH = 64;

    static void check(String token) {
        if (token != null && (token.length() > MAX_LENGTH || !token.chars().allMatch(c -> c < 0x80))) {
            throw ErrorCode.InvalidParameterValue.withMessage("Value (" + token + ") for parameter clientToken is "
                    + "invalid. A client token is at most " + MAX_LENGTH + " ASCII characters.");
        }
    }

    static String hash(String parameters) {
        return Sha256.hex(parameters.getBytes(StandardCharsets.UTF_8));
    }

    /** The resource an earlier request with this token made, or null; a different request under it is refused. */
    String earlier(Handle h, CallContext ctx, String token, String requestHash) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        record Used(String requestHash, String resourceId) {}
        return h.createQuery("SELECT request_hash, resource_id FROM copy_client_tokens WHERE account_id = :a"
                        + " AND region = :r AND client_token = :t")
                .bind("a", ctx.accountId()).bind("r", ctx.regionName()).bind("t", token)
                .map((rs, c) -> new Used(rs.getString(1), rs.getString(2))).findOne()
                .map(u -> {
                    if (!u.requestHash().equals(requestHash)) {
                        throw ErrorCode.IdempotentParameterMismatch.exception();
                    }
                    return u.resourceId();
                }).orElse(null);
    }

    void remember(Handle h, CallContext ctx, String token, String requestHash, String resourceId, long now) {
        if (token == null || token.isEmpty()) {
            return;
        }
        h.createUpdate("INSERT INTO copy_client_tokens (account_id, region, client_token, request_hash, resource_id,"
                        + " created_at) VALUES (:a, :r, :t, :hash, :id, :now)")
                .bind("a", ctx.accountId()).bind("r", ctx.regionName()).bind("t", token).bind("hash", requestHash)
                .bind("id", resourceId).bind("now", now).execute();
    }
}
