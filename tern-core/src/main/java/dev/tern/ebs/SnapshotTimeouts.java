package dev.tern.ebs;

import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.snapshots.SnapshotRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * StartSnapshot's Timeout: "the snapshot moves to an error state if there are no put or complete requests made for
 * the snapshot within the specified timeout period". A sweep over the catalogue's pending snapshots moves every
 * overdue one to {@code error} and frees its blocks, so DescribeSnapshots shows it without anyone touching the
 * snapshot; writes and completions also check the deadline themselves, so none slips in between two sweeps.
 * Any number of nodes may sweep the same catalogue: moving a snapshot that is no longer pending does nothing.
 */
public final class SnapshotTimeouts {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTimeouts.class);
    private static final int BATCH = 200;

    private final Catalog catalog;
    private final SnapshotBlocks blocks;
    private final Clock clock;
    private final SnapshotRepository snapshots = new SnapshotRepository();

    public SnapshotTimeouts(Catalog catalog, SnapshotBlocks blocks, Clock clock) {
        this.catalog = catalog;
        this.blocks = blocks;
        this.clock = clock;
    }

    /** Moves every pending snapshot whose deadline has passed to error; returns how many it moved. */
    public int sweep() {
        int moved = 0;
        while (true) {
            long now = clock.millis();
            List<String> overdue = catalog.read(h -> EbsRepository.overdue(h, now, BATCH));
            for (String snapshotId : overdue) {
                if (catalog.inTransaction(h -> expire(h, snapshotId, now))) {
                    moved++;
                }
            }
            if (overdue.size() < BATCH) {
                return moved;
            }
        }
    }

    /**
     * In the caller's transaction: when the snapshot is pending and its deadline is at or before {@code now}, moves
     * it to error, forgets its write state and frees its blocks (an errored snapshot can never be read); returns
     * whether it did.
     */
    boolean expire(Handle h, String snapshotId, long now) {
        var pending = EbsRepository.pending(h, snapshotId);
        if (pending.isEmpty() || pending.get().deadline() > now) {
            return false;
        }
        boolean moved = snapshots.fail(h, snapshotId, "The snapshot received no PutSnapshotBlock or CompleteSnapshot "
                + "request within its Timeout of " + pending.get().timeoutMinutes() + " minutes.");
        EbsRepository.forgetPending(h, snapshotId);
        if (moved) {
            blocks.release(h, snapshotId);
        }
        return moved;
    }

    /** Sweeps every {@code every} on a background thread until the returned handle is closed. */
    public AutoCloseable startBackground(Duration every) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-snapshot-timeouts");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                int moved = sweep();
                if (moved > 0) {
                    LOG.info("{} pending snapshots passed their Timeout and are now in error", moved);
                }
            } catch (RuntimeException e) {
                // The next run tries again; a scheduled task that throws would never run again.
                LOG.warn("snapshot timeout sweep failed: {}", e.toString());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return executor::shutdownNow;
    }
}
