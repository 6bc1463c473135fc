package dev.tern.filter;

/** EC2 filter-value matching: {@code *} is any run of characters, {@code ?} one character, {@code \} escapes. */
public final class Wildcard {
    private Wildcard() {}

    public static boolean hasWildcard(String pattern) {
        return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    }

    /** The literal text before the first wildcard (with escapes resolved). */
    public static String literalPrefix(String pattern) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                break;
            }
            if (c == '\\' && i + 1 < pattern.length()) {
                c = pattern.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    public static boolean matches(String pattern, String value) {
        if (value == null) {
            return false;
        }
        return match(pattern, 0, value, 0);
    }

    // Iterative glob matching with single-star backtracking: linear in practice, no regex compilation per value.
    private static boolean match(String p, int pi, String v, int vi) {
        int starP = -1;
        int starV = -1;
        while (vi < v.length()) {
            if (pi < p.length()) {
                char c = p.charAt(pi);
                if (c == '*') {
                    starP = ++pi;
                    starV = vi;
                    continue;
                }
                if (c == '?') {
                    pi++;
                    vi++;
                    continue;
                }
                if (c == '\\' && pi + 1 < p.length()) {
                    if (p.charAt(pi + 1) == v.charAt(vi)) {
                        pi += 2;
                        vi++;
                        continue;
                    }
                } else if (c == v.charAt(vi)) {
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
}
