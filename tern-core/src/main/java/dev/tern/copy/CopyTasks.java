package dev.tern.copy;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The SQL of {@code copy_tasks} (V6__copies.sql), run inside the caller's transaction. Every change a worker makes
 * to a task it holds names the lease epoch it claimed the task with, so a worker that lost its lease changes nothing.
 */
final class CopyTasks {
    private static final String ACTIVE = "state IN ('QUEUED', 'RUNNING')";

    private CopyTasks() {}

    static void register(Handle h) {
        h.registerRowMapper(ConstructorMapper.factory(CopyTask.class));
    }

    static void insert(Handle h, NewCopyTask t) {
        t.check();
        h.createUpdate("INSERT INTO copy_tasks (task_id, image_id, owner_id, source_region, source_snapshot_id,"
                        + " dest_region, dest_snapshot_id, dest_outpost_arn, encrypted, requested_kms_key, state, next_block,"
                        + " blocks_total, blocks_done, bytes_moved, data_bytes, completion_duration_minutes,"
                        + " reserved_bytes_per_second, deadline, lease_epoch, lease_until, created_at)"
                        + " VALUES (:taskId, :imageId, :ownerId, :sourceRegion, :sourceSnapshotId, :destRegion,"
                        + " :destSnapshotId, :destOutpostArn, :encrypted, :requestedKmsKey, 'QUEUED', 0, 0, 0, 0, :dataBytes,"
                        + " :completionDurationMinutes, :reservedBytesPerSecond, :deadline, 0, 0, :createdAt)")
                .bindMap(t.values()).execute();
    }

    static Optional<CopyTask> find(Handle h, String taskId) {
        register(h);
        return h.createQuery("SELECT * FROM copy_tasks WHERE task_id = :id").bind("id", taskId)
                .mapTo(CopyTask.class).findOne();
    }

    /**
     * Claims the task most due whose lease has run out: time-based copies first, earliest deadline first, then the
     * one that has waited longest. A time-based copy whose clock has not started (another time-based copy of its
     * source is still running) is not due. Returns the task as claimed, with its new epoch.
     */
    static Optional<CopyTask> claim(Handle h, String node, long now, long leaseMillis) {
        register(h);
        Optional<String> id = h.createQuery("SELECT task_id FROM copy_tasks WHERE " + ACTIVE
                        + " AND lease_until <= :now AND NOT (completion_duration_minutes IS NOT NULL AND deadline IS NULL)"
                        + " ORDER BY CASE WHEN deadline IS NULL THEN 1 ELSE 0 END, deadline, lease_until, created_at"
                        + " LIMIT 1")
                .bind("now", now).mapTo(String.class).findOne();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        int claimed = h.createUpdate("UPDATE copy_tasks SET lease_owner = :node, lease_epoch = lease_epoch + 1,"
                        + " lease_until = :until WHERE task_id = :id AND lease_until <= :now AND " + ACTIVE)
                .bind("node", node).bind("until", now + leaseMillis).bind("id", id.get()).bind("now", now).execute();
        return claimed == 1 ? find(h, id.get()) : Optional.empty();
    }

    /** True when the caller still holds the task's lease (and the task is active); extends it to {@code until}. */
    static boolean renew(Handle h, CopyTask t, long until) {
        return h.createUpdate("UPDATE copy_tasks SET lease_until = :until WHERE task_id = :id AND lease_owner = :node"
                        + " AND lease_epoch = :epoch AND " + ACTIVE)
                .bind("until", until).bind("id", t.taskId()).bind("node", t.leaseOwner()).bind("epoch", t.leaseEpoch())
                .execute() == 1;
    }

    /** Gives the task back: claimable again at {@code availableAt} (now, or later when a slow link makes it wait). */
    static void release(Handle h, CopyTask t, long availableAt) {
        h.createUpdate("UPDATE copy_tasks SET lease_until = :at WHERE task_id = :id AND lease_owner = :node"
                        + " AND lease_epoch = :epoch")
                .bind("at", availableAt).bind("id", t.taskId()).bind("node", t.leaseOwner()).bind("epoch", t.leaseEpoch())
                .execute();
    }

    /** Records the plan of a task the caller holds; false when it no longer holds it. */
    static boolean planned(Handle h, CopyTask t, CopyMode mode, String baseSnapshotId, String baseSourceSnapshotId,
            long blocksTotal) {
        return h.createUpdate("UPDATE copy_tasks SET state = 'RUNNING', mode = :mode, base_snapshot_id = :base,"
                        + " base_source_snapshot_id = :baseSource, blocks_total = :total WHERE task_id = :id"
                        + " AND lease_owner = :node AND lease_epoch = :epoch AND state = 'QUEUED'")
                .bind("mode", mode.name()).bind("base", baseSnapshotId).bind("baseSource", baseSourceSnapshotId)
                .bind("total", blocksTotal).bind("id", t.taskId()).bind("node", t.leaseOwner())
                .bind("epoch", t.leaseEpoch()).execute() == 1;
    }

    /** Records a batch of copied blocks of a task the caller holds; false when it no longer holds it. */
    static boolean progressed(Handle h, CopyTask t, int nextBlock, long blocksDone, long bytesMoved, long leaseUntil) {
        return h.createUpdate("UPDATE copy_tasks SET next_block = :next, blocks_done = :done, bytes_moved = :bytes,"
                        + " lease_until = :until WHERE task_id = :id AND lease_owner = :node AND lease_epoch = :epoch"
                        + " AND state = 'RUNNING'")
                .bind("next", nextBlock).bind("done", blocksDone).bind("bytes", bytesMoved).bind("until", leaseUntil)
                .bind("id", t.taskId()).bind("node", t.leaseOwner()).bind("epoch", t.leaseEpoch()).execute() == 1;
    }

