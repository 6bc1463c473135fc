package dev.tern.ebs;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of the EBS direct APIs' own tables (V3__ebs_direct.sql), run inside the caller's transaction. */
final class EbsRepository {
    /** A pending snapshot's Timeout and the instant it goes to error unless written or completed before. */
    record Pending(String snapshotId, int timeoutMinutes, long deadline) {}

    /** A ClientToken already used: the parameters it came with and the snapshot it started. */
    record ClientToken(String requestHash, String snapshotId) {}

    private EbsRepository() {}

    static void insertPending(Handle h, String snapshotId, int timeoutMinutes, long deadline) {
        h.createUpdate("INSERT INTO ebs_pending_snapshots (snapshot_id, timeout_minutes, deadline)"
                        + " VALUES (:id, :timeout, :deadline)")
                .bind("id", snapshotId).bind("timeout", timeoutMinutes).bind("deadline", deadline).execute();
    }

    static Optional<Pending> pending(Handle h, String snapshotId) {
        return h.createQuery("SELECT snapshot_id, timeout_minutes, deadline FROM ebs_pending_snapshots WHERE snapshot_id = :id")
                .bind("id", snapshotId)
                .map((rs, ctx) -> new Pending(rs.getString(1), rs.getInt(2), rs.getLong(3)))
                .findOne();
    }

    /** Moves the deadline of a pending snapshot to {@code now} plus its Timeout. */
    static void touch(Handle h, String snapshotId, long now) {
        h.createUpdate("UPDATE ebs_pending_snapshots SET deadline = :now + timeout_minutes * 60000 WHERE snapshot_id = :id")
                .bind("now", now).bind("id", snapshotId).execute();
    }

    /** Up to {@code limit} pending snapshots whose deadline is at or before {@code now}. */
    static List<String> overdue(Handle h, long now, int limit) {
        return h.createQuery("SELECT snapshot_id FROM ebs_pending_snapshots WHERE deadline <= :now"
                        + " ORDER BY deadline LIMIT :limit")
                .bind("now", now).bind("limit", limit).mapTo(String.class).list();
    }

    /** How many snapshots the account has pending through the EBS direct APIs in the Region. */
    static long pendingCount(Handle h, String accountId, String region) {
        return h.createQuery("SELECT COUNT(*) FROM ebs_pending_snapshots p JOIN snapshots s ON s.snapshot_id = p.snapshot_id"
                        + " WHERE s.owner_id = :owner AND s.region = :region")
                .bind("owner", accountId).bind("region", region).mapTo(Long.class).one();
    }

    /** Forgets the write state of a snapshot that is no longer pending. */
    static void forgetPending(Handle h, String snapshotId) {
        h.createUpdate("DELETE FROM ebs_written_blocks WHERE snapshot_id = :id").bind("id", snapshotId).execute();
        h.createUpdate("DELETE FROM ebs_pending_snapshots WHERE snapshot_id = :id").bind("id", snapshotId).execute();
    }

    static void recordWritten(Handle h, String snapshotId, int blockIndex, String checksumHex) {
        h.createUpdate("INSERT INTO ebs_written_blocks (snapshot_id, block_index, checksum) VALUES (:id, :index, :checksum)"
                        + " ON CONFLICT (snapshot_id, block_index) DO UPDATE SET checksum = excluded.checksum")
                .bind("id", snapshotId).bind("index", blockIndex).bind("checksum", checksumHex).execute();
    }

    /** The SHA-256 (hex) of every block written into the snapshot, in block index order. */
    static List<String> writtenChecksums(Handle h, String snapshotId) {
        return h.createQuery("SELECT checksum FROM ebs_written_blocks WHERE snapshot_id = :id ORDER BY block_index")
                .bind("id", snapshotId).mapTo(String.class).list();
    }

    static Optional<ClientToken> clientToken(Handle h, String accountId, String region, String token) {
        return h.createQuery("SELECT request_hash, snapshot_id FROM ebs_client_tokens"
                        + " WHERE account_id = :account AND region = :region AND client_token = :token")
                .bind("account", accountId).bind("region", region).bind("token", token)
                .map((rs, ctx) -> new ClientToken(rs.getString(1), rs.getString(2)))
                .findOne();
    }

    static void insertClientToken(Handle h, String accountId, String region, String token, String requestHash,
            String snapshotId, long now) {
        h.createUpdate("INSERT INTO ebs_client_tokens (account_id, region, client_token, request_hash, snapshot_id,"
                        + " created_at) VALUES (:account, :region, :token, :hash, :snapshot, :now)")
                .bind("account", accountId).bind("region", region).bind("token", token).bind("hash", requestHash)
                .bind("snapshot", snapshotId).bind("now", now).execute();
    }
}
