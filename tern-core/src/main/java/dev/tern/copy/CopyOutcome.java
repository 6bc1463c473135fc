package dev.tern.copy;

import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.config.TernConfig.CopyConfig;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * How a copy task ends, in one transaction each. Completed: the snapshot is completed at 100%, and its image is
 * available once every snapshot of it is. Failed: the snapshot goes to error with its StateMessage and its blocks
 * are freed, the image's other copies stop the same way, and the image is failed with the StateReason.
 */
final class CopyOutcome {
    private final CopyRun.Services s;
    private final Catalog catalog;
    private final Clock clock;
    private final CopyConfig config;

    CopyOutcome(CopyRun.Services services, Catalog catalog, Clock clock, CopyConfig config) {
        this.s = services;
        this.catalog = catalog;
        this.clock = clock;
        this.config = config;
    }

    void complete(CopyTask t, long bytesMoved) {
        long now = clock.millis();
        boolean imageDone = catalog.inTransaction(h -> {
            if (!CopyTasks.completed(h, t, now)) {
                throw new CopyRun.LeaseLost(t.taskId());
            }
            long size = s.transfer().countStored(h, t.destSnapshotId()) * SnapshotBlocks.BLOCK_SIZE;
            s.snapshots().recordCompleted(h, t.destSnapshotId(), now, size);
            if (t.isTimeBased()) {
                CopyTasks.startNextTimeBased(h, t.sourceSnapshotId(), now, config.timeScale());
            }
            if (t.imageId() == null) {
                return false;
            }
            List<CopyTask> all = CopyTasks.ofImage(h, t.imageId());
            return all.stream().allMatch(x -> x.state() == CopyTaskState.COMPLETED)
                    && s.images().recordAvailable(h, t.imageId());
        });
        s.metrics().completed();
        CopyLog.changed(t, CopyTaskState.COMPLETED, t.mode(), bytesMoved, imageDone ? "image available" : null);
    }

    void fail(CopyTask t, String code, String message, String snapshotMessage) {
        long now = clock.millis();
        boolean failed = catalog.inTransaction(h -> {
            Optional<CopyTask> current = CopyTasks.find(h, t.taskId());
            if (current.isEmpty() || current.get().leaseEpoch() != t.leaseEpoch()
                    || !CopyTasks.end(h, t.taskId(), CopyTaskState.FAILED, code, message, now)) {
                return false;
            }
            s.snapshots().recordFailed(h, t.destSnapshotId(), snapshotMessage);
            if (t.isTimeBased()) {
                CopyTasks.startNextTimeBased(h, t.sourceSnapshotId(), now, config.timeScale());
            }
            if (t.imageId() != null) {
                for (CopyTask other : CopyTasks.ofImage(h, t.imageId())) {
                    if (other.state().isActive() && CopyTasks.end(h, other.taskId(), CopyTaskState.CANCELLED, code,
                            "Another snapshot of the image failed to copy.", now)) {
                        s.snapshots().recordFailed(h, other.destSnapshotId(), "The copy of another snapshot of image "
                                + t.imageId() + " failed.");
                    }
                }
                s.images().recordFailed(h, t.imageId(), code, message);
            }
            return true;
        });
        if (failed) {
            s.metrics().failed();
            CopyLog.changed(t, CopyTaskState.FAILED, t.mode(), t.bytesMoved(), code + ": " + message);
        }
    }
}
