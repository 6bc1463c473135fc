package dev.tern.iam.policy;

/** How a resource policy's statement names the caller. */
enum PrincipalMatch {
    NONE,
    /**
     * By its account (the account id or its root ARN): the resource's owner leaves the decision to that account's
     * IAM, so the caller's identity policies must allow the request too.
     */
    ACCOUNT,
    /** By the caller's own ARN, or everyone ({@code *}). */
    DIRECT
}
