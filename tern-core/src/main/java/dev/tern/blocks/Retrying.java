package dev.tern.blocks;

import dev.tern.catalog.Catalog;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.jdbi.v3.core.HandleCallback;

/**
 * Runs a catalogue transaction again when the database gave it up only because another one ran beside it:
 * PostgreSQL aborts one of two conflicting SERIALIZABLE transactions, and two writers of the same new block can
 * both try to insert it. The work must have no effect outside the transaction, since it may run more than once.
 */
final class Retrying {
    private static final int ATTEMPTS = 8;
    // serialization_failure, deadlock_detected, unique_violation.
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "23505");

    private Retrying() {}

    static <R> R inTransaction(Catalog catalog, HandleCallback<R, RuntimeException> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return catalog.inTransaction(work);
            } catch (RuntimeException e) {
                if (attempt == ATTEMPTS || !isTransient(e)) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    private static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && TRANSIENT.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a catalogue transaction", e);
        }
    }
}
