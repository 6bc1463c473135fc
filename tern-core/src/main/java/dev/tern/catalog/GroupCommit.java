package dev.tern.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Group commit for SQLite: the transactions of concurrent callers run one after the other on one writer thread,
 * inside one database transaction, and are committed together. SQLite has a single writer and syncs the disk at
 * every commit; without this, concurrent writers queue for its lock in its busy handler (which sleeps and polls)
 * and each pays its own sync, so a burst of small writes (the blocks of an upload) spends its time waiting.
 * <p>
 * Each caller's work runs under its own savepoint: if it throws, only its own changes are rolled back and only it
 * gets the exception; the others commit. A caller returns only once the commit that holds its work is done, so an
 * answer still means the change survives a crash. If the group's transaction itself fails (the commit, say), every
 * caller in it gets that failure and nothing of the group is kept.
 */
final class GroupCommit implements AutoCloseable {
    /** A bound on one group, so a long queue still commits (and answers) in steps. */
    static final int MAX_GROUP = 128;

    private final Jdbi jdbi;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    /** Queued by close(): the writer ends when it reaches it, after everything queued before. */
    private final Pending<Void> stop = new Pending<>(h -> null);
    private Thread writer;
    private boolean closed;

    GroupCommit(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    private static final class Pending<R> {
        final HandleCallback<R, RuntimeException> work;
        final CompletableFuture<R> result = new CompletableFuture<>();
        R value;
        RuntimeException failure;

        Pending(HandleCallback<R, RuntimeException> work) {
            this.work = work;
        }

        /** Runs the work under a savepoint; a failure undoes only this work and is kept for its caller. */
        void runIn(Handle h) throws SQLException {
            value = null;
            failure = null;
            // JDBC's own savepoints: Jdbi's forget a savepoint once rolled back to, so it could not be released.
            Connection c = h.getConnection();
            Savepoint savepoint = c.setSavepoint();
            try {
                value = work.withHandle(h);
            } catch (RuntimeException e) {
                // If the database lost the whole transaction, this throws and the group fails as one.
                c.rollback(savepoint);
                failure = e;
            }
            c.releaseSavepoint(savepoint);
        }

        void answer() {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        }
    }

    /** Runs {@code work} in a transaction committed with whatever other callers' work is waiting, and returns its result. */
    <R> R inTransaction(HandleCallback<R, RuntimeException> work) {
        Pending<R> pending = new Pending<>(work);
        enqueue(pending);
        try {
            // Not interruptible on purpose: once queued, the work may commit, and the caller must learn how it went.
            return pending.result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** How many callers wait for the writer to take up their work (tests watch a group form with it). */
    int queued() {
        return queue.size();
    }

    private synchronized void enqueue(Pending<?> pending) {
        if (closed) {
            throw new IllegalStateException("the catalogue is closed");
        }
        if (writer == null) {
            writer = Thread.ofPlatform().name("tern-catalog-commit").daemon().start(this::writeLoop);
        }
        queue.add(pending);
    }

    private void writeLoop() {
        List<Pending<?>> group = new ArrayList<>();
        while (true) {
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                // Only close() stops the writer, through the stop marker; callers are waiting on this thread.
                continue;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            boolean stopping = group.remove(stop);
            commit(group);
            group.clear();
            if (stopping) {
                return;
            }
        }
    }

    private void commit(List<Pending<?>> group) {
        if (group.isEmpty()) {
            return;
        }
        try {
            TransactionRetry.run(() -> jdbi.inTransaction(TransactionIsolationLevel.SERIALIZABLE, h -> {
                try {
                    for (Pending<?> p : group) {
                        p.runIn(h);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException("a savepoint of a group commit failed: " + e.getMessage(), e);
                }
                return null;
            }));
        } catch (RuntimeException | Error e) {
            for (Pending<?> p : group) {
                p.result.completeExceptionally(e);
            }
            return;
        }
        for (Pending<?> p : group) {
            p.answer();
        }
    }

    /** Commits everything queued so far, then stops the writer; later calls are refused. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = writer;
            if (running != null) {
                queue.add(stop);
            }
        }
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
