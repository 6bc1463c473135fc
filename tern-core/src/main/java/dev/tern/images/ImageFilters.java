package dev.tern.images;

import dev.tern.account.Accounts;
import dev.tern.filter.Filters;
import dev.tern.filter.Filters.Extractor;
import dev.tern.time.Ec2Time;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The DescribeImages filters Tern understands, by their EC2 names ({@code tag:K} is understood by Filters). */
final class ImageFilters {
    static final String BLOCK_DEVICE_PREFIX = "block-device-mapping.";

    private ImageFilters() {}

    static Filters<ImageView> create(Accounts accounts) {
        Map<String, Extractor<ImageView>> m = new HashMap<>();
        row(m, "architecture", ImageRow::architecture);
        row(m, "creation-date", r -> Ec2Time.iso(r.creationTime()));
        row(m, "description", ImageRow::description);
        row(m, "ena-support", r -> r.enaSupport() == null ? null : r.enaSupport().toString());
        row(m, "hypervisor", ImageRow::hypervisor);
        row(m, "image-id", ImageRow::imageId);
        row(m, "image-type", ImageRow::imageType);
        row(m, "is-public", r -> Boolean.toString(r.isPublic()));
        row(m, "kernel-id", ImageRow::kernelId);
        row(m, "manifest-location", ImageRow::imageLocation);
        row(m, "name", ImageRow::name);
        row(m, "owner-alias", r -> accounts.aliasOf(r.ownerId()));
        row(m, "owner-id", ImageRow::ownerId);
        row(m, "platform", ImageRow::platform);
        row(m, "platform-details", ImageRow::platformDetails);
        row(m, "ramdisk-id", ImageRow::ramdiskId);
        row(m, "root-device-name", ImageRow::rootDeviceName);
        row(m, "root-device-type", ImageRow::rootDeviceType);
        row(m, "source-image-id", ImageRow::sourceImageId);
        row(m, "source-image-region", ImageRow::sourceImageRegion);
        row(m, "sriov-net-support", ImageRow::sriovNetSupport);
        row(m, "state", ImageRow::state);
        row(m, "state-reason-code", ImageRow::stateReasonCode);
        row(m, "state-reason-message", ImageRow::stateReasonMessage);
        row(m, "usage-operation", ImageRow::usageOperation);
        row(m, "virtualization-type", ImageRow::virtualizationType);
        m.put("product-code", (v, tags) -> codes(v.row().productCodes(), 0));
        m.put("product-code.type", (v, tags) -> codes(v.row().productCodes(), 1));
        // Tern has no instances, so no image was made from one: the filter is understood and matches none.
        m.put("source-instance-id", (v, tags) -> List.of());
        m.put("tag-key", (v, tags) -> tags.keySet());
        m.put("tag-value", (v, tags) -> tags.values());
        device(m, "delete-on-termination", b -> b.deleteOnTermination() == null ? null : b.deleteOnTermination().toString());
        device(m, "device-name", BlockDeviceRow::deviceName);
        device(m, "encrypted", b -> b.encrypted() == null ? null : b.encrypted().toString());
        device(m, "snapshot-id", BlockDeviceRow::snapshotId);
        device(m, "volume-size", b -> b.volumeSize() == null ? null : b.volumeSize().toString());
        device(m, "volume-type", BlockDeviceRow::volumeType);
        return new Filters<>(m);
    }

    private static void row(Map<String, Extractor<ImageView>> m, String name, Function<ImageRow, String> f) {
        m.put(name, (v, tags) -> {
            String value = f.apply(v.row());
            return value == null ? List.of() : List.of(value);
        });
    }

    // A block-device filter matches when any one device of the image has a matching value.
    private static void device(Map<String, Extractor<ImageView>> m, String name, Function<BlockDeviceRow, String> f) {
        m.put(BLOCK_DEVICE_PREFIX + name, (v, tags) -> {
            List<String> values = new ArrayList<>();
            for (BlockDeviceRow b : v.blockDevices()) {
                String value = f.apply(b);
                if (value != null) {
                    values.add(value);
                }
            }
            return values;
        });
    }

    // Stored as "code:type,code:type" (ImageRendering.productCodes); part 0 is the code, part 1 its type.
    private static List<String> codes(String productCodes, int part) {
        if (productCodes == null || productCodes.isEmpty()) {
            return List.of();
        }
        return List.of(productCodes.split(",")).stream().map(c -> c.split(":", 2))
                .map(c -> part < c.length ? c[part] : "marketplace").toList();
    }
}
