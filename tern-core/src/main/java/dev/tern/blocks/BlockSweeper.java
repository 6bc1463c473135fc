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
 */
public final class BlockSweeper {
    /** Far longer than any single block write takes, which is what makes deleting older unknown objects safe. */
    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(1);
    private static final int BATCH = 500;
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
        Instant cutoff = clock.instant().minus(grace);
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
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tern-block-sweeper");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> run("garbage", this::sweepGarbage),
                garbageEvery.toMillis(), garbageEvery.toMillis(), TimeUnit.MILLISECONDS);
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
