package dev.tern.account;

import dev.tern.catalog.Catalog;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;

/**
 * Whether the cached accounts, keys and IAM policies are still current. Every write to them changes one catalogue
 * value (to a new random number, so that a catalogue put back to an earlier state also reads as changed); caches
 * remember the value they were built at. This node's writes mark the value stale at once; other writers (another
 * node, {@code tern admin} in another process) are seen when the value is read again, at most
 * {@link #RECHECK_NANOS} later. That delay is Tern's form of IAM's eventual consistency (docs/iam.md).
 */
public final class IdentityGeneration {
    /** How old the value read from the catalogue may be before it is read again. */
    public static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Catalog catalog;
    private volatile long known;
    private volatile long readAt;
    private volatile boolean stale = true;

    public IdentityGeneration(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The current value: the one last read, unless this node wrote since or it is older than the recheck delay. */
    public long current() {
        if (stale || System.nanoTime() - readAt > RECHECK_NANOS) {
            synchronized (this) {
                if (stale || System.nanoTime() - readAt > RECHECK_NANOS) {
                    // Cleared before the read: a write that lands during it marks the value stale again.
                    stale = false;
                    known = read(catalog);
                    readAt = System.nanoTime();
                }
            }
        }
        return known;
    }

    /** Runs {@code work} in one transaction that also changes the value, and marks this node's caches stale. */
    public <R> R write(HandleCallback<R, RuntimeException> work) {
        try {
            return catalog.inTransaction(h -> {
                R result = work.withHandle(h);
                bump(h);
                return result;
            });
        } finally {
            stale = true;
        }
    }

    /** Changes the value inside a transaction the caller runs (a process that keeps no cache, like tern admin). */
    public static void bump(Handle h) {
        h.createUpdate("UPDATE identity_generation SET generation = :g WHERE name = 'identity'")
                .bind("g", RANDOM.nextLong()).execute();
    }

    private static long read(Catalog catalog) {
        return catalog.read(h -> h.createQuery("SELECT generation FROM identity_generation WHERE name = 'identity'")
                .mapTo(Long.class).one());
    }
}
