package dev.tern.iam.policy;

/** What a resource policy (a KMS key policy) says about a request, with how an Allow named the caller. */
public enum ResourcePolicyDecision {
    DENY,
    /** A statement naming the caller's own ARN, or everyone, allows: enough by itself within the account. */
    ALLOW,
    /** Only statements naming the caller's account allow: the caller's identity policies must allow it too. */
    ALLOW_VIA_ACCOUNT,
    NOT_APPLICABLE
}
