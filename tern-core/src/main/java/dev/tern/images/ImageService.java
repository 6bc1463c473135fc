package dev.tern.images;

import dev.tern.account.Accounts;
import dev.tern.account.CallContext;
import dev.tern.catalog.Catalog;
import dev.tern.config.TernConfig;
import dev.tern.snapshots.PendingCopies;
import dev.tern.snapshots.SnapshotService;
import dev.tern.tags.TagService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.DeleteSnapshotReturnCode;
import software.amazon.awssdk.services.ec2.model.DeregisterImageRequest;
import software.amazon.awssdk.services.ec2.model.DeregisterImageResponse;
import software.amazon.awssdk.services.ec2.model.DescribeImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImageAttributeResponse;
import software.amazon.awssdk.services.ec2.model.DescribeImagesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeImagesResponse;
import software.amazon.awssdk.services.ec2.model.DisableImageDeregistrationProtectionRequest;
import software.amazon.awssdk.services.ec2.model.DisableImageDeregistrationProtectionResponse;
import software.amazon.awssdk.services.ec2.model.EnableImageDeregistrationProtectionRequest;
import software.amazon.awssdk.services.ec2.model.EnableImageDeregistrationProtectionResponse;
import software.amazon.awssdk.services.ec2.model.GetImageAncestryRequest;
import software.amazon.awssdk.services.ec2.model.GetImageAncestryResponse;
import software.amazon.awssdk.services.ec2.model.ModifyImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ModifyImageAttributeResponse;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;
import software.amazon.awssdk.services.ec2.model.RegisterImageResponse;
import software.amazon.awssdk.services.ec2.model.ResetImageAttributeRequest;
import software.amazon.awssdk.services.ec2.model.ResetImageAttributeResponse;

/** The EC2 image (AMI) operations. */
public final class ImageService {
    private final Catalog catalog;
    private final TernConfig config;
    private final Clock clock;
    private final TagService tags;
    private final SnapshotService snapshots;
    private final ImageRepository repository;
    private final ImageRegistration registration;
    private final ImageQuery query;
    private final ImageAttributes attributes;
    private final Accounts accounts;
    private volatile PendingCopies pendingCopies = PendingCopies.NONE;

    public ImageService(TernConfig config, Catalog catalog, Accounts accounts, Clock clock, TagService tags,
            SnapshotService snapshots) {
        this.catalog = catalog;
        this.config = config;
        this.clock = clock;
        this.tags = tags;
        this.snapshots = snapshots;
        this.repository = new ImageRepository();
        this.registration = new ImageRegistration(catalog, repository, snapshots, tags, clock);
        this.query = new ImageQuery(catalog, accounts, config, clock);
        this.attributes = new ImageAttributes(catalog, repository);
        this.accounts = accounts;
    }

    /** Who stops the copy of an image deregistered while it is pending (the copy engine). */
    public void onPendingCopies(PendingCopies copies) {
        this.pendingCopies = copies;
    }

    /** The image the caller may read (its own, public or shared with it), or InvalidAMIID.NotFound / .Malformed. */
    public ImageRow requireVisible(Handle h, CallContext ctx, String imageId) {
        return ImageAccess.requireVisible(repository, h, ctx, imageId);
    }

    /** The image's block device mapping, in order. */
    public List<BlockDeviceRow> blockDevices(Handle h, String imageId) {
        return repository.blockDevices(h, imageId);
    }

    /** The caller's live image with this name in the Region, or null. */
    public String liveImageNamed(Handle h, String region, String ownerId, String name) {
        return repository.liveImageNamed(h, region, ownerId, name);
    }

    /** Records a new image (a pending copy) with its block devices and the caller's tags, in the caller's transaction. */
    public void recordNew(Handle h, CallContext ctx, ImageRow image, List<BlockDeviceRow> devices, Map<String, String> imageTags) {
        repository.insert(h, image, devices);
        tags.tagNewResource(h, ctx, image.imageId(), "image", imageTags);
    }

    /** Shows the key a copied snapshot is encrypted under in the block device mapping that names it. */
    public void recordSnapshotKey(Handle h, String snapshotId, String kmsKeyArn) {
        repository.setSnapshotKey(h, snapshotId, kmsKeyArn);
    }

    /** A pending image becomes available; false when it was not pending (deregistered meanwhile). */
    public boolean recordAvailable(Handle h, String imageId) {
        return repository.changeState(h, imageId, ImageState.PENDING, ImageState.AVAILABLE, null, null);
    }

    /** A pending image fails with a StateReason; false when it was not pending. */
    public boolean recordFailed(Handle h, String imageId, String code, String message) {
        return repository.changeState(h, imageId, ImageState.PENDING, ImageState.FAILED, code, message);
    }

    public RegisterImageResponse registerImage(CallContext ctx, RegisterImageRequest request) {
        return RegisterImageResponse.builder().imageId(registration.register(ctx, request)).build();
    }

    /**
     * RegisterImage under an id chosen by the caller, for data seeded with a known id ({@code --demo}); no API
     * operation reaches this, since AWS always chooses image ids itself.
     */
    public RegisterImageResponse registerImageWithId(CallContext ctx, RegisterImageRequest request, String imageId) {
        return RegisterImageResponse.builder().imageId(registration.register(ctx, request, imageId)).build();
    }

