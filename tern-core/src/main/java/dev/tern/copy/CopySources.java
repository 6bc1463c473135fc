package dev.tern.copy;

import dev.tern.account.CallContext;
import dev.tern.error.ErrorCode;
import dev.tern.ids.ResourceIds;
import dev.tern.snapshots.SnapshotRow;
import dev.tern.snapshots.SnapshotService;
import dev.tern.snapshots.SnapshotState;
import org.jdbi.v3.core.Handle;

/** The source snapshot of a CopySnapshot: well formed, in the source Region, visible to the caller, completed. */
final class CopySources {
    private CopySources() {}

    static SnapshotRow requireSnapshot(Handle h, SnapshotService snapshots, CallContext ctx, CopyDestination route,
            String snapshotId) {
        if (!ResourceIds.isWellFormed(snapshotId, ResourceIds.SNAPSHOT)) {
            throw ErrorCode.InvalidSnapshot_Malformed.format(snapshotId);
        }
        SnapshotRow s = snapshots.find(h, snapshotId, route.source().name()).orElse(null);
        if (s == null || !snapshots.isVisible(h, s, ctx.accountId())) {
            throw ErrorCode.InvalidSnapshot_NotFound.format(snapshotId);
        }
        if (s.state() != SnapshotState.COMPLETED) {
            throw ErrorCode.IncorrectState.withMessage("Snapshot " + snapshotId + " is not completed: it is "
                    + s.status() + ".");
        }
        if (s.outpostArn() != null) {
            throw ErrorCode.InvalidParameterValue.withMessage("Snapshot " + snapshotId + " is on an Outpost; snapshots "
                    + "on an Outpost cannot be copied.");
        }
        return s;
    }
}