    /** Moves a task the caller holds to COMPLETED; false when it no longer holds it. */
    static boolean completed(Handle h, CopyTask t, long now) {
        return h.createUpdate("UPDATE copy_tasks SET state = 'COMPLETED', finished_at = :now, blocks_done = blocks_total,"
                        + " lease_until = 0 WHERE task_id = :id AND lease_owner = :node AND lease_epoch = :epoch"
                        + " AND " + ACTIVE)
                .bind("now", now).bind("id", t.taskId()).bind("node", t.leaseOwner()).bind("epoch", t.leaseEpoch())
                .execute() == 1;
    }

    /** Ends an active task, whoever holds it, as FAILED or CANCELLED; false when it had ended already. */
    static boolean end(Handle h, String taskId, CopyTaskState state, String code, String message, long now) {
        return h.createUpdate("UPDATE copy_tasks SET state = :state, failure_code = :code, failure_message = :message,"
                        + " finished_at = :now, lease_until = 0 WHERE task_id = :id AND " + ACTIVE)
                .bind("state", state.name()).bind("code", code).bind("message", message).bind("now", now)
                .bind("id", taskId).execute() == 1;
    }

    static List<CopyTask> ofImage(Handle h, String imageId) {
        register(h);
        return h.createQuery("SELECT * FROM copy_tasks WHERE image_id = :id ORDER BY task_id").bind("id", imageId)
                .mapTo(CopyTask.class).list();
    }

    static Optional<CopyTask> activeIntoSnapshot(Handle h, String destSnapshotId) {
        register(h);
        return h.createQuery("SELECT * FROM copy_tasks WHERE dest_snapshot_id = :id AND " + ACTIVE)
                .bind("id", destSnapshotId).mapTo(CopyTask.class).findOne();
    }

    /** Image copies (or, with {@code images} false, snapshot copies) in progress into a Region for an account. */
    static int activeCopies(Handle h, String ownerId, String destRegion, boolean images) {
        return h.createQuery("SELECT COUNT(DISTINCT " + (images ? "image_id" : "task_id") + ") FROM copy_tasks"
                        + " WHERE owner_id = :owner AND dest_region = :region AND " + ACTIVE
                        + " AND image_id IS " + (images ? "NOT NULL" : "NULL"))
                .bind("owner", ownerId).bind("region", destRegion).mapTo(Integer.class).one();
    }

    /** The rate all active time-based copies between two Regions have reserved, in bytes per second. */
    static long reservedBetween(Handle h, String sourceRegion, String destRegion) {
        return h.createQuery("SELECT COALESCE(SUM(reserved_bytes_per_second), 0) FROM copy_tasks WHERE "
                        + ACTIVE + " AND source_region = :from AND dest_region = :to"
                        + " AND reserved_bytes_per_second IS NOT NULL")
                .bind("from", sourceRegion).bind("to", destRegion).mapTo(Long.class).one();
    }

    /** Whether a time-based copy of this source snapshot is still in progress (a new one then waits for it). */
    static boolean timeBasedActiveFrom(Handle h, String sourceSnapshotId) {
        return h.createQuery("SELECT COUNT(*) FROM copy_tasks WHERE source_snapshot_id = :id AND " + ACTIVE
                        + " AND completion_duration_minutes IS NOT NULL")
                .bind("id", sourceSnapshotId).mapTo(Integer.class).one() > 0;
    }

    /**
     * Starts the clock of the next time-based copy of this source that waits for one to end: its deadline is its
     * duration (in real time, as scaled) from now.
     */
    static void startNextTimeBased(Handle h, String sourceSnapshotId, long now, double timeScale) {
        register(h);
        h.createQuery("SELECT * FROM copy_tasks WHERE source_snapshot_id = :id AND " + ACTIVE
                        + " AND completion_duration_minutes IS NOT NULL AND deadline IS NULL ORDER BY created_at LIMIT 1")
                .bind("id", sourceSnapshotId).mapTo(CopyTask.class).findOne()
                .ifPresent(t -> h.createUpdate("UPDATE copy_tasks SET deadline = :d WHERE task_id = :id")
                        .bind("d", now + CopyClock.realMillis(t.completionDurationMinutes() * 60_000L, timeScale))
                        .bind("id", t.taskId()).execute());
    }

    /**
     * The destination snapshot of the newest completed copy, by {@code ownerId} into {@code destRegion} in the
     * clear or under {@code kmsKeyArn}, of one of {@code sourceSnapshotIds}, whose destination still exists and is
     * completed: what an incremental copy can start from. Empty when there is none.
     */
    static Optional<CopyTask> lastCompletedCopy(Handle h, String ownerId, String destRegion, String outpostArn,
            String kmsKeyArn, List<String> sourceSnapshotIds) {
        register(h);
        return h.createQuery("SELECT t.* FROM copy_tasks t JOIN snapshots d ON d.snapshot_id = t.dest_snapshot_id"
                        + " JOIN snapshots s ON s.snapshot_id = t.source_snapshot_id"
                        + " WHERE t.state = 'COMPLETED' AND t.owner_id = :owner AND t.dest_region = :region"
                        + " AND COALESCE(t.dest_outpost_arn, '') = :outpost AND d.status = 'completed'"
                        + " AND COALESCE(d.kms_key_id, '') = :key AND t.source_snapshot_id IN (<sources>)"
                        + " ORDER BY t.finished_at DESC LIMIT 1")
                .bind("owner", ownerId).bind("region", destRegion).bind("outpost", outpostArn == null ? "" : outpostArn)
                .bind("key", kmsKeyArn == null ? "" : kmsKeyArn).bindList("sources", sourceSnapshotIds)
                .mapTo(CopyTask.class).findOne();
    }
}
