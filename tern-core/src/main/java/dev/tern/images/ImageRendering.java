package dev.tern.images;

import dev.tern.account.Accounts;
import dev.tern.time.Ec2Time;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ProductCode;
import software.amazon.awssdk.services.ec2.model.StateReason;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Turns catalogue rows into the SDK's {@link Image}, as DescribeImages returns it. */
final class ImageRendering {
    private final Accounts accounts;

    ImageRendering(Accounts accounts) {
        this.accounts = accounts;
    }

    Image render(ImageView v) {
        ImageRow r = v.row();
        return Image.builder()
                .imageId(r.imageId())
                .imageLocation(r.imageLocation())
                .state(r.state())
                .ownerId(r.ownerId())
                .creationDate(Ec2Time.iso(r.creationTime()))
                .publicLaunchPermissions(r.isPublic())
                .productCodes(productCodes(r.productCodes()))
                .architecture(r.architecture())
                .imageType(r.imageType())
                .kernelId(r.kernelId())
                .ramdiskId(r.ramdiskId())
                .platform(r.platform())
                .platformDetails(r.platformDetails())
                .usageOperation(r.usageOperation())
                .blockDeviceMappings(v.blockDevices().stream().map(b -> mapping(b, r.availabilityZone())).toList())
                .description(r.description())
                .enaSupport(r.enaSupport())
                .hypervisor(r.hypervisor())
                .imageOwnerAlias(accounts.aliasOf(r.ownerId()))
                .name(r.name())
                .rootDeviceName(r.rootDeviceName())
                .rootDeviceType(r.rootDeviceType())
                .sriovNetSupport(r.sriovNetSupport())
                .stateReason(r.stateReasonCode() == null ? null
                        : StateReason.builder().code(r.stateReasonCode()).message(r.stateReasonMessage()).build())
                .tags(v.tags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())
                .virtualizationType(r.virtualizationType())
                .bootMode(r.bootMode())
                .tpmSupport(r.tpmSupport())
                .imdsSupport(r.imdsSupport())
                .sourceImageId(r.sourceImageId())
                .sourceImageRegion(r.sourceImageRegion())
                .deregistrationProtection(DeregistrationProtection.shown(r))
                .build();
    }

    // An image in a Local Zone shows the zone on each EBS mapping, as its snapshots do.
    static BlockDeviceMapping mapping(BlockDeviceRow b, String availabilityZone) {
        BlockDeviceMapping.Builder m = BlockDeviceMapping.builder().deviceName(b.deviceName());
        if (b.virtualName() != null) {
            return m.virtualName(b.virtualName()).build();
        }
        if (b.noDevice() != null) {
            return m.noDevice(b.noDevice()).build();
        }
        return m.ebs(EbsBlockDevice.builder()
                        .snapshotId(b.snapshotId())
                        .volumeSize(b.volumeSize())
                        .volumeType(b.volumeType())
                        .deleteOnTermination(b.deleteOnTermination())
                        .encrypted(b.encrypted())
                        .kmsKeyId(b.kmsKeyId())
                        .iops(b.iops())
                        .throughput(b.throughput())
                        .outpostArn(b.outpostArn())
                        .availabilityZone(b.snapshotId() == null ? null : availabilityZone)
                        .build())
                .build();
    }

    // Stored as "code:type,code:type".
    static List<ProductCode> productCodes(String stored) {
        List<ProductCode> out = new ArrayList<>();
        if (stored != null && !stored.isEmpty()) {
            for (String item : stored.split(",")) {
                String[] parts = item.split(":", 2);
                out.add(ProductCode.builder().productCodeId(parts[0])
                        .productCodeType(parts.length > 1 ? parts[1] : "marketplace").build());
            }
        }
        return out;
    }
}
