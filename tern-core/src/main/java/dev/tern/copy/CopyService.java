package dev.tern.copy;

import dev.tern.account.CallContext;
import dev.tern.blocks.BlockTransfer;
import dev.tern.blocks.SnapshotBlocks;
import dev.tern.catalog.Catalog;
import dev.tern.config.Regions;
import dev.tern.config.TernConfig.CopyConfig;
import dev.tern.encryption.EncryptionDefaults;
import dev.tern.error.ErrorCode;
import dev.tern.ids.ResourceIds;
import dev.tern.images.BlockDeviceRow;
import dev.tern.images.ImageNames;
import dev.tern.images.ImageRow;
import dev.tern.images.ImageService;
import dev.tern.images.ImageState;
import dev.tern.snapshots.SnapshotRow;
import dev.tern.snapshots.SnapshotService;
import dev.tern.snapshots.SnapshotState;
import dev.tern.tags.TagRules;
import dev.tern.tags.TagService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.ec2.model.CopyImageRequest;
import software.amazon.awssdk.services.ec2.model.CopyImageResponse;
import software.amazon.awssdk.services.ec2.model.CopySnapshotRequest;
import software.amazon.awssdk.services.ec2.model.CopySnapshotResponse;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * CopyImage and CopySnapshot (docs/copying.md). A request is checked, then one transaction records the destination
 * image ({@code pending}), one pending snapshot per source snapshot and one copy task per snapshot, and the call
 * answers: no block is read here. The {@link CopyEngine} moves the blocks.
 */
public final class CopyService {
    private static final String AWS_TAG_PREFIX = "aws:";

    private final CopyConfig config;
    private final Catalog catalog;
    private final Regions regions;
    private final Clock clock;
    private final ImageService images;
    private final SnapshotService snapshots;
    private final BlockTransfer blocks;
    private final TagService tags;
    private final EncryptionDefaults encryptionDefaults;
    private final CopyTokens tokens = new CopyTokens();
    private final CopyEngine engine;
    private volatile PresignedUrls presignedUrls = PresignedUrls.UNCHECKED;

    public CopyService(CopyConfig config, Catalog catalog, Regions regions, Clock clock, ImageService images,
            SnapshotService snapshots, BlockTransfer blocks, TagService tags, EncryptionDefaults encryptionDefaults,
            CopyEngine engine) {
        this.config = config;
        this.catalog = catalog;
        this.regions = regions;
        this.clock = clock;
        this.images = images;
        this.snapshots = snapshots;
        this.blocks = blocks;
        this.tags = tags;
        this.encryptionDefaults = encryptionDefaults;
        this.engine = engine;
    }

    /** Who checks CopySnapshot's PresignedUrl (the protocol layer, which owns SigV4). */
    public void checkPresignedUrlsWith(PresignedUrls check) {
        this.presignedUrls = check;
    }

    /** One source snapshot of a copy and what its copy becomes. */
    private record Planned(SnapshotRow source, String destSnapshotId, CopyEncryption encryption, long dataBytes) {}

