package dev.tern.copy;

import dev.tern.account.Accounts;
import dev.tern.account.CallContext;
import dev.tern.blocks.BlockData;
import dev.tern.blocks.BlockRef;
import dev.tern.blocks.BlockSealing;
import dev.tern.blocks.BlockTransfer;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.config.Regions;
import dev.tern.config.TernConfig.CopyConfig;
import dev.tern.encryption.EncryptionDefaults;
import dev.tern.encryption.SnapshotEncryption;
import dev.tern.error.TernException;
import dev.tern.images.ImageService;
import dev.tern.snapshots.SnapshotRow;
import dev.tern.snapshots.SnapshotService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One slice of work on one claimed task: plan it if it is new, then move batches of blocks until the slice is used
 * up, the copy is done, or its link makes it wait; each batch commits its blocks with the task's progress, under
 * the task's lease. A batch that cannot commit (the lease was lost, the copy was stopped) leaves nothing recorded,
 * and the objects it stored are deleted.
 */
final class CopyRun {
    private static final Logger LOG = LoggerFactory.getLogger(CopyRun.class);
    private static final int MAX_BATCH_BLOCKS = 16;
    /** A wait longer than this gives the task back (claimable again when the wait is over) instead of sleeping. */
    private static final long MAX_INLINE_WAIT_MILLIS = 500;

    /** What a run uses of the rest of Tern. */
    record Services(Accounts accounts, Regions regions, SnapshotService snapshots, ImageService images,
            SnapshotBlocks blocks, BlockTransfer transfer, SnapshotEncryption encryption,
            EncryptionDefaults encryptionDefaults, LinkScheduler links, CopyMetrics metrics) {}

    /** The task's lease was lost (or it ended) between two of its writes: stop, record nothing more. */
    static final class LeaseLost extends RuntimeException {
        LeaseLost(String taskId) {
            super("lost the lease of copy task " + taskId, null, false, false);
        }
    }

    private CopyTask task;
    /** The task's progress as this run has recorded it: every index below nextBlock is done. */
    private int nextBlock;
    private long blocksDone;
    private long bytesMoved;
    private final Services s;
    private final Catalog catalog;
    private final Clock clock;
    private final CopyConfig config;
    private final ExecutorService blockPool;
    private final long leaseMillis;
    private final CopyOutcome outcome;

    CopyRun(CopyTask task, Services services, Catalog catalog, Clock clock, CopyConfig config,
            ExecutorService blockPool, long leaseMillis) {
        this.task = task;
        this.s = services;
        this.catalog = catalog;
        this.clock = clock;
        this.config = config;
        this.blockPool = blockPool;
        this.leaseMillis = leaseMillis;
        this.outcome = new CopyOutcome(services, catalog, clock, config);
    }

    void runSlice(long sliceNanos) {
        long end = System.nanoTime() + sliceNanos;
        try {
            if (task.state() == CopyTaskState.QUEUED) {
                Optional<CopyTask> planned = new CopyPlanner(s, catalog, clock, outcome).plan(task);
                if (planned.isEmpty()) {
                    return;
                }
                task = planned.get();
            }
            nextBlock = task.nextBlock();
            blocksDone = task.blocksDone();
            bytesMoved = task.bytesMoved();
            moveUntil(end);
        } catch (LeaseLost e) {
            s.links().forget(task);
        } catch (CopyFailure f) {
            s.links().forget(task);
            outcome.fail(task, f.code(), f.getMessage(), f.snapshotMessage());
        } catch (RuntimeException | Error e) {
            s.links().forget(task);
            if (Thread.currentThread().isInterrupted() || e instanceof java.util.concurrent.RejectedExecutionException) {
                return;
            }
            LOG.error("copy task {} failed", task.taskId(), e);
            outcome.fail(task, CopyFailure.INTERNAL_CODE, CopyFailure.INTERNAL_MESSAGE, CopyFailure.INTERNAL_MESSAGE);
        }
    }

