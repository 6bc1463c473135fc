package dev.tern.blocks;

import dev.tern.catalog.Catalog;
import dev.tern.kms.Aead;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.crypto.SecretKey;
import org.jdbi.v3.core.Handle;

/**
 * The blocks of snapshots: which data each written block index of a snapshot holds, kept in the catalogue, with
 * the data itself in a {@link BlockStore}.
 * <ul>
 * <li>Identical blocks in a Region are stored once and reference-counted; a block written as all zeros, or never
 *     written, is not stored at all.</li>
 * <li>A snapshot started from a parent {@link #inherit inherits} the parent's blocks and stores only what changed.</li>
 * <li>An object is written (durably) before the catalogue transaction that references it commits, so a committed
 *     block always has its data. A crash between the two leaves an object nothing references, which
 *     {@link BlockSweeper#sweepOrphans} deletes once it is older than a grace period.</li>
 * <li>Freeing is a catalogue change: the last reference going records the key as garbage in the same transaction,
 *     and {@link BlockSweeper#sweepGarbage} deletes the object afterwards.</li>
 * <li>Reads check the SHA-256 recorded at write time: a damaged or missing object is an error, never other bytes.</li>
 * </ul>
 * Whether a snapshot may still be written (it is pending) is for the snapshot service to decide; this layer only
 * knows snapshots by id.
 */
public final class SnapshotBlocks {
    /** The size of a block: 512 KiB, as in the EBS direct APIs. */
    public static final int BLOCK_SIZE = 512 * 1024;
    private static final byte[] ZEROS = new byte[BLOCK_SIZE];
    /** The SHA-256 of a block of zeros. */
    public static final String ZERO_CHECKSUM = Sha256.hex(ZEROS);

    private final Catalog catalog;
    private final BlockStore store;
    private final Clock clock;

