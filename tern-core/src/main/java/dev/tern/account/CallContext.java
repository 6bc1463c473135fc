package dev.tern.account;

import static java.util.Objects.requireNonNull;

import dev.tern.config.Region;
import dev.tern.iam.policy.IdentityPolicies;

/**
 * Who is calling, where, and under which request id: what every service operation is given
 * instead of anything from HTTP.
 *
 * @param identity what the caller's own policies allow ({@link IdentityPolicies#ROOT} for the account's root);
 *     services that combine them with a resource's policy (KMS key policies) read it here
 */
public record CallContext(Account account, Region region, String requestId, Principal principal,
        IdentityPolicies identity) {
    public CallContext {
        requireNonNull(account, "account is null");
        requireNonNull(region, "region is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(principal, "principal is null");
        requireNonNull(identity, "identity is null");
        if (!principal.accountId().equals(account.id())) {
            throw new IllegalArgumentException("principal " + principal.arn() + " is not of account " + account.id());
        }
        if (identity.isRoot() && !principal.isRoot()) {
            throw new IllegalArgumentException("user " + principal.arn() + " cannot have the root's identity");
        }
    }

    /** A call made as the account's root: Tern's own work (copies, the demo seed) and test fixtures. */
    public CallContext(Account account, Region region, String requestId) {
        this(account, region, requestId, Principal.root(account.id()));
    }

    /**
     * A call by {@code principal}: the root may do everything; a user given no policies here may do nothing, so a
     * user's context is never more powerful than its policies by accident.
     */
    public CallContext(Account account, Region region, String requestId, Principal principal) {
        this(account, region, requestId, principal, principal.isRoot() ? IdentityPolicies.ROOT : IdentityPolicies.NONE);
    }

    /** The same caller in another Region (a copy reads its source there). */
    public CallContext inRegion(Region other) {
        return new CallContext(account, other, requestId, principal, identity);
    }

    public String accountId() {
        return account.id();
    }

    public String regionName() {
        return region.name();
    }
}
