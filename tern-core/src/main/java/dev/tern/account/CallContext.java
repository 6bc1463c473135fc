package dev.tern.account;

import static java.util.Objects.requireNonNull;

import dev.tern.config.Region;

/**
 * Who is calling, where, and under which request id: what every service operation is given
 * instead of anything from HTTP.
 */
public record CallContext(Account account, Region region, String requestId, Principal principal) {
    public CallContext {
        requireNonNull(account, "account is null");
        requireNonNull(region, "region is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(principal, "principal is null");
        if (!principal.accountId().equals(account.id())) {
            throw new IllegalArgumentException("principal " + principal.arn() + " is not of account " + account.id());
        }
    }

    /** A call made as the account's root: Tern's own work (copies, the demo seed) and test fixtures. */
    public CallContext(Account account, Region region, String requestId) {
        this(account, region, requestId, Principal.root(account.id()));
    }

    /** The same caller in another Region (a copy reads its source there). */
    public CallContext inRegion(Region other) {
        return new CallContext(account, other, requestId, principal);
    }

    public String accountId() {
        return account.id();
    }

    public String regionName() {
        return region.name();
    }
}
