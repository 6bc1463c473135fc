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

    public SnapshotService(Catalog catalog, Accounts accounts, Clock clock, TagService tags, SnapshotBlocks blocks) {
        this.catalog = catalog;
        this.clock = clock;
        this.tags = tags;
        this.blocks = blocks;
        this.query = new SnapshotQuery(catalog, accounts, tags, repository);
        this.attributes = new SnapshotAttributes(catalog, repository);
    }

    /**
     * Records a completed snapshot owned by the caller, holding no blocks, and returns its id: for tests that need
     * a snapshot but not its data. Snapshots with data come from the EBS direct APIs.
     */
    public String createSnapshot(CallContext ctx, int volumeSizeGiB, String description) {
        if (volumeSizeGiB < 1 || volumeSizeGiB > MAX_VOLUME_SIZE_GIB) {
            throw ErrorCode.InvalidParameterValue.withMessage("Volume size must be between 1 and "
                    + MAX_VOLUME_SIZE_GIB + " GiB, not " + volumeSizeGiB);
        }
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw ErrorCode.InvalidParameterValue.withMessage("The description must be at most "
                    + MAX_DESCRIPTION_LENGTH + " characters long.");
        }
        String id = ResourceIds.newId(ResourceIds.SNAPSHOT);
        long now = clock.millis();
        SnapshotRow row = new SnapshotRow(id, ctx.regionName(), ctx.accountId(), NO_VOLUME_ID, volumeSizeGiB,
                SnapshotRow.COMPLETED, null, "100%", now, now, description, false, null, null, "standard",
                null, null, null, null, null);
        catalog.useTransaction(h -> repository.insert(h, row));
        return id;
    }

    /**
     * Records a snapshot that another service has just started (StartSnapshot), with the caller's tags, inside that
     * service's transaction.
     */
    public void recordStarted(Handle h, CallContext ctx, SnapshotRow row, Map<String, String> snapshotTags) {
        repository.insert(h, row);
        tags.tagNewResource(h, ctx, row.snapshotId(), "snapshot", snapshotTags);
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
