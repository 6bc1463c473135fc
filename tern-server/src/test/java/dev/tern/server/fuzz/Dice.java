package dev.tern.server.fuzz;

import java.util.Random;
import java.util.Set;

/**
 * One request's randomness, shared by the parts that build it (parameters, mutations, transport, authentication) so
 * that they all draw from the request's own {@code Random}, which its seed and index reproduce, and all add to the
 * notes that describe the request in a failure report.
 */
abstract class Dice {
    final Random r;
    /** A well-formed, properly signed request with plausible values: what gets through to the services. */
    final boolean clean;
    private final StringBuilder notes;

    Dice(Random r, boolean clean) {
        this.r = r;
        this.clean = clean;
        this.notes = new StringBuilder();
    }

    /** Another part of the same request: same Random, same notes. */
    Dice(Dice same) {
        this.r = same.r;
        this.clean = same.clean;
        this.notes = same.notes;
    }

    String notes() {
        return notes.toString();
    }

    void note(String s) {
        notes.append(s).append(' ');
    }

    String garbage(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(10);
            sb.append(k < 6 ? (char) (0x20 + r.nextInt(0x5f)) : k < 8 ? (char) r.nextInt(0x20) : (char) (0xa0 + r.nextInt(0x3000)));
        }
        return sb.toString();
    }

    String controlChars(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(r.nextInt(5) == 0 ? pick("\u007f", "\u0085", "\ufffe", "\uffff", "\ud800") : String.valueOf((char) r.nextInt(0x20)));
        }
        return sb.toString();
    }

    String unicode(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int cp = switch (r.nextInt(5)) {
                case 0 -> 0x1F600 + r.nextInt(80);
                case 1 -> 0x0300 + r.nextInt(0x70);
                case 2 -> 0x4E00 + r.nextInt(0x5000);
                case 3 -> 0x0590 + r.nextInt(0x100);
                default -> 0xA0 + r.nextInt(0x2000);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    String pick(String... options) {
        return options[r.nextInt(options.length)];
    }

    String pickFrom(Set<String> set) {
        Object[] sorted = set.toArray();
        return sorted.length == 0 ? "ami-0123456789abcdef0" : (String) sorted[r.nextInt(sorted.length)];
    }
}
