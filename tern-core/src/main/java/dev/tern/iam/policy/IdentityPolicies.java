package dev.tern.iam.policy;

import java.util.List;

/**
 * What the caller's identity allows: the policies attached to an IAM user, or the account's root, which IAM never
 * restricts. For another account's resource the resource's own policy decides as well (a KMS key policy must name
 * the caller's account); within its account the root may do everything.
 */
public final class IdentityPolicies {
    /** The account root: every request is allowed as far as identity goes. */
    public static final IdentityPolicies ROOT = new IdentityPolicies(null);
    /** A user with no policies: nothing is allowed. */
    public static final IdentityPolicies NONE = new IdentityPolicies(List.of());

    /** Null for the root. */
    private final List<Policy> policies;

    private IdentityPolicies(List<Policy> policies) {
        this.policies = policies;
    }

    /** A user's inline and attached policies, each parsed as {@link PolicyKind#IDENTITY}. */
    public static IdentityPolicies of(List<Policy> policies) {
        for (Policy p : policies) {
            if (p.kind() != PolicyKind.IDENTITY) {
                throw new IllegalArgumentException("not an identity policy: " + p);
            }
        }
        return policies.isEmpty() ? NONE : new IdentityPolicies(List.copyOf(policies));
    }

    public boolean isRoot() {
        return policies == null;
    }

    /** The user's policies; empty for the root, which has none and needs none. */
    public List<Policy> policies() {
        return policies == null ? List.of() : policies;
    }

    public AccessDecision decide(AccessRequest request) {
        return policies == null ? AccessDecision.ALLOWED : PolicyEvaluator.decide(policies, request);
    }
}
