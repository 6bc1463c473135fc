package dev.tern.iam.policy;

import java.util.List;

/** Combines the policies that bear on a request as IAM does: an explicit Deny anywhere wins, then an Allow, else deny. */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    public static AccessDecision decide(List<Policy> policies, AccessRequest request) {
        boolean allowed = false;
        for (int i = 0, n = policies.size(); i < n; i++) {
            Decision d = policies.get(i).evaluate(request);
            if (d == Decision.DENY) {
                return AccessDecision.EXPLICIT_DENY;
            }
            allowed |= d == Decision.ALLOW;
        }
        return allowed ? AccessDecision.ALLOWED : AccessDecision.IMPLICIT_DENY;
    }

    public static AccessDecision decide(AccessRequest request, Policy... policies) {
        return decide(List.of(policies), request);
    }
}
