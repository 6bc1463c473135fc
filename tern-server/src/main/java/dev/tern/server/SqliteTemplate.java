package dev.tern.server;

import dev.tern.catalog.Catalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An empty, migrated SQLite catalogue made once per JVM and copied into each new temporary data directory: a test
 * JVM starts many servers, and migrating each new catalogue (dozens of schema statements, each synced to disk) was
 * most of a start. The copy then opens like any catalogue of this version, with nothing left to migrate.
 */
final class SqliteTemplate {
    private static Path template;

    private SqliteTemplate() {}

    /** Puts an empty migrated catalogue into {@code dataDir}, which must not hold one yet. */
    static synchronized void copyInto(Path dataDir) throws IOException {
        if (template == null) {
            Path dir = Files.createTempDirectory("tern-template-");
            Catalog.open(null, dir).close();
            template = dir.resolve(Catalog.SQLITE_FILE);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> DataDirectory.deleteTree(dir), "tern-template-cleanup"));
            if (Files.exists(dir.resolve(Catalog.SQLITE_FILE + "-wal"))) {
                throw new UncheckedIOException(new IOException("the template catalogue was not checkpointed: " + dir));
            }
        }
        Files.createDirectories(dataDir);
        Files.copy(template, dataDir.resolve(Catalog.SQLITE_FILE));
    }
}
