package dev.tern.iam.policy;

/** Which rules a policy document is parsed by. */
public enum PolicyKind {
    /** Attached to a user (PutUserPolicy, CreatePolicy): the principal is implied, so no statement may name one. */
    IDENTITY,
    /** Attached to a resource (a KMS key policy): every statement names whom it is about (Principal or NotPrincipal). */
    RESOURCE
}
