package dev.tern.images;

import dev.tern.account.CallContext;
import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import dev.tern.ids.ResourceIds;
import dev.tern.snapshots.SnapshotRow;
import dev.tern.snapshots.SnapshotState;
import dev.tern.snapshots.SnapshotService;
import dev.tern.tags.TagRules;
import dev.tern.tags.TagService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.services.ec2.model.ArchitectureValues;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.BootModeValues;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.ImdsSupportValues;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;
import software.amazon.awssdk.services.ec2.model.TpmSupportValues;

/**
 * RegisterImage for EBS-backed images: the block device mapping names existing snapshots, so the image is
 * {@code available} at once. Defaults follow the EC2 API reference for EBS-backed registrations.
 */
final class ImageRegistration {
    static final String DEFAULT_ARCHITECTURE = "i386";
    static final String DEFAULT_VIRTUALIZATION = "paravirtual";
    private static final int MAX_UEFI_DATA = 64000;

    private final Catalog catalog;
    private final ImageRepository repository;
    private final SnapshotService snapshots;
    private final TagService tags;
    private final Clock clock;

    ImageRegistration(Catalog catalog, ImageRepository repository, SnapshotService snapshots, TagService tags, Clock clock) {
        this.catalog = catalog;
        this.repository = repository;
        this.snapshots = snapshots;
        this.tags = tags;
        this.clock = clock;
    }

    String register(CallContext ctx, RegisterImageRequest r) {
        return register(ctx, r, ResourceIds.newId(ResourceIds.IMAGE));
    }

    String register(CallContext ctx, RegisterImageRequest r, String imageId) {
        ImageNames.validateName(r.name());
        ImageNames.validateDescription(r.description());
        if (r.imageLocation() != null && !r.imageLocation().isEmpty()) {
            throw ErrorCode.InvalidParameterValue.withMessage(
                    "Tern registers EBS-backed images only: ImageLocation (an S3 manifest) is not supported.");
        }
        if (r.blockDeviceMappings().isEmpty()) {
            throw ErrorCode.InvalidParameterCombination.withMessage(
                    "An EBS-backed image needs a block device mapping and a root device name.");
        }
        BlockDeviceRules.validate(r.blockDeviceMappings(), r.rootDeviceName());
        String architecture = oneOf("architecture", r.architectureAsString(), DEFAULT_ARCHITECTURE,
                ArchitectureValues.knownValues().stream().map(Object::toString).toList());
        String virtualization = oneOf("virtualizationType", r.virtualizationType(), DEFAULT_VIRTUALIZATION,
                List.of("hvm", "paravirtual"));
        String bootMode = oneOf("bootMode", r.bootModeAsString(), null,
                BootModeValues.knownValues().stream().map(Object::toString).toList());
        String tpm = oneOf("tpmSupport", r.tpmSupportAsString(), null,
                TpmSupportValues.knownValues().stream().map(Object::toString).toList());
        String imds = oneOf("imdsSupport", r.imdsSupportAsString(), null,
                ImdsSupportValues.knownValues().stream().map(Object::toString).toList());
        String sriov = oneOf("sriovNetSupport", r.sriovNetSupport(), null, List.of("simple"));
        if (r.uefiData() != null && r.uefiData().length() > MAX_UEFI_DATA) {
            throw ErrorCode.InvalidParameterValue.withMessage("UefiData must be at most " + MAX_UEFI_DATA + " characters.");
        }
        Map<String, String> imageTags = TagRules.fromSpecifications(r.tagSpecifications(), Set.of("image"))
                .getOrDefault("image", Map.of());

        ImageRow image = ImageRow.builder().imageId(imageId).region(ctx.regionName()).ownerId(ctx.accountId())
                .name(r.name()).description(r.description()).state(ImageState.AVAILABLE.wire())
                .architecture(architecture).virtualizationType(virtualization).hypervisor("xen").imageType("machine")
                .imageLocation(ctx.accountId() + "/" + r.name()).rootDeviceName(r.rootDeviceName())
                .rootDeviceType("ebs").kernelId(r.kernelId()).ramdiskId(r.ramdiskId())
                .platformDetails("Linux/UNIX").usageOperation("RunInstances").enaSupport(r.enaSupport())
                .sriovNetSupport(sriov).bootMode(bootMode).tpmSupport(tpm).imdsSupport(imds).uefiData(r.uefiData())
                .isPublic(false).creationTime(clock.millis())
                .billingProducts(r.billingProducts().isEmpty() ? null : String.join(",", r.billingProducts()))
                .build();
        catalog.useTransaction(h -> {
            String taken = repository.liveImageNamed(h, ctx.regionName(), ctx.accountId(), r.name());
            if (taken != null) {
                throw ErrorCode.InvalidAMIName_Duplicate.format(r.name(), taken);
            }
            repository.insert(h, image, blockDevices(h, ctx, imageId, r.blockDeviceMappings()));
            tags.tagNewResource(h, ctx, imageId, "image", imageTags);
        });
        return imageId;
    }

    private List<BlockDeviceRow> blockDevices(Handle h, CallContext ctx, String imageId, List<BlockDeviceMapping> mappings) {
        List<BlockDeviceRow> out = new ArrayList<>();
        for (int i = 0; i < mappings.size(); i++) {
            BlockDeviceMapping m = mappings.get(i);
            EbsBlockDevice ebs = m.ebs();
            if (ebs == null) {
                out.add(new BlockDeviceRow(imageId, i, m.deviceName(), m.virtualName(), m.noDevice(),
                        null, null, null, null, null, null, null, null, null));
                continue;
            }
            Integer size = ebs.volumeSize();
            boolean encrypted = Boolean.TRUE.equals(ebs.encrypted());
            String kmsKeyId = ebs.kmsKeyId();
            if (ebs.snapshotId() != null) {
                SnapshotRow snap = snapshots.requireOwned(h, ctx, ebs.snapshotId());
                if (snap.state() != SnapshotState.COMPLETED) {
                    throw ErrorCode.IncorrectState.withMessage("Snapshot " + snap.snapshotId() + " is not completed.");
                }
                if (size == null) {
                    size = snap.volumeSize();
                } else if (size < snap.volumeSize()) {
                    throw ErrorCode.InvalidBlockDeviceMapping.withMessage("Volume of size " + size
                            + "GB is smaller than snapshot '" + snap.snapshotId() + "', expect size >= "
                            + snap.volumeSize() + "GB");
                }
                encrypted = snap.encrypted();
                kmsKeyId = snap.kmsKeyId();
            }
            String type = ebs.volumeTypeAsString() == null ? BlockDeviceRules.DEFAULT_VOLUME_TYPE : ebs.volumeTypeAsString();
            boolean deleteOnTermination = ebs.deleteOnTermination() == null || ebs.deleteOnTermination();
            out.add(new BlockDeviceRow(imageId, i, m.deviceName(), null, null, ebs.snapshotId(), size, type,
                    deleteOnTermination, encrypted, kmsKeyId, ebs.iops(), ebs.throughput(), ebs.outpostArn()));
        }
        return out;
    }

    private static String oneOf(String parameter, String value, String defaultValue, List<String> allowed) {
        if (value == null) {
            return defaultValue;
        }
        if (!allowed.contains(value)) {
            throw ErrorCode.InvalidParameterValue.withMessage("Value (" + value + ") for parameter " + parameter
                    + " is invalid. Expected one of " + allowed + ".");
        }
        return value;
    }
}
