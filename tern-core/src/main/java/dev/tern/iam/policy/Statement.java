package dev.tern.iam.policy;

/**
 * One compiled statement. Null resources mean a resource policy's statement without Resource (it is about the
 * policy's own resource); null principals mean an identity policy. The {@code not*} flags say whether a list came
 * from NotAction / NotResource / NotPrincipal.
 */
record Statement(String sid, boolean deny, Glob[] actions, boolean notAction, ArnPattern[] resources,
        boolean notResource, PrincipalSet principals, boolean notPrincipal, Condition[] conditions) {

    boolean actionMatches(String action) {
        boolean any = false;
        for (Glob g : actions) {
            if (g.matches(action)) {
                any = true;
                break;
            }
        }
        return any != notAction;
    }

    boolean resourceMatches(String resource) {
        if (resources == null) {
            return true;
        }
        boolean any = false;
        for (ArnPattern p : resources) {
            if (p.matches(resource)) {
                any = true;
                break;
            }
        }
        return any != notResource;
    }

    /** How this statement names the caller; always DIRECT for an identity policy, which names nobody. */
    PrincipalMatch principalMatch(AccessRequest r) {
        if (principals == null) {
            return PrincipalMatch.DIRECT;
        }
        PrincipalMatch m = principals.match(r);
        if (notPrincipal) {
            return m == PrincipalMatch.NONE ? PrincipalMatch.DIRECT : PrincipalMatch.NONE;
        }
        return m;
    }

    boolean conditionsHold(ConditionKeys keys) {
        for (Condition c : conditions) {
            if (!c.holds(keys)) {
                return false;
            }
        }
        return true;
    }
}
