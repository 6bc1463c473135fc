package dev.tern.iam.policy;

/**
 * A Resource entry or an Arn* condition value: {@code *}, or an ARN whose six colon-separated parts are matched
 * one by one, each with its own wildcards (so a {@code *} in the Region never swallows the account), the last part
 * (the resource, which may hold colons itself) taking the rest. A pattern with fewer parts, such as
 * {@code arn:aws:ec2:*}, is matched as one wildcard over the whole ARN. Case matters, as in IAM.
 */
final class ArnPattern {
    private static final int PARTS = 6;

    private final String text;
    /** Null for a whole-string pattern. */
    private final Glob[] parts;
    private final Glob whole;

    ArnPattern(String text) {
        this.text = text;
        String[] split = text.split(":", PARTS);
        if (split.length == PARTS) {
            parts = new Glob[PARTS];
            for (int i = 0; i < PARTS; i++) {
                parts[i] = new Glob(split[i], false);
            }
            whole = null;
        } else {
            parts = null;
            whole = new Glob(text, false);
        }
    }

    boolean matches(String arn) {
        if (arn == null) {
            return false;
        }
        if (parts == null) {
            return whole.matches(arn);
        }
        int from = 0;
        for (int i = 0; i < PARTS - 1; i++) {
            int colon = arn.indexOf(':', from);
            if (colon < 0 || !parts[i].matches(arn, from, colon)) {
                return false;
            }
            from = colon + 1;
        }
        return parts[PARTS - 1].matches(arn, from, arn.length());
    }

    @Override
    public String toString() {
        return text;
    }
}
