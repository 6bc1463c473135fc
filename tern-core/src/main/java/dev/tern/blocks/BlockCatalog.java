package dev.tern.blocks;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The SQL of the block tables (see V2__blocks.sql), all run on a handle inside the caller's transaction. The
 * invariant every method keeps: a stored block's ref_count is the number of snapshot_blocks rows naming it, and a
 * key is in block_garbage exactly when its count is zero or its row has been claimed for deletion.
 */
final class BlockCatalog {
    /** What a snapshot's block points at, and the object's recorded SHA-256 (null for a zero block). */
    record Located(String blockKey, String checksum, String objectSha256, String dataKeyId, String sealedFor) {}

    private BlockCatalog() {}

    static Optional<String> findShared(Handle h, String region, String dedupeHash) {
        return h.createQuery("SELECT block_key FROM stored_blocks WHERE region = :region AND dedupe_hash = :hash")
                .bind("region", region).bind("hash", dedupeHash).mapTo(String.class).findOne();
    }

    /** Records a newly written object, held by nothing yet; {@link #hold} adds its first reference. */
    static void insertStored(Handle h, String key, String dedupeHash, String objectSha256, int size, long now) {
        insertStored(h, key, dedupeHash, objectSha256, size, now, null);
    }

    /** {@link #insertStored(Handle, String, String, String, int, long)} for an object sealed as {@code sealing} says. */
    static void insertStored(Handle h, String key, String dedupeHash, String objectSha256, int size, long now,
                             BlockSealing sealing) {
        h.createUpdate("INSERT INTO stored_blocks (block_key, region, dedupe_hash, object_sha256, size_bytes, ref_count,"
                        + " created_at, data_key_id, sealed_for) VALUES (:key, :region, :hash, :sha, :size, 0, :now,"
                        + " :dataKeyId, :sealedFor)")
                .bind("key", key).bind("region", BlockKeys.region(key)).bind("hash", dedupeHash)
                .bind("sha", objectSha256).bind("size", size).bind("now", now)
                .bind("dataKeyId", sealing == null ? null : sealing.dataKeyId())
                .bind("sealedFor", sealing == null ? null : sealing.sealedFor()).execute();
    }

    /** Points block {@code index} of a snapshot at {@code key} (null for zeros), releasing what it held before. */
    static void hold(Handle h, String snapshotId, int index, String key, String checksum, long now) {
        Optional<Located> old = locate(h, snapshotId, index);
        if (old.isPresent() && Objects.equals(old.get().blockKey(), key)) {
            return;
        }
        // Add the new reference before dropping the old one, so a block rewritten with what it held never hits zero.
        if (key != null) {
            addRef(h, key);
        }
        if (old.isPresent()) {
            h.createUpdate("UPDATE snapshot_blocks SET block_key = :key, checksum = :checksum"
                            + " WHERE snapshot_id = :snapshot AND block_index = :index")
                    .bind("key", key).bind("checksum", checksum).bind("snapshot", snapshotId).bind("index", index)
                    .execute();
            if (old.get().blockKey() != null) {
                dropRef(h, old.get().blockKey(), now);
            }
        } else {
            h.createUpdate("INSERT INTO snapshot_blocks (snapshot_id, block_index, block_key, checksum)"
                            + " VALUES (:snapshot, :index, :key, :checksum)")
                    .bind("snapshot", snapshotId).bind("index", index).bind("key", key).bind("checksum", checksum)
                    .execute();
        }
    }

    private static void addRef(Handle h, String key) {
        int updated = h.createUpdate("UPDATE stored_blocks SET ref_count = ref_count + 1 WHERE block_key = :key")
                .bind("key", key).execute();
        if (updated != 1) {
            throw new IllegalStateException("block " + key + " is not in the catalogue");
        }
        // A key at zero that the sweeper has not claimed yet is alive again.
        h.createUpdate("DELETE FROM block_garbage WHERE block_key = :key").bind("key", key).execute();
    }

