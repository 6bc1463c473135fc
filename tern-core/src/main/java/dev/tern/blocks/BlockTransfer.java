package dev.tern.blocks;

import dev.tern.kms.Aead;
import dev.tern.catalog.Catalog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Writing many blocks into one snapshot with one catalogue transaction, as the copy engine does: each block is
 * first {@link #stage staged} (its object stored, durably, unless its content is already stored in the Region or it
 * is all zeros), then a batch of staged blocks is {@link #record recorded} inside the caller's transaction, with
 * whatever else must commit with it (the task's progress). As with {@link SnapshotBlocks#write}, an object is
 * stored before the transaction that references it commits; if that transaction does not commit, {@link #discard}
 * deletes the objects this batch stored (or the orphan sweep does, after a crash).
 */
public final class BlockTransfer {
    /** A block ready to be recorded. {@code storedKey} is an object this stage wrote, or null (zeros, or shared). */
    public record Staged(int blockIndex, String region, String checksum, String dedupeHash, String storedKey,
            String objectSha256, int size, BlockSealing sealing) {
        boolean isZero() {
            return checksum.equals(SnapshotBlocks.ZERO_CHECKSUM) && storedKey == null && dedupeHash == null;
        }
    }

    /** A clear block staged as shared content whose stored object went away before the batch was recorded. */
    public static final class StaleStage extends RuntimeException {
        StaleStage(String message) {
            super(message);
        }
    }

    private final Catalog catalog;
    private final BlockStore store;
    private final Clock clock;

    public BlockTransfer(Catalog catalog, BlockStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Prepares block {@code blockIndex} holding {@code data}, whose SHA-256 (hex) is {@code sha256}, for a snapshot
     * in {@code region}: sealed as {@code sealing} says (null: in the clear). Stores its object unless it needs none.
     */
    public Staged stage(String region, int blockIndex, byte[] data, String sha256, BlockSealing sealing) {
        BlockKeys.checkRegion(region);
        if (data.length != SnapshotBlocks.BLOCK_SIZE) {
            throw new IllegalArgumentException("a block is " + SnapshotBlocks.BLOCK_SIZE + " bytes, not " + data.length);
        }
        if (SnapshotBlocks.isAllZero(data)) {
            return new Staged(blockIndex, region, SnapshotBlocks.ZERO_CHECKSUM, null, null, null, 0, null);
        }
        if (sealing != null) {
            byte[] sealed = sealing.seal(blockIndex, data);
            String objectSha = BlockSealing.TAG_MARK + HexFormat.of().formatHex(sealed, sealed.length - Aead.TAG_BYTES,
                    sealed.length);
            String key = BlockKeys.newSealedKey(region);
            store.put(key, sealed);
            return new Staged(blockIndex, region, sha256, null, key, objectSha, sealed.length, sealing);
        }
        boolean shared = catalog.read(h -> BlockCatalog.findShared(h, region, sha256)).isPresent();
        if (shared) {
            return new Staged(blockIndex, region, sha256, sha256, null, sha256, data.length, null);
        }
        String key = BlockKeys.newContentKey(region, sha256);
        store.put(key, data);
        return new Staged(blockIndex, region, sha256, sha256, key, sha256, data.length, null);
    }

    /**
     * Records {@code staged} as blocks of {@code snapshotId} inside the caller's transaction, replacing what those
     * indexes held. Returns the keys of objects staged here that turned out spare (the same content was stored by
     * someone else meanwhile): delete them once the transaction has committed.
     *
     * @throws StaleStage when a block staged as shared content is no longer stored: stage the batch again
     */
    public List<String> record(Handle h, String snapshotId, List<Staged> staged) {
        long now = clock.millis();
        List<String> spare = new ArrayList<>();
        for (Staged s : staged) {
            if (s.isZero()) {
                BlockCatalog.hold(h, snapshotId, s.blockIndex(), null, s.checksum(), now);
            } else if (s.sealing() != null) {
                BlockCatalog.insertStored(h, s.storedKey(), null, s.objectSha256(), s.size(), now, s.sealing());
                // As SnapshotBlocks.writeSealed keeps it: a sealed block's checksum is sealed too.
                BlockCatalog.hold(h, snapshotId, s.blockIndex(), s.storedKey(),
                        SealedChecksums.seal(s.sealing(), s.checksum()), now);
            } else {
                String holding = BlockCatalog.findShared(h, s.region(), s.dedupeHash()).orElse(null);
                if (holding == null) {
                    if (s.storedKey() == null) {
                        throw new StaleStage("block " + s.blockIndex() + ": its shared content was freed meanwhile");
                    }
                    BlockCatalog.insertStored(h, s.storedKey(), s.dedupeHash(), s.objectSha256(), s.size(), now);
                    holding = s.storedKey();
                } else if (s.storedKey() != null && !s.storedKey().equals(holding)) {
                    spare.add(s.storedKey());
                }
                BlockCatalog.hold(h, snapshotId, s.blockIndex(), holding, s.checksum(), now);
            }
        }
        return spare;
    }

    /** Drops block {@code blockIndex} of a snapshot (it reads as never written), inside the caller's transaction. */
    public void forget(Handle h, String snapshotId, int blockIndex) {
        BlockCatalog.drop(h, snapshotId, blockIndex, clock.millis());
    }

    /** Deletes the objects a batch stored that no committed transaction references. */
    public void discard(List<Staged> staged) {
        for (Staged s : staged) {
            if (s.storedKey() != null) {
                deleteQuietly(s.storedKey());
            }
        }
    }

    /** Deletes objects known to be unreferenced (the spare keys {@link #record} returned). */
    public void deleteSpare(List<String> keys) {
        keys.forEach(this::deleteQuietly);
    }

    /**
     * The indexes at which two snapshots' blocks differ, from {@code fromIndex} on, at most {@code limit}, in order:
     * indexes one holds and the other does not, and indexes that name different stored objects. Blocks that share
     * an object are equal; blocks in different objects may still be equal (sealed blocks rewritten), which only
     * makes an incremental copy move a block it could have skipped.
     */
    public List<Integer> differences(Handle h, String snapshotId, String otherSnapshotId, int fromIndex, int limit) {
        return BlockCatalog.differences(h, snapshotId, otherSnapshotId, fromIndex, limit);
    }

    /** How many indexes {@link #differences} finds in all. */
    public long countDifferences(Handle h, String snapshotId, String otherSnapshotId) {
        return BlockCatalog.countDifferences(h, snapshotId, otherSnapshotId);
    }

    /** How many blocks of a snapshot hold data (written blocks that are not all zeros). */
    public long countStored(Handle h, String snapshotId) {
        return h.createQuery("SELECT COUNT(*) FROM snapshot_blocks WHERE snapshot_id = :s AND block_key IS NOT NULL")
                .bind("s", snapshotId).mapTo(Long.class).one();
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (BlockStoreException e) {
            // Unreferenced, so the orphan sweep removes it later.
        }
    }
}
