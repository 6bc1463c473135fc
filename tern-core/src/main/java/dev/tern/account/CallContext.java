package dev.tern.account;

import static java.util.Objects.requireNonNull;

import dev.tern.config.Region;

/**
 * Who is calling, where, and under which request id: what every service operation is given
 * instead of anything from HTTP.
 */
public record CallContext(Account account, Region region, String requestId) {
    public CallContext {
        requireNonNull(account, "account is null");
        requireNonNull(region, "region is null");
        requireNonNull(requestId, "requestId is null");
    }

    public String accountId() {
        return account.id();
    }

    public String regionName() {
        return region.name();
    }
}
