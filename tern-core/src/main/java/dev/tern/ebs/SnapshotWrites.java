package dev.tern.ebs;

import dev.tern.account.CallContext;
import dev.tern.blocks.BlockSealing;
import dev.tern.blocks.SealedChecksums;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.encryption.SnapshotEncryption;
import dev.tern.error.TernException;
import dev.tern.snapshots.SnapshotRepository;
import dev.tern.snapshots.SnapshotRow;
import dev.tern.snapshots.SnapshotState;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.security.MessageDigest;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.PutSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.PutSnapshotBlockResponse;
import software.amazon.awssdk.services.ebs.model.Status;

/**
 * PutSnapshotBlock and CompleteSnapshot: writes into the caller's pending snapshot, and its sealing. Every refusal
 * is decided before anything is stored; the one check that must hold at the commit (the snapshot is still pending
 * and within its Timeout) is made again inside the transaction that records the block or completes the snapshot.
 */
final class SnapshotWrites {
    private final Catalog catalog;
    private final Clock clock;
    private final SnapshotBlocks blocks;
    private final SnapshotTimeouts timeouts;
    private final SnapshotEncryption encryption;
    private final EbsSnapshots access = new EbsSnapshots();
    private final SnapshotRepository snapshots = new SnapshotRepository();

    SnapshotWrites(Catalog catalog, Clock clock, SnapshotBlocks blocks, SnapshotTimeouts timeouts,
                   SnapshotEncryption encryption) {
        this.encryption = encryption;
        this.catalog = catalog;
        this.clock = clock;
        this.blocks = blocks;
        this.timeouts = timeouts;
    }

    /** The caller's snapshot a write names, and its Timeout state when it is pending. */
    private record Target(SnapshotRow snapshot, EbsRepository.Pending pending) {}

    PutSnapshotBlockResponse put(CallContext ctx, PutSnapshotBlockRequest r, byte[] data) {
        Target t = target(ctx, r.snapshotId());
        SnapshotRow s = t.snapshot();
        int index = EbsSnapshots.requireBlockIndex(r.blockIndex(), s);
        requireWritable(t);
        if (r.dataLength() == null || r.dataLength() != SnapshotBlocks.BLOCK_SIZE) {
            throw EbsErrors.invalidParameter("DataLength must be " + SnapshotBlocks.BLOCK_SIZE + ", the only block size, not "
                    + r.dataLength() + ".");
        }
        if (data == null || data.length != r.dataLength()) {
            throw EbsErrors.invalidParameter("The block data has " + (data == null ? 0 : data.length)
                    + " bytes, not the " + r.dataLength() + " that x-amz-Data-Length says.");
        }
        if (r.checksumAlgorithm() != ChecksumAlgorithm.SHA256) {
            throw EbsErrors.invalidParameter("ChecksumAlgorithm must be SHA256, not " + r.checksumAlgorithmAsString() + ".");
        }
        byte[] digest = EbsChecksums.sha256(data);
        byte[] given = r.checksum() == null ? null : EbsChecksums.decodeOrNull(r.checksum());
        if (given == null || !MessageDigest.isEqual(given, digest)) {
            throw EbsErrors.invalidParameter("The checksum " + r.checksum() + " does not match the SHA256 of the block data.");
        }
        if (r.progress() != null && (r.progress() < 0 || r.progress() > 100)) {
            throw EbsErrors.invalidParameter("Progress must be between 0 and 100, not " + r.progress() + ".");
        }
        String checksumHex = HexFormat.of().formatHex(digest);
        long now = clock.millis();
        BlockSealing sealing = EbsErrors.throughKms(() -> encryption.sealing(ctx, s));
        // An encrypted snapshot's checksums are kept sealed here too, until CompleteSnapshot checks them.
        String recorded = sealing == null ? checksumHex : SealedChecksums.seal(sealing, checksumHex);
        blocks.writeSealed(ctx.regionName(), s.snapshotId(), index, data, checksumHex, sealing, h -> {
            requireStillPending(h, s.snapshotId(), now);
            EbsRepository.recordWritten(h, s.snapshotId(), index, recorded);
            EbsRepository.touch(h, s.snapshotId(), now);
            if (r.progress() != null) {
                snapshots.setProgress(h, s.snapshotId(), r.progress() + "%");
            }
        });
        return PutSnapshotBlockResponse.builder().checksum(r.checksum()).checksumAlgorithm(ChecksumAlgorithm.SHA256).build();
    }

