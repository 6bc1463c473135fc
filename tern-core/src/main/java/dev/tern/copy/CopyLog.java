package dev.tern.copy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One structured log line per copy state change: image, snapshots, Regions, bytes, and the reason of a failure. */
final class CopyLog {
    private static final Logger LOG = LoggerFactory.getLogger("dev.tern.copy");

    private CopyLog() {}

    static void queued(NewCopyTask t) {
        LOG.info("copy state=queued task={} image={} source={}/{} destination={}/{} encrypted={} transfer={}", t.taskId,
                t.imageId, t.sourceRegion, t.sourceSnapshotId, t.destRegion, t.destSnapshotId, t.encrypted,
                t.completionDurationMinutes == null ? "standard" : "time-based");
    }

    static void changed(CopyTask t, CopyTaskState state, CopyMode mode, long bytes, String reason) {
        LOG.info("copy state={} task={} image={} source={}/{} destination={}/{} mode={} bytes={} reason={}",
                state.wire(), t.taskId(), t.imageId(), t.sourceRegion(), t.sourceSnapshotId(), t.destRegion(),
                t.destSnapshotId(), mode == null ? null : mode.wire(), bytes, reason == null ? "" : reason);
    }

    static void refused(String destSnapshotId, String reason) {
        LOG.info("copy state=failed destination={} reason={}", destSnapshotId, reason);
    }
}
