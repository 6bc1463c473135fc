package dev.tern.server.wire;

/**
 * Whole numbers as AWS reads them in paths, headers, query strings and SigV4 fields: canonical ASCII decimal, an
 * optional minus and no leading zeros. Java's own parsers also take {@code +1}, {@code 01} and digits of other
 * scripts ({@code ١}, {@code １}), which would let two spellings name one block.
 */
public final class Decimal {
    private Decimal() {}

    /** The value of {@code s}, or null when it is not canonical decimal or does not fit in a long. */
    public static Long parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 20) {
            return null;
        }
        int start = s.charAt(0) == '-' ? 1 : 0;
        if (start == s.length() || (s.charAt(start) == '0' && s.length() > start + 1) || "-0".equals(s)) {
            return null;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
