package dev.tern.snapshots;

import dev.tern.account.Accounts;
import dev.tern.account.CallContext;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import dev.tern.ids.ResourceIds;
import dev.tern.tags.TagService;
import java.time.Clock;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotRequest;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotAttributeResponse;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeSnapshotsResponse;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifySnapshotAttributeResponse;
import software.amazon.awssdk.services.ec2.model.ResetSnapshotAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ResetSnapshotAttributeResponse;
import software.amazon.awssdk.services.ec2.model.SnapshotReturnCodes;

/** The EC2 snapshot operations, and what images need of snapshots. */
public final class SnapshotService {
    /** The volume id AWS reports for snapshots that were not taken from a volume (copies, EBS direct uploads). */
    public static final String NO_VOLUME_ID = "vol-ffffffff";
    public static final int MAX_VOLUME_SIZE_GIB = 65536;
    public static final int MAX_DESCRIPTION_LENGTH = 255;

    private final Catalog catalog;
    private final Clock clock;
    private final TagService tags;
    private final SnapshotBlocks blocks;
    private final SnapshotRepository repository = new SnapshotRepository();
    private final SnapshotQuery query;
    private final SnapshotAttributes attributes;
    private volatile PendingCopies pendingCopies = PendingCopies.NONE;

    public SnapshotService(Catalog catalog, Accounts accounts, Clock clock, TagService tags, SnapshotBlocks blocks) {
        this.catalog = catalog;
        this.clock = clock;
        this.tags = tags;
        this.blocks = blocks;
        this.query = new SnapshotQuery(catalog, accounts, tags, repository);
        this.attributes = new SnapshotAttributes(catalog, repository);
    }

    /**
     * Records a snapshot that another service has just started (StartSnapshot), with the caller's tags, inside that
     * service's transaction.
     */
    public void recordStarted(Handle h, CallContext ctx, SnapshotRow row, Map<String, String> snapshotTags) {
        repository.insert(h, row);
        tags.tagNewResource(h, ctx, row.snapshotId(), "snapshot", snapshotTags);
    }

    /** Who stops a copy into a snapshot that is deleted while the copy is in progress (the copy engine). */
    public void onPendingCopies(PendingCopies copies) {
        this.pendingCopies = copies;
    }

    /** A snapshot of any owner in {@code region}, inside the caller's transaction. */
    public java.util.Optional<SnapshotRow> find(Handle h, String snapshotId, String region) {
        return repository.find(h, snapshotId, region);
    }

    /** Whether {@code accountId} may read the snapshot's data: it owns it or was given createVolumePermission. */
    public boolean isVisible(Handle h, SnapshotRow s, String accountId) {
        return repository.isVisible(h, s, accountId);
    }

    /** Records the progress of a snapshot being written by a copy. */
    public void recordProgress(Handle h, String snapshotId, String progress) {
        repository.setProgress(h, snapshotId, progress);
    }

    /** Names the key and data key of an encrypted snapshot being copied, once the copy has them from KMS. */
    public void recordEncryption(Handle h, String snapshotId, String kmsKeyArn, String dataKeyId) {
        repository.setEncryption(h, snapshotId, kmsKeyArn, dataKeyId);
    }

    /** Moves a pending snapshot to completed, with {@code fullSizeBytes} of written data; false if not pending. */
    public boolean recordCompleted(Handle h, String snapshotId, long now, long fullSizeBytes) {
        return repository.complete(h, snapshotId, now, fullSizeBytes);
    }

    /** Moves a pending snapshot to error with {@code message} and frees its blocks; false if it was not pending. */
    public boolean recordFailed(Handle h, String snapshotId, String message) {
        boolean failed = repository.fail(h, snapshotId, message);
        if (failed) {
            blocks.release(h, snapshotId);
        }
        return failed;
    }

    /** Deletes a snapshot whose copy was stopped, with its tags and blocks, inside the caller's transaction. */
    public void discard(Handle h, String snapshotId) {
        delete(h, snapshotId);
    }

    public DescribeSnapshotsResponse describeSnapshots(CallContext ctx, DescribeSnapshotsRequest request) {
        return query.describe(ctx, request);
    }

    public DeleteSnapshotResponse deleteSnapshot(CallContext ctx, DeleteSnapshotRequest request) {
        catalog.useTransaction(h -> {
            SnapshotRow row = SnapshotAccess.requireOwned(repository, h, ctx, request.snapshotId());
            String image = repository.imageUsing(h, row.snapshotId());
            if (image != null) {
                throw ErrorCode.InvalidSnapshot_InUse.format(row.snapshotId(), image);
            }
            pendingCopies.stopCopyInto(h, row.snapshotId());
            delete(h, row.snapshotId());
        });
        return DeleteSnapshotResponse.builder().build();
    }

    public DescribeSnapshotAttributeResponse describeSnapshotAttribute(CallContext ctx, DescribeSnapshotAttributeRequest request) {
        return attributes.describe(ctx, request);
    }

    public ModifySnapshotAttributeResponse modifySnapshotAttribute(CallContext ctx, ModifySnapshotAttributeRequest request) {
        return attributes.modify(ctx, request);
    }

    public ResetSnapshotAttributeResponse resetSnapshotAttribute(CallContext ctx, ResetSnapshotAttributeRequest request) {
        return attributes.reset(ctx, request);
    }

    /**
     * The snapshot a new image's block device mapping names, if the caller may use it: its own, or one shared with
     * it through createVolumePermission; else InvalidSnapshot.NotFound, as if it did not exist.
     */
    /**
     * A snapshot the caller owns, for RegisterImage: as in AWS, an image is registered only over the account's own
     * snapshots (another account's, even shared, is copied first), so no account's image can keep another from
     * deleting its snapshot.
     */
    public SnapshotRow requireOwned(Handle h, CallContext ctx, String snapshotId) {
        return SnapshotAccess.requireOwned(repository, h, ctx, snapshotId);
    }

    public SnapshotRow requireUsable(Handle h, CallContext ctx, String snapshotId) {
        return SnapshotAccess.requireVisible(repository, h, ctx, snapshotId);
    }

    /**
     * DeregisterImage's DeleteAssociatedSnapshots for one snapshot, inside the deregistration's transaction (the
     * image is already marked deregistered): deleted if the caller owns it and no other live image uses it.
     */
    public SnapshotReturnCodes deleteForDeregisteredImage(Handle h, CallContext ctx, String snapshotId) {
        SnapshotRow row = repository.find(h, snapshotId, ctx.regionName()).orElse(null);
        if (row == null || !row.isOwnedBy(ctx.accountId())) {
            return SnapshotReturnCodes.MISSING_PERMISSIONS;
        }
        if (repository.imageUsing(h, snapshotId) != null) {
            return SnapshotReturnCodes.SKIPPED;
        }
        delete(h, snapshotId);
        return SnapshotReturnCodes.SUCCESS;
    }

    // The row and its blocks go in one transaction, so a crash never leaves blocks held by a snapshot that is gone.
    private void delete(Handle h, String snapshotId) {
        repository.delete(h, snapshotId);
        tags.forgetResource(h, snapshotId);
        blocks.release(h, snapshotId);
    }
}
