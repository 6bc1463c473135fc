package dev.tern.iam.policy;

/**
 * The outcome of all the policies that bear on a request. The two refusals are kept apart because AWS words them
 * differently ("with an explicit deny in an identity-based policy" against "because no identity-based policy
 * allows").
 */
public enum AccessDecision {
    ALLOWED,
    /** A statement denied the request. */
    EXPLICIT_DENY,
    /** Nothing allowed it: the default. */
    IMPLICIT_DENY;

    public boolean allowed() {
        return this == ALLOWED;
    }
}
