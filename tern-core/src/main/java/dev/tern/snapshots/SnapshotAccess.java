package dev.tern.snapshots;

import dev.tern.account.CallContext;
import dev.tern.error.ErrorCode;
import dev.tern.ids.ResourceIds;
import org.jdbi.v3.core.Handle;

/**
 * Who may do what with a snapshot. A snapshot the caller cannot see does not exist for it (NotFound); one it can
 * see but does not own may be read and used, never changed.
 */
final class SnapshotAccess {
    private SnapshotAccess() {}

    static void requireWellFormed(String snapshotId) {
        if (!ResourceIds.isWellFormed(snapshotId, ResourceIds.SNAPSHOT)) {
            throw ErrorCode.InvalidSnapshot_Malformed.format(snapshotId);
        }
    }

    static SnapshotRow requireVisible(SnapshotRepository repository, Handle h, CallContext ctx, String snapshotId) {
        requireWellFormed(snapshotId);
        SnapshotRow row = repository.find(h, snapshotId, ctx.regionName()).orElse(null);
        if (row == null || !repository.isVisible(h, row, ctx.accountId())) {
            throw ErrorCode.InvalidSnapshot_NotFound.format(snapshotId);
        }
        return row;
    }

    static SnapshotRow requireOwned(SnapshotRepository repository, Handle h, CallContext ctx, String snapshotId) {
        SnapshotRow row = requireVisible(repository, h, ctx, snapshotId);
        if (!row.isOwnedBy(ctx.accountId())) {
            throw ErrorCode.AuthFailure.withMessage("Not authorized for snapshot:" + snapshotId);
        }
        return row;
    }
}