    public SnapshotBlocks(Catalog catalog, BlockStore store, Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Writes block {@code blockIndex} of snapshot {@code snapshotId} in {@code region}, replacing what that index
     * held. When this returns the write is committed and survives a crash. Content already stored in the Region is
     * not stored again.
     */
    public BlockRef write(String region, String snapshotId, int blockIndex, byte[] data) {
        return write(region, snapshotId, blockIndex, data, h -> { });
    }

    /**
     * {@link #write(String, String, int, byte[])}, running {@code alongside} in the transaction that records the
     * block, before it does: the caller's own bookkeeping commits with the block or not at all, and a check it makes
     * there (the snapshot may still be written) holds at the commit. If {@code alongside} throws, nothing is
     * recorded; an object already stored for the write is then unreferenced, and the orphan sweep removes it.
     */
    public BlockRef write(String region, String snapshotId, int blockIndex, byte[] data, Consumer<Handle> alongside) {
        return write(region, snapshotId, blockIndex, data, null, alongside);
    }

    /**
     * {@link #write(String, String, int, byte[], Consumer)} of data whose SHA-256 (hex) the caller has just computed
     * from it (as EBS does to check the client's checksum), so a second pass over the block is spared; null to have
     * it computed here.
     */
    public BlockRef write(String region, String snapshotId, int blockIndex, byte[] data, String sha256,
            Consumer<Handle> alongside) {
        checkWrite(region, blockIndex, data);
        if (isAllZero(data)) {
            return hold(snapshotId, blockIndex, null, ZERO_CHECKSUM, alongside);
        }
        String sha = sha256 != null ? sha256 : Sha256.hex(data);
        // Most repeated content is stored already: then only the catalogue changes. A plain read looks first, so
        // new content (the common case) waits for one commit, not two.
        boolean seen = catalog.read(h -> BlockCatalog.findShared(h, region, sha)).isPresent();
        Optional<BlockRef> shared = !seen ? Optional.empty()
                : catalog.inGroupCommit(h -> BlockCatalog.findShared(h, region, sha).map(key -> {
                    alongside.accept(h);
                    BlockCatalog.hold(h, snapshotId, blockIndex, key, sha, now());
                    return new BlockRef(blockIndex, sha, key);
                }));
        if (shared.isPresent()) {
            return shared.get();
        }
        String key = BlockKeys.newContentKey(region, sha);
        store.put(key, data);
        // If this fails the object stays: a failed commit may still have happened, and only the orphan sweep,
        // which asks the catalogue, can tell.
        BlockRef ref = catalog.inGroupCommit(h -> {
            alongside.accept(h);
            // Someone may have stored the same content since we looked: then theirs is used and ours is spare.
            String holding = BlockCatalog.findShared(h, region, sha).orElseGet(() -> {
                BlockCatalog.insertStored(h, key, sha, sha, data.length, now());
                return key;
            });
            BlockCatalog.hold(h, snapshotId, blockIndex, holding, sha, now());
            return new BlockRef(blockIndex, sha, holding);
        });
        if (!ref.blockKey().equals(key)) {
            deleteQuietly(key);
        }
        return ref;
    }

    /**
     * {@link #write(String, String, int, byte[], String, Consumer)} for an encrypted snapshot: the block is sealed as
     * {@code sealing} says and stored under a key of its own (sealed blocks are never shared by content); a null
     * {@code sealing} writes in the clear. A block of zeros is not stored, sealed or not.
     */
    public BlockRef writeSealed(String region, String snapshotId, int blockIndex, byte[] data, String sha256,
                                BlockSealing sealing, Consumer<Handle> alongside) {
        if (sealing == null) {
            return write(region, snapshotId, blockIndex, data, sha256, alongside);
        }
        checkWrite(region, blockIndex, data);
        if (isAllZero(data)) {
            return hold(snapshotId, blockIndex, null, ZERO_CHECKSUM, alongside);
        }
        String checksum = sha256 != null ? sha256 : Sha256.hex(data);
        byte[] sealed = sealing.seal(blockIndex, data);
        // AES-GCM already authenticates a sealed object, and reads check that, not a SHA-256: hashing the 512 KiB
        // once more would cost as much as sealing it. Its record holds the GCM tag instead, marked as such.
        String objectSha = BlockSealing.TAG_MARK + HexFormat.of().formatHex(sealed, sealed.length - Aead.TAG_BYTES,
                sealed.length);
        String key = BlockKeys.newSealedKey(region);
        store.put(key, sealed);
        // As for blocks in the clear: if the commit fails the object stays for the orphan sweep.
        // Its checksum is kept sealed too: in the clear it would let anyone with the catalogue confirm a guessed block.
        String sealedChecksum = SealedChecksums.seal(sealing, checksum);
        return catalog.inGroupCommit(h -> {
            alongside.accept(h);
            BlockCatalog.insertStored(h, key, null, objectSha, sealed.length, now(), sealing);
            BlockCatalog.hold(h, snapshotId, blockIndex, key, sealedChecksum, now());
            return new BlockRef(blockIndex, checksum, key);
        });
    }

    private BlockRef hold(String snapshotId, int blockIndex, String key, String checksum, Consumer<Handle> alongside) {
        catalog.inGroupCommit(h -> {
            alongside.accept(h);
            BlockCatalog.hold(h, snapshotId, blockIndex, key, checksum, now());
            return null;
        });
        return new BlockRef(blockIndex, checksum, key);
    }

    /**
     * The data of block {@code blockIndex} of a snapshot, exactly as written, or empty when that block was never
     * written. A block written as zeros reads as zeros.
     *
     * @throws BlockIntegrityException when the stored data is missing or does not match its recorded SHA-256
     */
    public Optional<byte[]> read(String snapshotId, int blockIndex) {
        return read(snapshotId, blockIndex, dataKeyId -> {
            throw new BlockIntegrityException("block " + blockIndex + " of " + snapshotId + " is sealed under data key "
                    + dataKeyId + ", and this read has no keys");
        }).map(BlockData::data);
    }

    /**
     * {@link #read(String, int)} of a snapshot that may hold sealed blocks: {@code dataKeys} gives the key of a data
     * key id (and refuses, by throwing, when the reader may not use it); the block is opened and checked with it.
     * The checksum recorded with the block comes along, from the same catalogue read.
     *
     * @throws BlockIntegrityException also when a sealed block does not open: it was altered, moved or swapped
     */
    public Optional<BlockData> read(String snapshotId, int blockIndex, Function<String, SecretKey> dataKeys) {
        checkIndex(blockIndex);
        Optional<BlockCatalog.Located> located = catalog.read(h -> BlockCatalog.locate(h, snapshotId, blockIndex));
        if (located.isEmpty()) {
            return Optional.empty();
        }
        String key = located.get().blockKey();
        String checksum = located.get().checksum();
        if (key == null) {
            return Optional.of(new BlockData(new byte[BLOCK_SIZE], checksum));
        }
        String where = "block " + blockIndex + " of " + snapshotId + " (" + key + ")";
        if (located.get().objectSha256() == null) {
            throw new BlockIntegrityException(where + " has no catalogue record of its object");
        }
        byte[] data = store.get(key).orElseThrow(() -> new BlockIntegrityException(where + ": the object is missing"));
        String dataKeyId = located.get().dataKeyId();
        if (dataKeyId != null) {
            // AES-GCM authenticates the object: checking its SHA-256 as well would only cost time.
            SecretKey dataKey = dataKeys.apply(dataKeyId);
            try {
                byte[] opened = BlockSealing.open(dataKey, dataKeyId, located.get().sealedFor(), blockIndex, data);
                // Catalogues written before checksums were sealed hold them in the clear.
                String plainChecksum = SealedChecksums.isSealed(checksum) ? SealedChecksums.open(dataKey, checksum) : checksum;
                return Optional.of(new BlockData(opened, plainChecksum));
            } catch (Aead.OpenFailed e) {
                throw new BlockIntegrityException(where + ": the sealed data does not open under its data key for this "
                        + "snapshot and index");
            }
        }
        if (!Sha256.hex(data).equals(located.get().objectSha256())) {
            throw new BlockIntegrityException(where + ": the stored data does not match its SHA-256");
        }
        return Optional.of(new BlockData(data, checksum));
    }

    /**
     * The written blocks of a snapshot from {@code fromIndex} on, in index order, at most {@code limit}. The checksum
     * of a sealed block is as the catalogue keeps it, sealed ({@link SealedChecksums}): equal for equal blocks under
     * one data key, so blocks still compare, but only {@link #read} gives its SHA-256.
     */
    public List<BlockRef> list(String snapshotId, int fromIndex, int limit) {
        checkIndex(fromIndex);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        return catalog.read(h -> BlockCatalog.list(h, snapshotId, fromIndex, limit));
    }

    /** How many blocks of a snapshot are written (zero blocks included). */
    public long count(String snapshotId) {
        return catalog.read(h -> count(h, snapshotId));
    }

    /** {@link #count(String)} inside the caller's transaction. */
    public long count(Handle h, String snapshotId) {
        return BlockCatalog.count(h, snapshotId);
    }

    /**
     * Starts {@code childSnapshotId}, which holds no blocks yet, with every block of {@code parentSnapshotId}: the
     * same stored objects, one more reference each, nothing copied. Writes to either afterwards affect only that
     * one. Returns how many blocks the child inherited.
     */
    public int inherit(String childSnapshotId, String parentSnapshotId) {
        if (childSnapshotId.equals(parentSnapshotId)) {
            throw new IllegalArgumentException("a snapshot cannot inherit from itself: " + childSnapshotId);
        }
        return catalog.inTransaction(h -> inherit(h, childSnapshotId, parentSnapshotId));
    }

    /** {@link #inherit(String, String)} inside the caller's transaction, so the child and its blocks commit together. */
    public int inherit(Handle h, String childSnapshotId, String parentSnapshotId) {
        if (childSnapshotId.equals(parentSnapshotId)) {
            throw new IllegalArgumentException("a snapshot cannot inherit from itself: " + childSnapshotId);
        }
        return BlockCatalog.inherit(h, childSnapshotId, parentSnapshotId);
    }

    /**
     * Drops all blocks of a snapshot (it is deleted, or it failed), freeing the objects no other snapshot holds.
     * Returns how many blocks it held; releasing a snapshot that holds none is not an error.
     */
    public int release(String snapshotId) {
        return catalog.inTransaction(h -> release(h, snapshotId));
    }

    /**
     * {@link #release(String)} inside the caller's transaction, so a snapshot row and its blocks go together and a
     * crash can never leave blocks held by a snapshot that no longer exists.
     */
    public int release(Handle h, String snapshotId) {
        return BlockCatalog.release(h, snapshotId, now());
    }

    private long now() {
        return clock.millis();
    }

    private void deleteQuietly(String key) {
        try {
            store.delete(key);
        } catch (BlockStoreException e) {
            // Unreferenced, so the orphan sweep removes it later.
        }
    }

    private static void checkWrite(String region, int blockIndex, byte[] data) {
        BlockKeys.checkRegion(region);
        checkIndex(blockIndex);
        if (data.length != BLOCK_SIZE) {
            throw new IllegalArgumentException("a block is " + BLOCK_SIZE + " bytes, not " + data.length);
        }
    }

    private static void checkIndex(int blockIndex) {
        if (blockIndex < 0) {
            throw new IllegalArgumentException("a block index is not negative: " + blockIndex);
        }
    }

    static boolean isAllZero(byte[] data) {
        return Arrays.mismatch(data, ZEROS) < 0;
    }
}
