package dev.tern.blocks;

import dev.tern.catalog.Catalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes stored objects that no snapshot needs. Both sweeps may stop at any point and run again, in this process
 * or the next, and may run beside each other and beside writes.
 * <ul>
 * <li>{@link #sweepGarbage}: objects whose last reference went (their keys are in block_garbage). It first claims
 *     the keys in one transaction, removing their catalogue rows, so no write can take them up again; then deletes
 *     the objects; then forgets the keys. A crash in between only means the same deletes run again.</li>
 * <li>{@link #sweepOrphans}: objects the catalogue has no row for, written by a request that died before its
 *     commit. Only objects older than a grace period go: a younger one may belong to a write still under way.</li>
 * </ul>
 * On start, a store private to this process ({@link BlockStore#privateToThisProcess}) holds nothing any write of
 * this process may still commit: what it has unfinished or unreferenced from before is a killed process's, whose
 * commits are all decided. So its unfinished writes go at once and its orphans soon after, not an hour later.
 */
public final class BlockSweeper {
    /** Far longer than any single block write takes, which is what makes deleting older unknown objects safe. */
    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(1);
    private static final int BATCH = 500;
    /** How soon after start a private store's leftovers of a previous process are swept. */
    static final Duration START_SWEEP_DELAY = Duration.ofSeconds(5);
    private static final Duration START_MARGIN = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(BlockSweeper.class);

    private final Catalog catalog;
    private final BlockStore store;
    private final Clock clock;

    public BlockSweeper(Catalog catalog, BlockStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    /** Deletes the objects of every freed block; returns how many it deleted. */
    public int sweepGarbage() {
        catalog.inTransaction(h -> {
            BlockCatalog.claimGarbage(h);
            return null;
        });
        int deleted = 0;
        while (true) {
            List<String> keys = catalog.read(h -> BlockCatalog.claimed(h, BATCH));
            if (keys.isEmpty()) {
                return deleted;
            }
            keys.forEach(store::delete);
            catalog.inTransaction(h -> {
                BlockCatalog.forgetGarbage(h, keys);
                return null;
            });
            deleted += keys.size();
        }
    }

    /**
     * Deletes objects older than {@code grace} that the catalogue does not know, and leftovers of writes that never
     * finished; returns how many it deleted. {@code grace} must exceed the longest a block write can take between
     * storing its object and committing.
     */
    public int sweepOrphans(Duration grace) {
        return sweepOrphansBefore(clock.instant().minus(grace));
    }

    /** {@link #sweepOrphans} of what was written before {@code cutoff}. */
    int sweepOrphansBefore(Instant cutoff) {
        int[] deleted = {store.removeIncomplete(cutoff)};
        List<String> batch = new ArrayList<>();
        store.list(object -> {
            if (object.written().isBefore(cutoff)) {
                batch.add(object.key());
                if (batch.size() == BATCH) {
                    deleted[0] += deleteUnknown(batch);
                    batch.clear();
                }
            }
        });
        deleted[0] += deleteUnknown(batch);
        return deleted[0];
    }

    private int deleteUnknown(List<String> keys) {
        if (keys.isEmpty()) {
            return 0;
        }
        Set<String> known = catalog.read(h -> BlockCatalog.known(h, keys));
        int deleted = 0;
        for (String key : keys) {
            if (!known.contains(key)) {
                store.delete(key);
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * Runs the garbage sweep every {@code garbageEvery} and the orphan sweep (which lists the whole store) every
     * {@code orphansEvery}, on one background thread, until the returned handle is closed.
     */
    public AutoCloseable startBackground(Duration garbageEvery, Duration orphansEvery, Duration grace) {
        // Called before this process writes anything. File times come from the system clock, whatever clock the
        // catalogue is given; the margin covers the coarse clock file systems stamp with.
        Instant startedAt = Instant.now().minus(START_MARGIN);
        if (store.privateToThisProcess()) {
            run("leftover", () -> store.removeIncomplete(startedAt));
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-block-sweeper");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> run("garbage", this::sweepGarbage),
                garbageEvery.toMillis(), garbageEvery.toMillis(), TimeUnit.MILLISECONDS);
        if (store.privateToThisProcess()) {
            executor.schedule(() -> run("start-up orphan", () -> sweepOrphansBefore(startedAt)),
                    START_SWEEP_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
        executor.scheduleWithFixedDelay(() -> run("orphan", () -> sweepOrphans(grace)),
                orphansEvery.toMillis(), orphansEvery.toMillis(), TimeUnit.MILLISECONDS);
        return executor::shutdownNow;
    }

    private static void run(String sweep, IntSupplier work) {
        try {
            int deleted = work.getAsInt();
            if (deleted > 0) {
                LOG.info("{} sweep deleted {} block objects", sweep, deleted);
            }
        } catch (RuntimeException e) {
            // The next run tries again; a scheduled task that throws would never run again.
            LOG.warn("{} sweep failed: {}", sweep, e.toString());
        }
    }
}