    public CopyImageResponse copyImage(CallContext ctx, CopyImageRequest r) {
        ImageNames.validateName(r.name());
        ImageNames.validateDescription(r.description());
        CopyTokens.check(r.clientToken());
        CopyEncryption.checkParameters(r.encrypted(), r.kmsKeyId());
        CopyDestination route = CopyDestination.resolve(regions, ctx, r.sourceRegion(), r.destinationOutpostArn(),
                r.destinationAvailabilityZone(), r.destinationAvailabilityZoneId());
        Integer duration = route.checkDuration(r.snapshotCopyCompletionDurationMinutes(),
                "SnapshotCopyCompletionDurationMinutes");
        Map<String, Map<String, String>> specified = TagRules.fromSpecifications(r.tagSpecifications(),
                Set.of("image", "snapshot"));
        CallContext sourceCtx = ctx.inRegion(route.source());
        boolean byDefault = encryptionDefaults.current(ctx.accountId(), ctx.regionName()).byDefault();

        record Source(ImageRow image, List<BlockDeviceRow> devices, List<Planned> planned, Map<String, String> tags) {}
        Source source = catalog.read(h -> {
            ImageRow image = images.requireVisible(h, sourceCtx, r.sourceImageId());
            if (image.imageState() != ImageState.AVAILABLE) {
                throw ErrorCode.InvalidAMIID_Unavailable.format(image.imageId());
            }
            route.checkSourceZone(image.imageId(), image.availabilityZone(), duration,
                    "SnapshotCopyCompletionDurationMinutes");
            boolean coded = image.productCodes() != null || image.billingProducts() != null;
            if (coded && !image.isOwnedBy(ctx.accountId())) {
                throw ErrorCode.InvalidRequest.withMessage("The image " + image.imageId()
                        + " cannot be copied because it has product codes.");
            }
            if ("paravirtual".equals(image.virtualizationType()) && !route.destination().supportsParavirtual()) {
                throw ErrorCode.InvalidParameterValue.withMessage("The image " + image.imageId() + " is paravirtual, "
                        + "and " + ctx.regionName() + " does not support paravirtual images.");
            }
            List<BlockDeviceRow> devices = images.blockDevices(h, image.imageId());
            List<Planned> planned = new ArrayList<>();
            Map<String, Planned> bySnapshot = new LinkedHashMap<>();
            for (BlockDeviceRow d : devices) {
                if (d.snapshotId() == null || bySnapshot.containsKey(d.snapshotId())) {
                    continue;
                }
                SnapshotRow s = snapshots.find(h, d.snapshotId(), route.source().name()).orElseThrow(() ->
                        ErrorCode.InvalidAMIID_Unavailable.withMessage("The image " + image.imageId()
                                + " names snapshot " + d.snapshotId() + ", which no longer exists."));
                if (s.outpostArn() != null) {
                    // Only Region to Outpost: never from an Outpost, to another or within the same (copying.md).
                    throw ErrorCode.InvalidParameterValue.withMessage("The image " + image.imageId() + " is on the "
                            + "Outpost " + s.outpostArn() + "; an AMI on an Outpost cannot be copied.");
                }
                Planned p = new Planned(s, ResourceIds.newId(ResourceIds.SNAPSHOT),
                        CopyEncryption.decide(ctx, s, r.encrypted(), r.kmsKeyId(), byDefault, route),
                        dataBytes(h, s.snapshotId()));
                bySnapshot.put(s.snapshotId(), p);
                planned.add(p);
            }
            Map<String, String> copied = new LinkedHashMap<>();
            if (Boolean.TRUE.equals(r.copyImageTags()) && image.isOwnedBy(ctx.accountId())) {
                tags.tagsOf(h, ctx.accountId(), image.imageId()).forEach((k, v) -> {
                    if (!k.startsWith(AWS_TAG_PREFIX)) {
                        copied.put(k, v);
                    }
                });
            }
            return new Source(image, devices, planned, copied);
        });
        Map<String, String> imageTags = new LinkedHashMap<>(source.tags());
        imageTags.putAll(specified.getOrDefault("image", Map.of()));
        if (imageTags.size() > TagRules.MAX_TAGS_PER_RESOURCE) {
            throw ErrorCode.TagLimitExceeded.exception();
        }
        Map<String, String> snapshotTags = specified.getOrDefault("snapshot", Map.of());
        String requestHash = CopyTokens.hash(r.toBuilder().clientToken(null).dryRun(null).build().toString());
        String imageId = ResourceIds.newId(ResourceIds.IMAGE);
        boolean dryRun = Boolean.TRUE.equals(r.dryRun());
        long now = clock.millis();
        TimeBasedAdmission admission = new TimeBasedAdmission(config);

        String answered = catalog.inTransaction(h -> {
            String earlier = tokens.earlier(h, ctx, r.clientToken(), requestHash);
            if (earlier != null) {
                if (dryRun) {
                    throw ErrorCode.DryRunOperation.exception();
                }
                return earlier;
            }
            String taken = images.liveImageNamed(h, ctx.regionName(), ctx.accountId(), r.name());
            if (taken != null) {
                throw ErrorCode.InvalidAMIName_Duplicate.format(r.name(), taken);
            }
            int active = CopyTasks.activeCopies(h, ctx.accountId(), ctx.regionName(), true);
            if (active >= config.maxConcurrentImageCopies()) {
                throw ErrorCode.ResourceLimitExceeded.withMessage("You have reached the limit of "
                        + config.maxConcurrentImageCopies() + " concurrent AMI copies into " + ctx.regionName() + ".");
            }
            List<Long> rates = duration == null ? null
                    : admission.admit(h, route, duration, source.planned().stream().map(Planned::dataBytes).toList());
            if (dryRun) {
                // Every check that needs neither a key nor block data has passed; nothing is recorded.
                throw ErrorCode.DryRunOperation.exception();
            }
            String description = r.description() != null ? r.description()
                    : defaultImageDescription(source.image(), route.source().name());
            ImageRow image = source.image().toBuilder().imageId(imageId).region(ctx.regionName())
                    .ownerId(ctx.accountId()).name(r.name()).description(description)
                    .state(ImageState.PENDING.wire()).stateReasonCode(null).stateReasonMessage(null)
                    .imageLocation(ctx.accountId() + "/" + r.name()).sourceImageId(source.image().imageId())
                    .sourceImageRegion(route.source().name()).isPublic(false).creationTime(now).deregisteredAt(null)
                    .deregistrationProtection(null).protectedUntil(null).availabilityZone(route.zoneName())
                    .build();
            Map<String, Planned> bySource = new LinkedHashMap<>();
            source.planned().forEach(p -> bySource.put(p.source().snapshotId(), p));
            List<BlockDeviceRow> devices = new ArrayList<>();
            for (BlockDeviceRow d : source.devices()) {
                Planned p = d.snapshotId() == null ? null : bySource.get(d.snapshotId());
                devices.add(new BlockDeviceRow(imageId, d.position(), d.deviceName(), d.virtualName(), d.noDevice(),
                        p == null ? null : p.destSnapshotId(), d.volumeSize(), d.volumeType(), d.deleteOnTermination(),
                        p == null ? d.encrypted() : Boolean.valueOf(p.encryption().encrypted()),
                        p == null ? d.kmsKeyId() : p.encryption().requestedKey(), d.iops(), d.throughput(),
                        p == null ? d.outpostArn() : route.outpostArn()));
            }
            images.recordNew(h, ctx, image, devices, imageTags);
            for (int i = 0; i < source.planned().size(); i++) {
                Planned p = source.planned().get(i);
                String snapshotDescription = "Copied for DestinationAmi " + imageId + " from SourceAmi "
                        + source.image().imageId() + " for SourceSnapshot " + p.source().snapshotId()
                        + ". Task created on " + now / 1000 + ".";
                record(h, ctx, route, p, imageId, snapshotDescription, duration, rates == null ? null : rates.get(i),
                        snapshotTags, now);
            }
            tokens.remember(h, ctx, r.clientToken(), requestHash, imageId, now);
            return imageId;
        });
        engine.wake();
        return CopyImageResponse.builder().imageId(answered).build();
    }

