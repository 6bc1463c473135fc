package dev.tern.copy;

import dev.tern.account.CallContext;
import dev.tern.catalog.Catalog;
import dev.tern.encryption.SnapshotEncryption;
import dev.tern.snapshots.SnapshotRow;
import dev.tern.snapshots.SnapshotState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The first step of a claimed task (docs/copying.md, "What moves"): checks that the copier may still read the
 * source, asks KMS for the destination's key and data key (the asynchronous key check: a key that cannot be used
 * fails the copy here), and chooses how the blocks move. Recorded in one transaction with the task's plan.
 */
final class CopyPlanner {
    /** How far back a source's ancestors are searched for an earlier copy to start an incremental copy from. */
    private static final int MAX_LINEAGE = 64;

    private final CopyRun.Services s;
    private final Catalog catalog;
    private final Clock clock;
    private final CopyOutcome outcome;

    CopyPlanner(CopyRun.Services services, Catalog catalog, Clock clock, CopyOutcome outcome) {
        this.s = services;
        this.catalog = catalog;
        this.clock = clock;
        this.outcome = outcome;
    }

    /** The task as planned, or empty when it has ended (failed here, or stopped meanwhile). */
    Optional<CopyTask> plan(CopyTask t) {
        CallContext destCtx = new CallContext(s.accounts().byId(t.ownerId()), s.regions().get(t.destRegion()),
                "copy-" + t.taskId());
        CallContext sourceCtx = new CallContext(destCtx.account(), s.regions().get(t.sourceRegion()), destCtx.requestId());
        record Found(SnapshotRow source, SnapshotRow dest, List<String> lineage) {}
        Found found = catalog.read(h -> {
            SnapshotRow source = s.snapshots().find(h, t.sourceSnapshotId(), t.sourceRegion()).orElse(null);
            SnapshotRow dest = s.snapshots().find(h, t.destSnapshotId(), t.destRegion()).orElse(null);
            return new Found(source, dest, source == null ? List.of() : lineage(h, source));
        });
        if (found.dest() == null) {
            return Optional.empty();
        }
        SnapshotRow source = found.source();
        boolean readable = source != null && source.state() == SnapshotState.COMPLETED
                && catalog.read(h -> s.snapshots().isVisible(h, source, t.ownerId()));
        if (!readable) {
            outcome.fail(t, "Client.InvalidSnapshot.NotFound", CopyFailure.sourceGone(t.sourceSnapshotId()).getMessage(),
                    CopyFailure.sourceGone(t.sourceSnapshotId()).getMessage());
            return Optional.empty();
        }
        String keyArn = null;
        SnapshotEncryption.NewDataKey dataKey = null;
        try {
            if (source.encrypted()) {
                CopyRun.throughKms(() -> {
                    s.encryption().requireUsable(sourceCtx, source);
                    return null;
                });
            }
            if (t.encrypted()) {
                String arn = CopyRun.throughKms(() -> t.requestedKmsKey() == null
                        ? s.encryptionDefaults().defaultKeyArn(destCtx)
                        : s.encryption().requireKey(destCtx, t.requestedKmsKey()));
                keyArn = arn;
                dataKey = CopyRun.throughKms(() -> s.encryption().newDataKey(destCtx, arn));
            }
        } catch (CopyFailure f) {
            outcome.fail(t, f.code(), f.getMessage(), f.snapshotMessage());
            return Optional.empty();
        }
        boolean sameKey = t.encrypted() ? source.encrypted() && keyArn.equals(source.kmsKeyId()) : !source.encrypted();
        boolean share = t.sourceRegion().equals(t.destRegion()) && t.destOutpostArn() == null && sameKey;
        String key = keyArn;
        SnapshotEncryption.NewDataKey newKey = dataKey;
        long now = clock.millis();
        return catalog.inTransaction(h -> {
            Optional<CopyTask> base = share ? Optional.empty() : CopyTasks.lastCompletedCopy(h, t.ownerId(),
                    t.destRegion(), t.destOutpostArn(), key, found.lineage());
            CopyMode mode = share ? CopyMode.SHARE : base.isPresent() ? CopyMode.INCREMENTAL : CopyMode.FULL;
            String baseSnapshot = base.map(CopyTask::destSnapshotId).orElse(null);
            String baseSource = base.map(CopyTask::sourceSnapshotId).orElse(null);
            long total = switch (mode) {
                case SHARE -> 0;
                case FULL -> s.blocks().count(h, source.snapshotId());
                case INCREMENTAL -> s.transfer().countDifferences(h, source.snapshotId(), baseSource);
            };
            if (!CopyTasks.planned(h, t, mode, baseSnapshot, baseSource, total)) {
                throw new CopyRun.LeaseLost(t.taskId());
            }
            if (newKey != null) {
                s.encryption().record(h, newKey, now);
                s.snapshots().recordEncryption(h, t.destSnapshotId(), key, newKey.dataKeyId());
                s.images().recordSnapshotKey(h, t.destSnapshotId(), key);
            }
            if (mode == CopyMode.SHARE) {
                s.blocks().inherit(h, t.destSnapshotId(), source.snapshotId());
            } else if (mode == CopyMode.INCREMENTAL) {
                s.blocks().inherit(h, t.destSnapshotId(), baseSnapshot);
            }
            CopyLog.changed(t, CopyTaskState.RUNNING, mode, 0, mode == CopyMode.INCREMENTAL
                    ? "from " + baseSnapshot + " (copy of " + baseSource + "), " + total + " blocks differ" : null);
            return CopyTasks.find(h, t.taskId());
        });
    }

    /** The source and its ancestors (ParentSnapshotId), nearest first. */
    private List<String> lineage(Handle h, SnapshotRow source) {
        List<String> out = new ArrayList<>();
        SnapshotRow at = source;
        while (at != null && out.size() < MAX_LINEAGE && !out.contains(at.snapshotId())) {
            out.add(at.snapshotId());
            String parent = at.parentSnapshotId();
            at = parent == null ? null : s.snapshots().find(h, parent, source.region())
                    .filter(p -> Objects.equals(p.ownerId(), source.ownerId())).orElse(null);
        }
        return out;
    }
}
