package dev.tern.cli.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The process a command is run for: its environment, working directory and terminal. Run in-process, that is this
 * JVM. Run by the resident process (docs/cli.md, "Start-up"), it is the short-lived client that passed the command
 * on, so relative paths, {@code ~}, the config files and the terminal are the caller's, not the resident's.
 */
public record Host(Map<String, String> env, Path cwd, Terminal terminal, boolean resident) {
    /** Paths that name something of the process that opens them (its descriptors, its terminal), not a file. */
    private static final List<Path> OF_THE_OPENER = Stream.of("/dev/fd", "/dev/stdin", "/dev/stdout", "/dev/stderr",
            "/dev/tty", "/dev/pts", "/proc/self", "/proc/thread-self").map(Path::of).toList();

    /** This JVM, with {@code env} as its environment (tests pass their own). */
    public static Host ofThisProcess(Map<String, String> env) {
        return new Host(env, Path.of("").toAbsolutePath(), Terminal.ofThisProcess(env), false);
    }

    /**
     * Thrown for what only the calling process itself can do: read its own stdin or file descriptors (a
     * {@code /dev/fd/N} from process substitution), prompt on its terminal, log its debug output. The resident
     * answers "run it in-process" without having written anything.
     */
    public static final class InProcessOnly extends RuntimeException {
        public InProcessOnly(String why) {
            super(why, null, false, false);
        }
    }

    /** {@code ~} at the start of a path replaced by the caller's home directory. */
    public String expand(String typed) {
        if (typed.equals("~") || typed.startsWith("~/")) {
            String home = env.get("HOME");
            return (home == null || home.isEmpty() ? System.getProperty("user.home") : home) + typed.substring(1);
        }
        return typed;
    }

    private static Path link(Path path) {
        try {
            return Files.isSymbolicLink(path) ? path.resolveSibling(Files.readSymbolicLink(path)).normalize() : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A path as the caller typed it: {@code ~} is the caller's home, a relative path is under its directory. */
    public Path path(String typed) {
        Path path = cwd.resolve(expand(typed)).normalize();
        if (resident) {
            // Links are followed by hand: resolving /proc/self here would find the resident's own descriptors.
            Path hop = path;
            for (int i = 0; i < 40 && hop != null; i++) {
                if (OF_THE_OPENER.stream().anyMatch(hop::startsWith)) {
                    throw new InProcessOnly(typed);
                }
                hop = link(hop);
            }
        }
        return path;
    }
}
