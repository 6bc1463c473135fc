package dev.tern.server;

import dev.tern.catalog.Catalog;
import dev.tern.config.TernConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The data directory a start is about to use: checked before anything opens it, so an unusable one is refused with
 * its path and the reason rather than with the database driver's words, and removed again when the start that
 * created it fails.
 */
final class DataDirectory {
    private final Path dir;
    private final boolean created;

    private DataDirectory(Path dir, boolean created) {
        this.dir = dir;
        this.created = created;
    }

    /** Refuses a path that cannot hold Tern's data; notes whether the directory exists yet. */
    static DataDirectory prepare(Path dir, TernConfig config) throws Tern.StartException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Tern.StartException("data directory " + dir + " is not a directory", null);
        }
        boolean existed = Files.isDirectory(dir);
        if (existed && !Files.isWritable(dir)) {
            throw new Tern.StartException("data directory " + dir + " is not writable (read-only)", null);
        }
        Path catalog = dir.resolve(Catalog.SQLITE_FILE);
        boolean sqliteHere = config.catalog() == null || config.catalog().isBlank();
        if (sqliteHere && Files.exists(catalog) && (!Files.isRegularFile(catalog) || !Files.isWritable(catalog))) {
            throw new Tern.StartException("catalogue " + catalog + " is not a writable file", null);
        }
        if (!existed) {
            Path parent = dir.toAbsolutePath().getParent();
            while (parent != null && !Files.exists(parent)) {
                parent = parent.getParent();
            }
            if (parent != null && (!Files.isDirectory(parent) || !Files.isWritable(parent))) {
                throw new Tern.StartException("data directory " + dir + " cannot be created: " + parent
                        + (Files.isDirectory(parent) ? " is not writable (read-only)" : " is not a directory"), null);
            }
        }
        return new DataDirectory(dir, !existed);
    }

    boolean created() {
        return created;
    }

    /** After a failed start: a directory this start made goes again, with whatever was written into it. */
    void removeIfCreated() {
        if (created) {
            deleteTree(dir);
        }
    }

    /** One line: what failed, naming the data directory unless the message already names a path of its own. */
    String explain(Throwable e) {
        String message = firstLine(e.getMessage());
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String cause = firstLine(root.getMessage());
        if (message.isEmpty()) {
            message = e.getClass().getSimpleName();
        }
        if (root != e && !cause.isEmpty() && !message.contains(cause)) {
            message = message + ": " + cause;
        }
        return message.contains(dir.toString()) || message.contains(dir.toAbsolutePath().toString()) ? message
                : message + " (data directory " + dir + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(DataDirectory::deleteQuietly);
        } catch (IOException e) {
            // Best effort: a file that cannot be removed is left for the operator, as any leftover temp file.
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // As above.
        }
    }
}
