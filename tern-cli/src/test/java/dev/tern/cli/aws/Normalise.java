package dev.tern.cli.aws;

import java.util.regex.Pattern;

/**
 * What differs between two runs of the same invocation and is not the CLI's doing: resource IDs, key IDs, times.
 * Each is replaced by a placeholder of the same length, so the widths of table output still compare.
 */
final class Normalise {
    private static final Pattern[] PATTERNS = {
        Pattern.compile("\\b(ami|snap|vol)-[0-9a-f]{17}\\b"),
        Pattern.compile("\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b"),
        Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?"),
    };

    private Normalise() {}

    static String ids(String text) {
        String out = text;
        for (Pattern p : PATTERNS) {
            out = p.matcher(out).replaceAll(m -> m.group().equals("ami-066877671789bd71b") ? m.group()
                    : "x".repeat(m.group().length()));
        }
        return out;
    }
}
