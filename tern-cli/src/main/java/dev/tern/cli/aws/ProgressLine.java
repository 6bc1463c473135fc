package dev.tern.cli.aws;

import java.util.Locale;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/** One snapshot's progress as the waiters draw it: a bar, bytes of the volume done, the rate and the time left. */
final class ProgressLine {
    private static final int WIDTH = 20;

    private ProgressLine() {}

    static String of(Snapshot s, double elapsedSeconds) {
        double fraction = percent(s.progress()) / 100.0;
        long total = (s.volumeSize() == null ? 0L : s.volumeSize()) << 30;
        long done = (long) (total * fraction);
        int filled = (int) Math.round(fraction * WIDTH);
        double rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        String eta = rate > 0 && fraction < 1 ? String.format(Locale.ROOT, "%.0fs", (total - done) / rate) : "-";
        return String.format(Locale.ROOT, "%s [%s%s] %s/%s %s/s ETA %s", s.snapshotId(), "#".repeat(filled),
                " ".repeat(WIDTH - filled), bytes(done), bytes(total), bytes((long) rate), eta);
    }

    private static double percent(String progress) {
        if (progress == null) {
            return 0;
        }
        try {
            return Double.parseDouble(progress.replace("%", "").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String bytes(long n) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    }
}
