package dev.tern.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tern.files.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * The durable catalogue of metadata: SQLite in the data directory by default, or PostgreSQL.
 * Both run the same Flyway migrations. Every write goes through {@link #inTransaction}, so a failed
 * request leaves nothing behind.
 */
public final class Catalog implements AutoCloseable {
    public static final String SQLITE_FILE = "catalog.db";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Dialect dialect;
    /** Null on PostgreSQL, whose commits of concurrent transactions already share their disk syncs. */
    private final GroupCommit groupCommit;

    private Catalog(HikariDataSource dataSource, Dialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.jdbi = Jdbi.create(dataSource);
        this.groupCommit = dialect == Dialect.SQLITE ? new GroupCommit(jdbi) : null;
    }

    /** Opens the catalogue named by a JDBC URL, or SQLite under {@code dataDir} when the URL is null or blank. */
    public static Catalog open(String jdbcUrl, Path dataDir) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            try {
                PrivateFiles.createDirectories(dataDir);
            } catch (IOException e) {
                throw new IllegalStateException("cannot create data directory " + dataDir + ": " + e.getMessage(), e);
            }
            return openSqlite(dataDir.resolve(SQLITE_FILE));
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return openPostgres(jdbcUrl);
        }
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return openSqlite(Path.of(jdbcUrl.substring("jdbc:sqlite:".length())));
        }
        throw new IllegalArgumentException("catalog: unsupported JDBC URL (jdbc:postgresql: or jdbc:sqlite: expected): " + jdbcUrl);
    }

    static Catalog openSqlite(Path file) {
        try {
            PrivateFiles.prepareFile(file);
            for (String journal : new String[] {"-wal", "-shm", "-journal"}) {
                PrivateFiles.restrictIfPresent(file.resolveSibling(file.getFileName() + journal));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the catalogue file " + file + ": " + e.getMessage(), e);
        }
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tern-catalog");
        // WAL lets readers run beside the one writer; FULL sync makes an acknowledged write survive power loss;
        // IMMEDIATE transactions take the write lock up front, so two writers queue instead of failing to upgrade.
        hc.setJdbcUrl("jdbc:sqlite:" + file.toAbsolutePath()
                + "?journal_mode=WAL&synchronous=FULL&busy_timeout=30000&foreign_keys=true&transaction_mode=IMMEDIATE");
        hc.setMaximumPoolSize(8);
        hc.setConnectionTimeout(30_000);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            // The pool's first connection fails with the driver's words only (SQLITE_CANTOPEN); say which file.
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("cannot open the catalogue " + file + ": " + root.getMessage(), e);
        }
        Catalog catalog = new Catalog(dataSource, Dialect.SQLITE);
        catalog.jdbi.setStatementBuilderFactory(new StatementCache(org.sqlite.SQLiteConnection.class));
        return migrate(catalog, file.toString());
    }

    static Catalog openPostgres(String jdbcUrl) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("tern-catalog");
        hc.setJdbcUrl(jdbcUrl);
        hc.setMaximumPoolSize(16);
        int query = jdbcUrl.indexOf('?');
        return migrate(new Catalog(new HikariDataSource(hc), Dialect.POSTGRESQL), query < 0 ? jdbcUrl : jdbcUrl.substring(0, query));
    }

    /**
     * The newest migration (version and checksum) Flyway has applied or found applied in this JVM. Flyway's own check
     * of an up-to-date catalogue costs about 100 ms, which a process that opens many catalogues (a test JVM starting
     * a server per class) pays again and again; a catalogue whose newest migration is this one was made by these very
     * migrations, so Flyway has nothing to do there. The first open in a process always runs Flyway in full.
     */
    private static volatile String newestMigration;

    private static Catalog migrate(Catalog catalog, String where) {
        String head = newestMigration == null ? null : newestApplied(catalog);
        if (head != null && head.equals(newestMigration)) {
            return catalog;
        }
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(catalog.dataSource)
                    .locations("classpath:db/migration")
                    .load();
            MigrateResult result = flyway.migrate();
            refuseNewer(result, flyway, where);
            newestMigration = newestApplied(catalog);
            return catalog;
        } catch (RuntimeException e) {
            catalog.close();
            throw e;
        }
    }

    /**
     * Flyway passes over migrations it does not know (a newer Tern's) without complaint; an older Tern on a newer
     * catalogue would then misread it, so the start stops instead.
     */
    private static void refuseNewer(MigrateResult result, Flyway flyway, String where) {
        if (result.migrationsExecuted > 0) {
            return;
        }
        MigrationInfo current = flyway.info().current();
        if (current != null && isFuture(current)) {
            MigrationInfo[] known = flyway.info().all();
            String newest = "none";
            for (MigrationInfo m : known) {
                if (m.getVersion() != null && !isFuture(m)) {
                    newest = m.getVersion().getVersion();
                }
            }
            throw new IllegalStateException("the catalogue " + where + " was written by a newer Tern (schema version "
                    + current.getVersion() + "; this Tern knows up to " + newest + ")");
        }
    }

    /** "version checksum" of the newest successful migration in the catalogue; null when there is none to read. */
    private static String newestApplied(Catalog catalog) {
        try {
            return catalog.jdbi.withHandle(h -> h.createQuery("SELECT version, checksum FROM flyway_schema_history"
                            + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")
                    .map((rs, ctx) -> rs.getString(1) + " " + rs.getString(2)).findOne().orElse(null));
        } catch (RuntimeException e) {
            // No history table yet: a new catalogue, which Flyway migrates.
            return null;
        }
    }

    private static boolean isFuture(MigrationInfo m) {
        return m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Runs {@code work} in one transaction: all of it is committed, or none of it. A transaction the database
     * aborted only for a concurrent one is run again, so {@code work} must not act outside the catalogue.
     */
    public <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
        return TransactionRetry.run(() -> jdbi.inTransaction(TransactionIsolationLevel.SERIALIZABLE, work));
    }

    /**
     * {@link #inTransaction}, for small writes that come many at once (the blocks of an upload): on SQLite the
     * transactions of concurrent callers are committed together, sharing one lock and one disk sync (see
     * {@link GroupCommit}). The contract is the same: when this returns the work is committed, and if it throws
     * nothing of it is.
     */
    public <R> R inGroupCommit(HandleCallback<R, RuntimeException> work) {
        return groupCommit == null ? inTransaction(work) : groupCommit.inTransaction(work);
    }

    /** Runs read-only {@code work} on a handle without opening a write transaction. */
    public <R> R read(HandleCallback<R, RuntimeException> work) {
        return jdbi.withHandle(work);
    }

    public void useTransaction(java.util.function.Consumer<Handle> work) {
        inTransaction(h -> {
            work.accept(h);
            return null;
        });
    }

    @Override
    public void close() {
        if (groupCommit != null) {
            groupCommit.close();
        }
        dataSource.close();
    }
}
