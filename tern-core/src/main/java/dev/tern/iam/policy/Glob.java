package dev.tern.iam.policy;

/**
 * A policy wildcard compiled once: {@code *} is any run of characters, {@code ?} exactly one, nothing escapes (the
 * policy language has no escape). The common shapes (everything, a literal, a literal and a trailing {@code *}) are
 * answered without the general matcher, which backtracks to the last star only and never allocates.
 */
final class Glob {
    private enum Shape { ANY, EXACT, PREFIX, GENERAL }

    private final String pattern;
    private final boolean ignoreCase;
    private final Shape shape;

    Glob(String pattern, boolean ignoreCase) {
        this.pattern = pattern;
        this.ignoreCase = ignoreCase;
        int star = pattern.indexOf('*');
        boolean question = pattern.indexOf('?') >= 0;
        if (pattern.equals("*")) {
            shape = Shape.ANY;
        } else if (star < 0 && !question) {
            shape = Shape.EXACT;
        } else if (!question && star == pattern.length() - 1) {
            shape = Shape.PREFIX;
        } else {
            shape = Shape.GENERAL;
        }
    }

    boolean matches(String value) {
        return matches(value, 0, value.length());
    }

    /** Whether {@code value[from, to)} matches. */
    boolean matches(String value, int from, int to) {
        int length = to - from;
        return switch (shape) {
            case ANY -> true;
            case EXACT -> length == pattern.length() && value.regionMatches(ignoreCase, from, pattern, 0, length);
            case PREFIX -> length >= pattern.length() - 1
                    && value.regionMatches(ignoreCase, from, pattern, 0, pattern.length() - 1);
            case GENERAL -> general(value, from, to);
        };
    }

    private boolean general(String v, int vi, int to) {
        String p = pattern;
        int pi = 0;
        int starP = -1;
        int starV = -1;
        while (vi < to) {
            if (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    starP = ++pi;
                    starV = vi;
                    continue;
                }
                if (c == '?' || same(c, v.charAt(vi))) {
                    pi++;
                    vi++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            pi = starP;
            vi = ++starV;
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    private boolean same(char a, char b) {
        return a == b || (ignoreCase && Character.toLowerCase(a) == Character.toLowerCase(b));
    }

    @Override
    public String toString() {
        return pattern;
    }
}
