package dev.tern.snapshots;

import dev.tern.permissions.Permission;
import dev.tern.permissions.PermissionTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code snapshots} table and who may see each snapshot. */
public final class SnapshotRepository {
    private static final String COLUMNS = "s.snapshot_id, s.region, s.owner_id, s.volume_id, s.volume_size, s.status, "
            + "s.status_message, s.progress, s.start_time, s.completion_time, s.description, s.encrypted, s.kms_key_id, "
            + "s.data_encryption_key_id, s.storage_tier, s.outpost_arn, s.transfer_type, s.completion_duration_minutes, "
            + "s.parent_snapshot_id, s.full_size_bytes, s.availability_zone";

    private final PermissionTable permissions = PermissionTable.SNAPSHOT_VOLUME;

    public void insert(Handle h, SnapshotRow s) {
        h.createUpdate("INSERT INTO snapshots (snapshot_id, region, owner_id, volume_id, volume_size, status, status_message, "
                        + "progress, start_time, completion_time, description, encrypted, kms_key_id, data_encryption_key_id, "
                        + "storage_tier, outpost_arn, transfer_type, completion_duration_minutes, parent_snapshot_id, full_size_bytes, "
                        + "availability_zone) "
                        + "VALUES (:snapshotId, :region, :ownerId, :volumeId, :volumeSize, :status, :statusMessage, :progress, "
                        + ":startTime, :completionTime, :description, :encrypted, :kmsKeyId, :dataEncryptionKeyId, :storageTier, "
                        + ":outpostArn, :transferType, :completionDurationMinutes, :parentSnapshotId, :fullSizeBytes, :availabilityZone)")
                .bindMethods(s)
                .execute();
    }

    /** The snapshot with that id in the Region, whoever owns it. */
    public Optional<SnapshotRow> find(Handle h, String snapshotId, String region) {
        return h.createQuery("SELECT " + COLUMNS + " FROM snapshots s WHERE s.snapshot_id = :id AND s.region = :region")
                .bind("id", snapshotId)
                .bind("region", region)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    /** Whether {@code accountId} may see and use the snapshot: it owns it, or was granted createVolumePermission. */
    public boolean isVisible(Handle h, SnapshotRow s, String accountId) {
        return s.isOwnedBy(accountId)
                || permissions.has(h, s.snapshotId(), Permission.PUBLIC)
                || permissions.has(h, s.snapshotId(), new Permission(Permission.Kind.USER, accountId));
    }

    /**
     * The snapshots of a Region that {@code accountId} can see, ordered by id, after {@code afterId} when given,
     * narrowed to {@code ids} and {@code owners} when those are not null.
     */
    public List<SnapshotRow> visible(Handle h, String region, String accountId, Collection<String> ids,
            Collection<String> owners, String afterId) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM snapshots s WHERE s.region = :region AND (s.owner_id = :caller OR "
                + permissions.grantsAccountOrAllSql("s", "caller") + ")");
        if (ids != null) {
            sql.append(" AND s.snapshot_id IN (<ids>)");
        }
        if (owners != null) {
            sql.append(" AND s.owner_id IN (<owners>)");
        }
        if (afterId != null) {
            sql.append(" AND s.snapshot_id > :after");
        }
        sql.append(" ORDER BY s.snapshot_id");
        var q = h.createQuery(sql.toString()).bind("region", region).bind("caller", accountId);
        if (ids != null) {
            q.bindList("ids", List.copyOf(ids));
        }
        if (owners != null) {
            q.bindList("owners", List.copyOf(owners));
        }
        if (afterId != null) {
            q.bind("after", afterId);
        }
        return q.map((rs, ctx) -> map(rs)).list();
    }

