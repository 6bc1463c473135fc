package dev.tern.ebs;

import dev.tern.account.CallContext;
import dev.tern.snapshots.SnapshotRepository;
import dev.tern.snapshots.SnapshotRow;
import dev.tern.snapshots.SnapshotState;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * Which snapshots an EBS direct call may use. Writing (PutSnapshotBlock, CompleteSnapshot) needs the caller's own
 * snapshot; reading needs one it can see (its own or shared through createVolumePermission) that is completed,
 * since pending snapshots cannot be read. A snapshot the caller cannot see does not exist for it.
 */
final class EbsSnapshots {
    /** The model's pattern for a snapshot id. */
    private static final Pattern ID = Pattern.compile("snap-[0-9a-f]{1,59}");
    /** Blocks per GiB of volume: 1 GiB / 512 KiB. */
    static final long BLOCKS_PER_GIB = 2048;

    private final SnapshotRepository repository = new SnapshotRepository();

    static void requireWellFormed(String snapshotId, String member) {
        if (snapshotId == null || snapshotId.isEmpty()) {
            throw EbsErrors.invalidParameter(member + " is required.");
        }
        if (!ID.matcher(snapshotId).matches()) {
            throw EbsErrors.invalid(EbsErrors.INVALID_SNAPSHOT_ID, "The snapshot ID '" + snapshotId + "' is not valid.");
        }
    }

    SnapshotRow owned(Handle h, CallContext ctx, String snapshotId) {
        requireWellFormed(snapshotId, "SnapshotId");
        SnapshotRow row = repository.find(h, snapshotId, ctx.regionName()).orElse(null);
        if (row == null || !row.isOwnedBy(ctx.accountId())) {
            throw EbsErrors.snapshotNotFound(snapshotId);
        }
        return row;
    }

    SnapshotRow visible(Handle h, CallContext ctx, String snapshotId, String member) {
        requireWellFormed(snapshotId, member);
        SnapshotRow row = repository.find(h, snapshotId, ctx.regionName()).orElse(null);
        if (row == null || !repository.isVisible(h, row, ctx.accountId())) {
            throw EbsErrors.snapshotNotFound(snapshotId);
        }
        return row;
    }

    SnapshotRow readable(Handle h, CallContext ctx, String snapshotId, String member) {
        SnapshotRow row = visible(h, ctx, snapshotId, member);
        if (row.state() != SnapshotState.COMPLETED) {
            throw EbsErrors.invalid(EbsErrors.INVALID_SNAPSHOT_ID, "The snapshot '" + snapshotId + "' is "
                    + row.status() + "; only completed snapshots can be read.");
        }
        return row;
    }

    /** Refuses, with INVALID_BLOCK, an index that is negative or past the end of the snapshot's volume. */
    static int requireBlockIndex(Integer blockIndex, SnapshotRow snapshot) {
        if (blockIndex == null) {
            throw EbsErrors.invalidParameter("BlockIndex is required.");
        }
        long blocks = snapshot.volumeSize() * BLOCKS_PER_GIB;
        if (blockIndex < 0 || blockIndex >= blocks) {
            throw EbsErrors.invalid(EbsErrors.INVALID_BLOCK, "The block index " + blockIndex + " is not valid: snapshot "
                    + snapshot.snapshotId() + " has blocks 0 to " + (blocks - 1) + ".");
        }
        return blockIndex;
    }
}