    private void moveUntil(long end) {
        CallContext sourceCtx = context(task.sourceRegion());
        CallContext destCtx = context(task.destRegion());
        SnapshotRow dest = catalog.read(h -> s.snapshots().find(h, task.destSnapshotId(), task.destRegion()))
                .orElseThrow(() -> new LeaseLost(task.taskId()));
        BlockSealing sealing = throughKms(() -> s.encryption().sealing(destCtx, dest));
        Function<String, SecretKey> sourceKeys = s.encryption().keysFor(sourceCtx);
        int batch = batchBlocks();
        while (true) {
            List<Integer> indexes = next(batch);
            if (indexes.isEmpty()) {
                outcome.complete(task, bytesMoved);
                s.links().forget(task);
                return;
            }
            List<BlockTransfer.Staged> staged = stage(indexes, sealing, sourceKeys);
            List<Integer> gone = new ArrayList<>(indexes);
            staged.forEach(b -> gone.remove(Integer.valueOf(b.blockIndex())));
            long moved = staged.stream().filter(b -> b.size() > 0).count() * (long) SnapshotBlocks.BLOCK_SIZE;
            int next = indexes.get(indexes.size() - 1) + 1;
            long done = blocksDone + indexes.size();
            long bytes = bytesMoved + moved;
            long until = clock.millis() + leaseMillis;
            CopyTask before = task;
            List<String> spare;
            try {
                spare = catalog.inTransaction(h -> {
                    List<String> out = s.transfer().record(h, before.destSnapshotId(), staged);
                    for (int index : gone) {
                        s.transfer().forget(h, before.destSnapshotId(), index);
                    }
                    if (!CopyTasks.progressed(h, before, next, done, bytes, until)) {
                        throw new LeaseLost(before.taskId());
                    }
                    s.snapshots().recordProgress(h, before.destSnapshotId(), progress(done, before.blocksTotal()));
                    return out;
                });
            } catch (RuntimeException e) {
                s.transfer().discard(staged);
                if (e instanceof BlockTransfer.StaleStage) {
                    continue;
                }
                throw e;
            }
            s.transfer().deleteSpare(spare);
            nextBlock = next;
            blocksDone = done;
            bytesMoved = bytes;
            s.metrics().moved(task.sourceRegion(), task.destRegion(), moved);
            long remaining = Math.max(0, task.dataBytes() - bytesMoved);
            long wait = s.links().afterMoving(task, moved, staged.size(), remaining, clock.millis());
            if (wait > MAX_INLINE_WAIT_MILLIS || System.nanoTime() + wait * 1_000_000 > end) {
                long at = clock.millis() + wait;
                catalog.useTransaction(h -> CopyTasks.release(h, task, at));
                return;
            }
            sleep(wait);
        }
    }

    /** The next block indexes to move: the source's written blocks, or those that differ from the base's. */
    private List<Integer> next(int limit) {
        if (task.mode() == CopyMode.INCREMENTAL) {
            return catalog.read(h -> s.transfer().differences(h, task.sourceSnapshotId(), task.baseSourceSnapshotId(),
                    nextBlock, limit));
        }
        if (task.mode() == CopyMode.SHARE) {
            return List.of();
        }
        return s.blocks().list(task.sourceSnapshotId(), nextBlock, limit).stream().map(BlockRef::blockIndex)
                .toList();
    }

    /**
     * Reads, checks and stages the blocks in parallel. An index the source no longer holds (an incremental copy's
     * block dropped since the base) is left out: the caller forgets it in the destination.
     */
    private List<BlockTransfer.Staged> stage(List<Integer> indexes, BlockSealing sealing,
            Function<String, SecretKey> sourceKeys) {
        List<CompletableFuture<BlockTransfer.Staged>> futures = new ArrayList<>();
        for (int index : indexes) {
            futures.add(CompletableFuture.supplyAsync(() -> {
                Optional<BlockData> data = throughKms(() -> s.blocks().read(task.sourceSnapshotId(), index, sourceKeys));
                return data.map(d -> s.transfer().stage(task.destRegion(), index, d.data(), d.checksum(), sealing))
                        .orElse(null);
            }, blockPool));
        }
        List<BlockTransfer.Staged> out = new ArrayList<>();
        RuntimeException failure = null;
        for (CompletableFuture<BlockTransfer.Staged> f : futures) {
            try {
                BlockTransfer.Staged b = f.join();
                if (b != null) {
                    out.add(b);
                }
            } catch (CompletionException e) {
                failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
        if (failure != null) {
            s.transfer().discard(out);
            throw failure;
        }
        return out;
    }

    private int batchBlocks() {
        double rate = s.links().bandwidth(task.sourceRegion(), task.destRegion());
        if (rate <= 0) {
            return MAX_BATCH_BLOCKS;
        }
        // About a quarter of a second of the link's bandwidth a batch, so pacing stays smooth on slow links.
        return (int) Math.max(1, Math.min(MAX_BATCH_BLOCKS, rate / 4 / SnapshotBlocks.BLOCK_SIZE));
    }

    private CallContext context(String region) {
        return new CallContext(s.accounts().byId(task.ownerId()), s.regions().get(region), "copy-" + task.taskId());
    }

    /** KMS refusing the copier (a key disabled, deleted, or no longer shared) fails the copy with the reason. */
    static <T> T throughKms(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (TernException e) {
            throw CopyFailure.ofKms(e);
        }
    }

    static String progress(long done, long total) {
        return total <= 0 ? "0%" : Math.min(99, done * 100 / total) + "%";
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LeaseLost("interrupted");
        }
    }
}