    private static void dropRef(Handle h, String key, long now) {
        h.createUpdate("UPDATE stored_blocks SET ref_count = ref_count - 1 WHERE block_key = :key")
                .bind("key", key).execute();
        h.createUpdate("INSERT INTO block_garbage (block_key, freed_at) SELECT block_key, :now FROM stored_blocks"
                        + " WHERE block_key = :key AND ref_count = 0"
                        + " AND NOT EXISTS (SELECT 1 FROM block_garbage g WHERE g.block_key = :key)")
                .bind("key", key).bind("now", now).execute();
    }

    static Optional<Located> locate(Handle h, String snapshotId, int index) {
        return h.createQuery("SELECT sb.block_key, sb.checksum, st.object_sha256, st.data_key_id, st.sealed_for"
                        + " FROM snapshot_blocks sb"
                        + " LEFT JOIN stored_blocks st ON st.block_key = sb.block_key"
                        + " WHERE sb.snapshot_id = :snapshot AND sb.block_index = :index")
                .bind("snapshot", snapshotId).bind("index", index)
                .map((rs, ctx) -> new Located(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)))
                .findOne();
    }

    static List<BlockRef> list(Handle h, String snapshotId, int fromIndex, int limit) {
        return h.createQuery("SELECT block_index, checksum, block_key FROM snapshot_blocks"
                        + " WHERE snapshot_id = :snapshot AND block_index >= :from ORDER BY block_index LIMIT :limit")
                .bind("snapshot", snapshotId).bind("from", fromIndex).bind("limit", limit)
                .map((rs, ctx) -> new BlockRef(rs.getInt(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    static long count(Handle h, String snapshotId) {
        return h.createQuery("SELECT COUNT(*) FROM snapshot_blocks WHERE snapshot_id = :snapshot")
                .bind("snapshot", snapshotId).mapTo(Long.class).one();
    }

    /**
     * How many blocks of {@code :snapshot} name the stored block being updated. Counted once per key in a grouped
     * table, not per row: a correlated COUNT over the snapshot's rows made inheriting or releasing n blocks cost n^2
     * (3.5 s for a 2 GiB snapshot on SQLite, which searched by snapshot, not by key).
     */
    private static final String HELD_PER_KEY = "(SELECT c.n FROM (SELECT block_key, COUNT(*) AS n FROM snapshot_blocks"
            + " WHERE snapshot_id = :snapshot AND block_key IS NOT NULL GROUP BY block_key) c"
            + " WHERE c.block_key = stored_blocks.block_key)";

    /** Gives {@code child} every block {@code parent} holds, one more reference each; returns how many. */
    static int inherit(Handle h, String child, String parent) {
        if (count(h, child) > 0) {
            throw new IllegalStateException("snapshot " + child + " already holds blocks; it cannot inherit " + parent);
        }
        h.createUpdate("UPDATE stored_blocks SET ref_count = ref_count + " + HELD_PER_KEY.replace(":snapshot", ":parent")
                        + " WHERE block_key IN (SELECT block_key FROM snapshot_blocks WHERE snapshot_id = :parent)")
                .bind("parent", parent).execute();
        return h.createUpdate("INSERT INTO snapshot_blocks (snapshot_id, block_index, block_key, checksum)"
                        + " SELECT :child, block_index, block_key, checksum FROM snapshot_blocks WHERE snapshot_id = :parent")
                .bind("child", child).bind("parent", parent).execute();
    }

    /** Drops block {@code index} of a snapshot and the reference it held, if it holds one. */
    static void drop(Handle h, String snapshotId, int index, long now) {
        Optional<Located> old = locate(h, snapshotId, index);
        if (old.isEmpty()) {
            return;
        }
        h.createUpdate("DELETE FROM snapshot_blocks WHERE snapshot_id = :snapshot AND block_index = :index")
                .bind("snapshot", snapshotId).bind("index", index).execute();
        if (old.get().blockKey() != null) {
            dropRef(h, old.get().blockKey(), now);
        }
    }

    // An index differs when only one snapshot holds it or the two name different objects (zero blocks name none).
    private static final String DIFFERENCES = "SELECT a.block_index FROM snapshot_blocks a"
            + " LEFT JOIN snapshot_blocks b ON b.snapshot_id = :other AND b.block_index = a.block_index"
            + " WHERE a.snapshot_id = :snapshot AND a.block_index >= :from AND (b.block_index IS NULL"
            + " OR NOT (a.block_key = b.block_key OR (a.block_key IS NULL AND b.block_key IS NULL)))"
            + " UNION SELECT b.block_index FROM snapshot_blocks b WHERE b.snapshot_id = :other AND b.block_index >= :from"
            + " AND NOT EXISTS (SELECT 1 FROM snapshot_blocks a WHERE a.snapshot_id = :snapshot"
            + " AND a.block_index = b.block_index)";

    static List<Integer> differences(Handle h, String snapshotId, String other, int fromIndex, int limit) {
        return h.createQuery("SELECT block_index FROM (" + DIFFERENCES + ") d ORDER BY block_index LIMIT :limit")
                .bind("snapshot", snapshotId).bind("other", other).bind("from", fromIndex).bind("limit", limit)
                .mapTo(Integer.class).list();
    }

    static long countDifferences(Handle h, String snapshotId, String other) {
        return h.createQuery("SELECT COUNT(*) FROM (" + DIFFERENCES + ") d")
                .bind("snapshot", snapshotId).bind("other", other).bind("from", 0).mapTo(Long.class).one();
    }

    /** Drops every block of a snapshot and the references they held; returns how many blocks it held. */
    static int release(Handle h, String snapshotId, long now) {
        String held = "(SELECT block_key FROM snapshot_blocks WHERE snapshot_id = :snapshot)";
        h.createUpdate("UPDATE stored_blocks SET ref_count = ref_count - " + HELD_PER_KEY
                        + " WHERE block_key IN " + held)
                .bind("snapshot", snapshotId).execute();
        h.createUpdate("INSERT INTO block_garbage (block_key, freed_at) SELECT block_key, :now FROM stored_blocks"
                        + " WHERE ref_count = 0 AND block_key IN " + held
                        + " AND NOT EXISTS (SELECT 1 FROM block_garbage g WHERE g.block_key = stored_blocks.block_key)")
                .bind("snapshot", snapshotId).bind("now", now).execute();
        return h.createUpdate("DELETE FROM snapshot_blocks WHERE snapshot_id = :snapshot")
                .bind("snapshot", snapshotId).execute();
    }

    /**
     * Claims the garbage for deletion: forgets keys brought back to life, and removes the catalogue row of every
     * key still at zero. After this no write can reference those keys again (new objects get new keys).
     */
    static void claimGarbage(Handle h) {
        h.createUpdate("DELETE FROM block_garbage WHERE block_key IN"
                + " (SELECT block_key FROM stored_blocks WHERE ref_count > 0)").execute();
        h.createUpdate("DELETE FROM stored_blocks WHERE ref_count = 0 AND block_key IN"
                + " (SELECT block_key FROM block_garbage)").execute();
    }

    /** Up to {@code limit} claimed keys: in block_garbage and without a stored_blocks row. */
    static List<String> claimed(Handle h, int limit) {
        return h.createQuery("SELECT g.block_key FROM block_garbage g WHERE NOT EXISTS"
                        + " (SELECT 1 FROM stored_blocks st WHERE st.block_key = g.block_key)"
                        + " ORDER BY g.block_key LIMIT :limit")
                .bind("limit", limit).mapTo(String.class).list();
    }

    static void forgetGarbage(Handle h, List<String> keys) {
        h.createUpdate("DELETE FROM block_garbage WHERE block_key IN (<keys>)").bindList("keys", keys).execute();
    }

    /** Those of {@code keys} the catalogue has a stored_blocks row for. */
    static Set<String> known(Handle h, List<String> keys) {
        return new HashSet<>(h.createQuery("SELECT block_key FROM stored_blocks WHERE block_key IN (<keys>)")
                .bindList("keys", keys).mapTo(String.class).list());
    }
}
