package dev.tern.testing;

import dev.tern.catalog.Catalog;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real catalogues for tests: SQLite in a temporary directory, or a fresh database in one embedded PostgreSQL
 * shared by the whole test JVM (started on first use, stopped at exit), so each test gets an empty catalogue
 * without paying for a PostgreSQL start.
 */
public final class CatalogFixture {
    /** The two catalogue engines Tern supports; {@link BothCatalogs} runs a test on each. */
    public enum Kind { SQLITE, POSTGRESQL }

    private static final String TEMPLATE = "tern_template";
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private CatalogFixture() {}

    /** An empty, migrated catalogue of that kind; {@code dir} holds the SQLite file. */
    public static Catalog open(Kind kind, Path dir) {
        return switch (kind) {
            case SQLITE -> Catalog.open(null, dir);
            case POSTGRESQL -> Catalog.open(freshPostgresDatabase(), dir);
        };
    }

    /**
     * The JDBC URL of a new database in the shared embedded PostgreSQL, already migrated: it is copied from a
     * template database migrated once, which is much faster than migrating each (Flyway then finds nothing to do).
     */
    public static String freshPostgresDatabase() {
        EmbeddedPostgres pg = postgres();
        String name = "tern_test_" + DATABASES.incrementAndGet();
        execute(pg, "CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return pg.getJdbcUrl("postgres", name);
    }

    private static void execute(EmbeddedPostgres pg, String sql) {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test database setup failed: " + sql, e);
        }
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
            }
            execute(postgres, "CREATE DATABASE " + TEMPLATE);
            // Migrate the template, then close every connection to it: a template must be idle to be copied.
            Catalog.open(postgres.getJdbcUrl("postgres", TEMPLATE), null).close();
            EmbeddedPostgres started = postgres;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException e) {
                    // The JVM is exiting; the temporary cluster directory is removed by the library anyway.
                }
            }));
        }
        return postgres;
    }
}
