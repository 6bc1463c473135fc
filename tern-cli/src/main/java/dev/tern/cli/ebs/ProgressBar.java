package dev.tern.cli.ebs;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on standard error, redrawn a few times a second, like coldsnap's. Only on a terminal:
 * piped or redirected output gets no control characters. {@link #none()} counts and prints nothing.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_MILLIS = 200;

    private final String label;
    private final long total;
    private final AtomicLong done = new AtomicLong();
    private final PrintStream out;
    private final ScheduledExecutorService redraw;
    private final long startNanos = System.nanoTime();

    private ProgressBar(String label, long total, PrintStream out) {
        this.label = label;
        this.total = total;
        this.out = out;
        if (out == null) {
            redraw = null;
        } else {
            redraw = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tern-progress");
                t.setDaemon(true);
                return t;
            });
            redraw.scheduleAtFixedRate(this::draw, 0, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** A bar over {@code total} units (blocks) when standard error is a terminal and {@code wanted}; else none. */
    static ProgressBar create(String label, long total, boolean wanted) {
        return wanted && stderrIsTerminal() ? new ProgressBar(label, total, System.err) : none();
    }

    static ProgressBar none() {
        return new ProgressBar("", 0, null);
    }

    void advance(long units) {
        done.addAndGet(units);
    }

    long done() {
        return done.get();
    }

    private void draw() {
        long d = Math.min(done.get(), total);
        double fraction = total == 0 ? 1 : (double) d / total;
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        double mib = d * (double) EbsBlocks.BLOCK_SIZE / (1024 * 1024);
        out.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %d/%d blocks %.0f MiB/s ", label,
                "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(fraction * 100), d, total, mib / seconds));
        out.flush();
    }

    @Override
    public void close() {
        if (redraw != null) {
            redraw.shutdownNow();
            try {
                redraw.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            draw();
            out.println();
        }
    }

    /**
     * Java cannot ask whether a stream is a terminal. {@code System.console()} is null when standard input or
     * output is redirected (and on JDK 22+ {@code Console.isTerminal()} says so explicitly); on Linux the link
     * behind file descriptor 2 says where standard error goes.
     */
    static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Object terminal = java.io.Console.class.getMethod("isTerminal").invoke(console);
            if (Boolean.FALSE.equals(terminal)) {
                return false;
            }
        } catch (ReflectiveOperationException e) {
            // JDK 21: a non-null console already means a terminal.
        }
        Path fd2 = Path.of("/proc/self/fd/2");
        try {
            String target = Files.readSymbolicLink(fd2).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return true; // no /proc here: trust the console check
        }
    }
}
