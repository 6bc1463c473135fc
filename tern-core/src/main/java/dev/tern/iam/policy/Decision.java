package dev.tern.iam.policy;

/** What one policy says about one request. */
public enum Decision {
    /** A statement that applies allows it, and none denies it. */
    ALLOW,
    /** A statement that applies denies it: nothing else can allow it then. */
    DENY,
    /** No statement applies. */
    NOT_APPLICABLE
}
