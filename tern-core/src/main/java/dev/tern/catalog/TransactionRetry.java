package dev.tern.catalog;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs a catalogue transaction again when the database gave it up only because another one ran beside it:
 * PostgreSQL aborts one of two conflicting SERIALIZABLE transactions, and two writers of the same new row can
 * both try to insert it (the retry then sees the other's row and answers as the domain rules say). The work must
 * have no effect outside the transaction, since it may run more than once.
 */
final class TransactionRetry {
    private static final int ATTEMPTS = 8;
    // serialization_failure, deadlock_detected, unique_violation.
    private static final Set<String> TRANSIENT = Set.of("40001", "40P01", "23505");

    private TransactionRetry() {}

    static <R> R run(java.util.function.Supplier<R> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
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
