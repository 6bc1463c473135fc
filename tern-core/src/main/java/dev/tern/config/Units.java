package dev.tern.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The units the configuration writes rates and durations in: {@code 256KiB/s}, {@code 50ms}, {@code 2s}. */
public final class Units {
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KiB|MiB|GiB)/s");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)");
    private static final Map<String, Long> BYTES = Map.of("B", 1L, "KiB", 1024L, "MiB", 1024L * 1024,
            "GiB", 1024L * 1024 * 1024);

    private Units() {}

    /** {@code 256KiB/s} as bytes per second; refuses anything else, and zero. */
    public static long bytesPerSecond(String text) {
        Matcher m = text == null ? null : RATE.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new ConfigException("not a rate: " + text + " (write it as a number and B/s, KiB/s, MiB/s or GiB/s)");
        }
        long value = (long) (Double.parseDouble(m.group(1)) * BYTES.get(m.group(2)));
        if (value <= 0) {
            throw new ConfigException("a rate must be positive: " + text);
        }
        return value;
    }

    /** {@code 50ms} or {@code 2s} as milliseconds. */
    public static long millis(String text) {
        Matcher m = text == null ? null : DURATION.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new ConfigException("not a duration: " + text + " (write it as a number and ms or s)");
        }
        double v = Double.parseDouble(m.group(1));
        return (long) (m.group(2).equals("s") ? v * 1000 : v);
    }
}