    /** An image of the snapshot's owner, not deregistered, whose block device mapping uses the snapshot, or null. */
    public String imageUsing(Handle h, String snapshotId) {
        // Only the snapshot owner's own images count: another account's image never pins someone else's snapshot
        // (RegisterImage no longer allows one, but a catalogue may hold such images from before).
        return h.createQuery("SELECT b.image_id FROM image_block_devices b JOIN images i ON i.image_id = b.image_id "
                        + "JOIN snapshots s ON s.snapshot_id = b.snapshot_id "
                        + "WHERE b.snapshot_id = :id AND i.deregistered_at IS NULL AND i.owner_id = s.owner_id "
                        + "ORDER BY b.image_id")
                .bind("id", snapshotId)
                .mapTo(String.class)
                .findFirst()
                .orElse(null);
    }

    /** The status of a snapshot, read inside the caller's transaction, or null when there is no such snapshot. */
    public String status(Handle h, String snapshotId) {
        return h.createQuery("SELECT status FROM snapshots WHERE snapshot_id = :id").bind("id", snapshotId)
                .mapTo(String.class).findOne().orElse(null);
    }

    /** Moves a pending snapshot to completed at {@code now}; false when it was not pending. */
    public boolean complete(Handle h, String snapshotId, long now, long fullSizeBytes) {
        return h.createUpdate("UPDATE snapshots SET status = :completed, progress = '100%', completion_time = :now, "
                        + "full_size_bytes = :size WHERE snapshot_id = :id AND status = :pending")
                .bind("completed", SnapshotState.COMPLETED.wire()).bind("pending", SnapshotState.PENDING.wire()).bind("now", now)
                .bind("size", fullSizeBytes).bind("id", snapshotId).execute() == 1;
    }

    /** Moves a pending snapshot to error with {@code message} as its state message; false when it was not pending. */
    public boolean fail(Handle h, String snapshotId, String message) {
        return h.createUpdate("UPDATE snapshots SET status = :error, status_message = :message "
                        + "WHERE snapshot_id = :id AND status = :pending")
                .bind("error", SnapshotState.ERROR.wire()).bind("pending", SnapshotState.PENDING.wire()).bind("message", message)
                .bind("id", snapshotId).execute() == 1;
    }

    public void setEncryption(Handle h, String snapshotId, String kmsKeyArn, String dataKeyId) {
        h.createUpdate("UPDATE snapshots SET kms_key_id = :arn, data_encryption_key_id = :dek WHERE snapshot_id = :id")
                .bind("arn", kmsKeyArn).bind("dek", dataKeyId).bind("id", snapshotId).execute();
    }

    public void setProgress(Handle h, String snapshotId, String progress) {
        h.createUpdate("UPDATE snapshots SET progress = :progress WHERE snapshot_id = :id")
                .bind("progress", progress).bind("id", snapshotId).execute();
    }

    public void delete(Handle h, String snapshotId) {
        permissions.clear(h, snapshotId);
        h.createUpdate("DELETE FROM snapshots WHERE snapshot_id = :id").bind("id", snapshotId).execute();
    }

    /** A {@link #COLUMNS} row, each value set by the name of its column. */
    private static SnapshotRow map(ResultSet rs) throws SQLException {
        return SnapshotRow.builder().snapshotId(rs.getString(1)).region(rs.getString(2)).ownerId(rs.getString(3))
                .volumeId(rs.getString(4)).volumeSize(rs.getInt(5)).status(rs.getString(6))
                .statusMessage(rs.getString(7)).progress(rs.getString(8)).startTime(rs.getLong(9))
                .completionTime(nullableLong(rs, 10)).description(rs.getString(11)).encrypted(rs.getBoolean(12))
                .kmsKeyId(rs.getString(13)).dataEncryptionKeyId(rs.getString(14)).storageTier(rs.getString(15))
                .outpostArn(rs.getString(16)).transferType(rs.getString(17))
                .completionDurationMinutes(nullableInt(rs, 18)).parentSnapshotId(rs.getString(19))
                .fullSizeBytes(nullableLong(rs, 20)).availabilityZone(rs.getString(21)).build();
    }

    static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
