package dev.tern.iam.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A policy document, validated as IAM validates it and compiled once (wildcards to matchers, CIDRs to masks,
 * numbers and dates to values), then evaluated for any number of requests: immutable, so shared freely between
 * threads. docs/iam.md describes the language Tern understands.
 */
public final class Policy {
    private final String document;
    private final PolicyKind kind;
    private final Statement[] statements;

    private Policy(String document, PolicyKind kind, List<Statement> statements) {
        this.document = document;
        this.kind = kind;
        this.statements = statements.toArray(Statement[]::new);
    }

    /**
     * An identity policy (a user's inline or managed policy).
     *
     * @throws dev.tern.error.TernException {@code MalformedPolicyDocument} with IAM's message when IAM would refuse it
     */
    public static Policy parse(String json) {
        return parse(json, PolicyKind.IDENTITY);
    }

    /** @throws dev.tern.error.TernException {@code MalformedPolicyDocument} with IAM's message when IAM would refuse it */
    public static Policy parse(String json, PolicyKind kind) {
        requireNonNull(kind, "kind is null");
        return new Policy(json, kind, PolicyParser.parse(json, kind));
    }

    /** The document as given, for GetUserPolicy and GetKeyPolicy. */
    public String document() {
        return document;
    }

    public PolicyKind kind() {
        return kind;
    }

    /** Deny when a statement that applies denies, else Allow when one allows, else not applicable. */
    public Decision evaluate(AccessRequest request) {
        return switch (evaluateAsResourcePolicy(request)) {
            case DENY -> Decision.DENY;
            case ALLOW, ALLOW_VIA_ACCOUNT -> Decision.ALLOW;
            case NOT_APPLICABLE -> Decision.NOT_APPLICABLE;
        };
    }

    /**
     * As {@link #evaluate}, also telling how an Allow named the caller: for a resource policy, a statement naming
     * the caller's account leaves the decision to that account's identity policies ({@code ALLOW_VIA_ACCOUNT}); one
     * naming the caller itself, or everyone, allows by itself ({@code ALLOW}). Identity policies always say ALLOW.
     */
    public ResourcePolicyDecision evaluateAsResourcePolicy(AccessRequest request) {
        boolean allowed = false;
        boolean direct = false;
        for (Statement s : statements) {
            if (!s.actionMatches(request.action()) || !s.resourceMatches(request.resource())) {
                continue;
            }
            PrincipalMatch who = s.principalMatch(request);
            if (who == PrincipalMatch.NONE || !s.conditionsHold(request.conditionKeys())) {
                continue;
            }
            if (s.deny()) {
                return ResourcePolicyDecision.DENY;
            }
            allowed = true;
            direct |= who == PrincipalMatch.DIRECT;
        }
        if (!allowed) {
            return ResourcePolicyDecision.NOT_APPLICABLE;
        }
        return direct ? ResourcePolicyDecision.ALLOW : ResourcePolicyDecision.ALLOW_VIA_ACCOUNT;
    }

    @Override
    public String toString() {
        return document;
    }
}