    public CopySnapshotResponse copySnapshot(CallContext ctx, CopySnapshotRequest r) {
        ImageNames.validateDescription(r.description());
        CopyEncryption.checkParameters(r.encrypted(), r.kmsKeyId());
        CopyDestination route = CopyDestination.resolve(regions, ctx, r.sourceRegion(), r.destinationOutpostArn(),
                r.destinationAvailabilityZone(), null);
        Integer duration = route.checkDuration(r.completionDurationMinutes() == null ? null
                : r.completionDurationMinutes().longValue(), "CompletionDurationMinutes");
        Map<String, String> snapshotTags = TagRules.fromSpecifications(r.tagSpecifications(), Set.of("snapshot"))
                .getOrDefault("snapshot", Map.of());
        boolean byDefault = encryptionDefaults.current(ctx.accountId(), ctx.regionName()).byDefault();
        Planned p = catalog.read(h -> {
            SnapshotRow s = CopySources.requireSnapshot(h, snapshots, ctx, route, r.sourceSnapshotId());
            route.checkSourceZone(s.snapshotId(), s.availabilityZone(), duration, "CompletionDurationMinutes");
            return new Planned(s, ResourceIds.newId(ResourceIds.SNAPSHOT),
                    CopyEncryption.decide(ctx, s, r.encrypted(), r.kmsKeyId(), byDefault, route),
                    dataBytes(h, s.snapshotId()));
        });
        // A forged URL does not refuse the call: the copy gets its id and goes to error, as AWS does.
        String forged = r.presignedUrl() == null ? null
                : presignedUrls.whyNotGenuine(ctx, r.presignedUrl(), route.source().name(), r.sourceSnapshotId());
        long now = clock.millis();
        TimeBasedAdmission admission = new TimeBasedAdmission(config);
        catalog.useTransaction(h -> {
            int active = CopyTasks.activeCopies(h, ctx.accountId(), ctx.regionName(), false);
            if (active >= config.maxConcurrentSnapshotCopies()) {
                throw ErrorCode.ResourceLimitExceeded.withMessage("Too many snapshot copies in progress. The limit is "
                        + config.maxConcurrentSnapshotCopies() + " for this destination region.");
            }
            Long rate = duration == null ? null : admission.admit(h, route, duration, List.of(p.dataBytes())).get(0);
            if (Boolean.TRUE.equals(r.dryRun())) {
                throw ErrorCode.DryRunOperation.exception();
            }
            String description = r.description() != null ? r.description()
                    : "[Copied " + p.source().snapshotId() + " from " + route.source().name() + "]"
                            + (p.source().description() == null ? "" : " " + p.source().description());
            if (forged != null) {
                snapshots.recordStarted(h, ctx, destination(ctx, route, p, description, duration, now), snapshotTags);
                snapshots.recordFailed(h, p.destSnapshotId(), forged);
                CopyLog.refused(p.destSnapshotId(), forged);
                return;
            }
            record(h, ctx, route, p, null, truncate(description), duration, rate, snapshotTags, now);
        });
        engine.wake();
        return CopySnapshotResponse.builder().snapshotId(p.destSnapshotId())
                .tags(snapshotTags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                        .toList())
                .build();
    }