    CompleteSnapshotResponse complete(CallContext ctx, CompleteSnapshotRequest r) {
        EbsSnapshots.requireWellFormed(r.snapshotId(), "SnapshotId");
        if (r.changedBlocksCount() == null || r.changedBlocksCount() < 0) {
            throw EbsErrors.invalidParameter("ChangedBlocksCount is required and must not be negative.");
        }
        if (r.checksum() != null) {
            if (r.checksumAlgorithm() != null && !EbsChecksums.ALGORITHM.equals(r.checksumAlgorithmAsString())) {
                throw EbsErrors.invalidParameter("ChecksumAlgorithm must be SHA256, not " + r.checksumAlgorithmAsString() + ".");
            }
            if (r.checksumAggregationMethod() != null && !EbsChecksums.AGGREGATION.equals(r.checksumAggregationMethodAsString())) {
                throw EbsErrors.invalidParameter("ChecksumAggregationMethod must be LINEAR, not "
                        + r.checksumAggregationMethodAsString() + ".");
            }
        }
        Target t = target(ctx, r.snapshotId());
        SnapshotRow s = t.snapshot();
        if (s.state() == SnapshotState.COMPLETED) {
            // A retry of a completion that went through, whose answer was lost.
            return CompleteSnapshotResponse.builder().status(Status.COMPLETED).build();
        }
        requireWritable(t);
        long now = clock.millis();
        BlockSealing sealing = r.checksum() == null ? null : EbsErrors.throughKms(() -> encryption.sealing(ctx, s));
        return catalog.inTransaction(h -> {
            requireStillPending(h, s.snapshotId(), now);
            List<String> written = EbsRepository.writtenChecksums(h, s.snapshotId());
            if (written.size() != r.changedBlocksCount()) {
                throw EbsErrors.invalidParameter("ChangedBlocksCount is " + r.changedBlocksCount() + ", but "
                        + written.size() + " blocks were written to snapshot " + s.snapshotId() + ".");
            }
            if (r.checksum() != null && !EbsChecksums.linearMatches(written.stream()
                    .map(c -> SealedChecksums.isSealed(c) ? SealedChecksums.open(sealing.key(), c) : c).toList(), r.checksum())) {
                throw EbsErrors.invalidParameter("The aggregate checksum " + r.checksum() + " does not match the "
                        + written.size() + " blocks written to snapshot " + s.snapshotId() + ".");
            }
            snapshots.complete(h, s.snapshotId(), now, blocks.count(h, s.snapshotId()) * SnapshotBlocks.BLOCK_SIZE);
            EbsRepository.forgetPending(h, s.snapshotId());
            return CompleteSnapshotResponse.builder().status(Status.COMPLETED).build();
        });
    }

    private Target target(CallContext ctx, String snapshotId) {
        return catalog.read(h -> {
            SnapshotRow s = access.owned(h, ctx, snapshotId);
            return new Target(s, EbsRepository.pending(h, s.snapshotId()).orElse(null));
        });
    }

    /** Refuses a snapshot that is not pending, or whose Timeout has passed (moving it to error first). */
    private void requireWritable(Target t) {
        SnapshotRow s = t.snapshot();
        if (s.state() == SnapshotState.ERROR) {
            throw EbsErrors.timedOut(s.snapshotId());
        }
        if (s.state() != SnapshotState.PENDING || t.pending() == null) {
            throw notPending(s.snapshotId(), s.status());
        }
        long now = clock.millis();
        if (t.pending().deadline() <= now) {
            catalog.inTransaction(h -> timeouts.expire(h, s.snapshotId(), now));
            throw EbsErrors.timedOut(s.snapshotId());
        }
    }

    private void requireStillPending(Handle h, String snapshotId, long now) {
        String status = snapshots.status(h, snapshotId);
        if (SnapshotState.ERROR.wire().equals(status)) {
            throw EbsErrors.timedOut(snapshotId);
        }
        if (!SnapshotState.PENDING.wire().equals(status)) {
            throw notPending(snapshotId, status);
        }
        var pending = EbsRepository.pending(h, snapshotId);
        if (pending.isEmpty() || pending.get().deadline() <= now) {
            // The sweep moves it to error; this transaction cannot, since refusing rolls it back.
            throw EbsErrors.timedOut(snapshotId);
        }
    }

    private static TernException notPending(String snapshotId, String status) {
        return EbsErrors.invalidParameter("The snapshot '" + snapshotId + "' is " + status
                + "; blocks can be written only while it is pending.");
    }
}