    public DescribeImagesResponse describeImages(CallContext ctx, DescribeImagesRequest request) {
        return query.describe(ctx, request);
    }

    /**
     * Marks the image deregistered: its name is free at once, and DescribeImages still shows it, deregistered,
     * for the configured while. Its tags go with it. With DeleteAssociatedSnapshots, each snapshot of its block
     * device mapping is deleted unless another image still uses it.
     */
    public DeregisterImageResponse deregisterImage(CallContext ctx, DeregisterImageRequest request) {
        boolean deleteSnapshots = Boolean.TRUE.equals(request.deleteAssociatedSnapshots());
        List<DeleteSnapshotReturnCode> results = catalog.inTransaction(h -> {
            ImageRow image = ImageAccess.requireOwned(repository, h, ctx, request.imageId());
            long now = clock.millis();
            DeregistrationProtection.requireDeregistrable(image, now);
            repository.purgeDeregistered(h, ctx.regionName(), ctx.accountId(), now - config.deregisteredVisibleSeconds() * 1000L);
            if (image.imageState() == ImageState.PENDING) {
                pendingCopies.stopCopiesOf(h, image.imageId());
            }
            repository.markDeregistered(h, image.imageId(), now);
            tags.forgetResource(h, image.imageId());
            List<DeleteSnapshotReturnCode> out = new ArrayList<>();
            if (deleteSnapshots) {
                Set<String> snapshotIds = new LinkedHashSet<>();
                repository.blockDevices(h, image.imageId()).forEach(b -> {
                    if (b.snapshotId() != null) {
                        snapshotIds.add(b.snapshotId());
                    }
                });
                for (String snapshotId : snapshotIds) {
                    out.add(DeleteSnapshotReturnCode.builder().snapshotId(snapshotId)
                            .returnCode(snapshots.deleteForDeregisteredImage(h, ctx, snapshotId)).build());
                }
            }
            return out;
        });
        var response = DeregisterImageResponse.builder().returnValue(true);
        if (deleteSnapshots) {
            response.deleteSnapshotResults(results);
        }
        return response.build();
    }

    /** Protects the image from DeregisterImage; WithCooldown keeps it protected 24 hours after it is disabled. */
    public EnableImageDeregistrationProtectionResponse enableImageDeregistrationProtection(CallContext ctx,
            EnableImageDeregistrationProtectionRequest request) {
        catalog.useTransaction(h -> {
            ImageRow image = ImageAccess.requireOwned(repository, h, ctx, request.imageId());
            repository.setDeregistrationProtection(h, image.imageId(),
                    DeregistrationProtection.enabled(request.withCooldown()), image.protectedUntil());
        });
        return EnableImageDeregistrationProtectionResponse.builder().returnValue("true").build();
    }

    /** Lifts the protection; one enabled with a cooldown still refuses DeregisterImage for 24 hours. */
    public DisableImageDeregistrationProtectionResponse disableImageDeregistrationProtection(CallContext ctx,
            DisableImageDeregistrationProtectionRequest request) {
        catalog.useTransaction(h -> {
            ImageRow image = ImageAccess.requireOwned(repository, h, ctx, request.imageId());
            repository.setDeregistrationProtection(h, image.imageId(), null,
                    DeregistrationProtection.protectedUntilAfterDisabling(image, clock.millis()));
        });
        return DisableImageDeregistrationProtectionResponse.builder().returnValue("true").build();
    }

    /** The chain of copies from {@code imageId} back to the image first registered (docs/copying.md, "Ancestry"). */
    public List<ImageAncestryEntry> imageAncestry(CallContext ctx, String imageId) {
        return catalog.read(h -> ImageAncestry.of(repository, accounts, h, ctx, imageId));
    }

    /** GetImageAncestry: {@link #imageAncestry} in the EC2 model's terms. */
    public GetImageAncestryResponse getImageAncestry(CallContext ctx, GetImageAncestryRequest request) {
        return GetImageAncestryResponse.builder().imageAncestryEntries(imageAncestry(ctx, request.imageId()).stream()
                .map(e -> software.amazon.awssdk.services.ec2.model.ImageAncestryEntry.builder()
                        .imageId(e.imageId())
                        .creationDate(Instant.ofEpochMilli(e.creationTime()))
                        .imageOwnerAlias(e.ownerAlias())
                        .sourceImageId(e.sourceImageId())
                        .sourceImageRegion(e.sourceImageRegion())
                        .build())
                .toList()).build();
    }

    public DescribeImageAttributeResponse describeImageAttribute(CallContext ctx, DescribeImageAttributeRequest request) {
        return attributes.describe(ctx, request);
    }

    public ModifyImageAttributeResponse modifyImageAttribute(CallContext ctx, ModifyImageAttributeRequest request) {
        return attributes.modify(ctx, request);
    }

    public ResetImageAttributeResponse resetImageAttribute(CallContext ctx, ResetImageAttributeRequest request) {
        return attributes.reset(ctx, request);
    }
}