    private void record(Handle h, CallContext ctx, CopyDestination route, Planned p, String imageId,
            String description, Integer duration, Long reservedRate, Map<String, String> snapshotTags, long now) {
        snapshots.recordStarted(h, ctx, destination(ctx, route, p, description, duration, now), snapshotTags);
        NewCopyTask t = new NewCopyTask();
        t.taskId = ResourceIds.newId("copy");
        t.imageId = imageId;
        t.ownerId = ctx.accountId();
        t.sourceRegion = route.source().name();
        t.sourceSnapshotId = p.source().snapshotId();
        t.destRegion = ctx.regionName();
        t.destSnapshotId = p.destSnapshotId();
        t.destOutpostArn = route.outpostArn();
        t.encrypted = p.encryption().encrypted();
        t.requestedKmsKey = p.encryption().requestedKey();
        t.dataBytes = p.dataBytes();
        t.completionDurationMinutes = duration;
        t.reservedBytesPerSecond = reservedRate;
        t.createdAt = now;
        if (duration != null && !CopyTasks.timeBasedActiveFrom(h, t.sourceSnapshotId)) {
            // A second time-based copy of the same snapshot starts its clock when the first one ends.
            t.deadline = now + CopyClock.realMillis(duration * 60_000L, config.timeScale());
        }
        CopyTasks.insert(h, t);
        CopyLog.queued(t);
    }

    /** The pending destination snapshot of a copy. */
    private static SnapshotRow destination(CallContext ctx, CopyDestination route, Planned p, String description,
            Integer duration, long now) {
        return SnapshotRow.builder().snapshotId(p.destSnapshotId()).region(ctx.regionName())
                .ownerId(ctx.accountId()).volumeId(SnapshotService.NO_VOLUME_ID).volumeSize(p.source().volumeSize())
                .status(SnapshotState.PENDING.wire()).progress("0%").startTime(now).description(truncate(description))
                .encrypted(p.encryption().encrypted()).kmsKeyId(p.encryption().requestedKey())
                .storageTier("standard").outpostArn(route.outpostArn()).availabilityZone(route.zoneName())
                .transferType(duration == null ? "standard" : "time-based").completionDurationMinutes(duration)
                .build();
    }

    private long dataBytes(Handle h, String snapshotId) {
        return blocks.countStored(h, snapshotId) * (long) SnapshotBlocks.BLOCK_SIZE;
    }

    private static String defaultImageDescription(ImageRow source, String sourceRegion) {
        String d = "[Copied " + source.imageId() + " from " + sourceRegion + "]"
                + (source.description() == null || source.description().isEmpty() ? "" : " " + source.description());
        return truncate(d);
    }

    private static String truncate(String description) {
        return description.length() <= ImageNames.MAX_DESCRIPTION_LENGTH ? description
                : description.substring(0, ImageNames.MAX_DESCRIPTION_LENGTH);
    }
}
