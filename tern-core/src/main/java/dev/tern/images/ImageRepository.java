package dev.tern.images;

import dev.tern.catalog.InBatches;
import dev.tern.catalog.Row;
import dev.tern.permissions.Permission;
import dev.tern.permissions.PermissionTable;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The {@code images} and {@code image_block_devices} tables, and who may see each image. DescribeImages reads them
 * through {@link ImageListings}.
 */
public final class ImageRepository {
    static final String COLUMNS = "i.image_id, i.region, i.owner_id, i.name, i.description, i.state, "
            + "i.state_reason_code, i.state_reason_message, i.architecture, i.virtualization_type, i.hypervisor, "
            + "i.image_type, i.image_location, i.root_device_name, i.root_device_type, i.kernel_id, i.ramdisk_id, "
            + "i.platform, i.platform_details, i.usage_operation, i.ena_support, i.sriov_net_support, i.boot_mode, "
            + "i.tpm_support, i.imds_support, i.uefi_data, i.source_image_id, i.source_image_region, i.is_public, "
            + "i.creation_time, i.deregistered_at, i.product_codes, i.billing_products, i.deregistration_protection, "
            + "i.protected_until, i.availability_zone";
    static final String BLOCK_COLUMNS = "d.image_id, d.position, d.device_name, d.virtual_name, d.no_device, "
            + "d.snapshot_id, d.volume_size, d.volume_type, d.delete_on_termination, d.encrypted, d.kms_key_id, d.iops, "
            + "d.throughput, d.outpost_arn";

    private final PermissionTable permissions = PermissionTable.IMAGE_LAUNCH;

    public void insert(Handle h, ImageRow image, List<BlockDeviceRow> blockDevices) {
        h.createUpdate("INSERT INTO images (" + COLUMNS.replace("i.", "") + ") VALUES (:imageId, :region, :ownerId, "
                        + ":name, :description, :state, :stateReasonCode, :stateReasonMessage, :architecture, "
                        + ":virtualizationType, :hypervisor, :imageType, :imageLocation, :rootDeviceName, :rootDeviceType, "
                        + ":kernelId, :ramdiskId, :platform, :platformDetails, :usageOperation, :enaSupport, :sriovNetSupport, "
                        + ":bootMode, :tpmSupport, :imdsSupport, :uefiData, :sourceImageId, :sourceImageRegion, :isPublic, "
                        + ":creationTime, :deregisteredAt, :productCodes, :billingProducts, :deregistrationProtection, "
                        + ":protectedUntil, :availabilityZone)")
                .bindMethods(image)
                .execute();
        for (BlockDeviceRow b : blockDevices) {
            h.createUpdate("INSERT INTO image_block_devices (" + BLOCK_COLUMNS.replace("d.", "") + ") VALUES (:imageId, :position, "
                            + ":deviceName, :virtualName, :noDevice, :snapshotId, :volumeSize, :volumeType, "
                            + ":deleteOnTermination, :encrypted, :kmsKeyId, :iops, :throughput, :outpostArn)")
                    .bindMethods(b)
                    .execute();
        }
    }

    /** The image with that id in the Region, whoever owns it and whatever its state. */
    public Optional<ImageRow> find(Handle h, String imageId, String region) {
        return h.createQuery("SELECT " + COLUMNS + " FROM images i WHERE i.image_id = :id AND i.region = :region")
                .bind("id", imageId)
                .bind("region", region)
                .map((rs, ctx) -> map(Row.of(rs)))
                .findOne();
    }

    /** The id of the caller's image not deregistered that has this name, or null. */
    public String liveImageNamed(Handle h, String region, String ownerId, String name) {
        return h.createQuery("SELECT image_id FROM images WHERE region = :region AND name = :name "
                        + "AND owner_id = :owner AND deregistered_at IS NULL")
                .bind("region", region)
                .bind("name", name)
                .bind("owner", ownerId)
                .mapTo(String.class)
                .findFirst()
                .orElse(null);
    }

    /** Whether the account may see the image: it owns it, the image is public, or it was granted launch permission. */
    public boolean isVisible(Handle h, ImageRow image, String accountId) {
        return image.isOwnedBy(accountId) || image.isPublic()
                || permissions.has(h, image.imageId(), new Permission(Permission.Kind.USER, accountId));
    }

    /** The image's block device mapping, in request order. */
    public List<BlockDeviceRow> blockDevices(Handle h, String imageId) {
        return h.createQuery("SELECT " + BLOCK_COLUMNS + " FROM image_block_devices d WHERE d.image_id = :id ORDER BY d.position")
                .bind("id", imageId)
                .map((rs, ctx) -> mapBlock(Row.of(rs)))
                .list();
    }

    /** Moves an image from {@code from} to {@code to} with a StateReason (null for none); false when not in {@code from}. */
    public boolean changeState(Handle h, String imageId, ImageState from, ImageState to, String code, String message) {
        return h.createUpdate("UPDATE images SET state = :to, state_reason_code = :code, state_reason_message = :message"
                        + " WHERE image_id = :id AND state = :from AND deregistered_at IS NULL")
                .bind("to", to.wire()).bind("code", code).bind("message", message).bind("id", imageId)
                .bind("from", from.wire()).execute() == 1;
    }

    public void setSnapshotKey(Handle h, String snapshotId, String kmsKeyArn) {
        h.createUpdate("UPDATE image_block_devices SET kms_key_id = :arn WHERE snapshot_id = :id")
                .bind("arn", kmsKeyArn).bind("id", snapshotId).execute();
    }

    public void markDeregistered(Handle h, String imageId, long now) {
        h.createUpdate("UPDATE images SET state = :state, deregistered_at = :now WHERE image_id = :id")
                .bind("state", ImageState.DEREGISTERED.wire())
                .bind("now", now)
                .bind("id", imageId)
                .execute();
    }

    /**
     * Drops the owner's images deregistered at or before {@code cutoff}, which DescribeImages no longer shows. Only
     * the owner's, so concurrent deregistrations by different accounts never touch the same rows.
     */
    public void purgeDeregistered(Handle h, String region, String ownerId, long cutoff) {
        List<String> old = h.createQuery("SELECT image_id FROM images WHERE region = :region AND owner_id = :owner "
                        + "AND deregistered_at <= :cutoff")
                .bind("region", region).bind("owner", ownerId).bind("cutoff", cutoff)
                .mapTo(String.class).list();
        InBatches.forEach(old, batch -> {
            for (String table : List.of("image_block_devices", "image_launch_permissions", "images")) {
                h.createUpdate("DELETE FROM " + table + " WHERE image_id IN (<ids>)").bindList("ids", batch).execute();
            }
        });
    }

    public void updateDescription(Handle h, String imageId, String description) {
        h.createUpdate("UPDATE images SET description = :d WHERE image_id = :id")
                .bind("d", description).bind("id", imageId).execute();
    }

    public void setDeregistrationProtection(Handle h, String imageId, String protection, Long protectedUntil) {
        h.createUpdate("UPDATE images SET deregistration_protection = :p, protected_until = :until WHERE image_id = :id")
                .bind("p", protection).bind("until", protectedUntil).bind("id", imageId).execute();
    }

    public void setPublic(Handle h, String imageId, boolean isPublic) {
        h.createUpdate("UPDATE images SET is_public = :p WHERE image_id = :id")
                .bind("p", isPublic).bind("id", imageId).execute();
    }

    /** An {@link #COLUMNS} row, each value set by the name of its column. */
    static ImageRow map(Row r) throws SQLException {
        return ImageRow.builder().imageId(r.string(1)).region(r.string(2)).ownerId(r.string(3)).name(r.string(4))
                .description(r.string(5)).state(r.string(6)).stateReasonCode(r.string(7))
                .stateReasonMessage(r.string(8)).architecture(r.string(9)).virtualizationType(r.string(10))
                .hypervisor(r.string(11)).imageType(r.string(12)).imageLocation(r.string(13))
                .rootDeviceName(r.string(14)).rootDeviceType(r.string(15)).kernelId(r.string(16))
                .ramdiskId(r.string(17)).platform(r.string(18)).platformDetails(r.string(19))
                .usageOperation(r.string(20)).enaSupport(r.bool(21)).sriovNetSupport(r.string(22))
                .bootMode(r.string(23)).tpmSupport(r.string(24)).imdsSupport(r.string(25)).uefiData(r.string(26))
                .sourceImageId(r.string(27)).sourceImageRegion(r.string(28)).isPublic(r.bool(29))
                .creationTime(r.longValue(30)).deregisteredAt(r.longValue(31)).productCodes(r.string(32))
                .billingProducts(r.string(33)).deregistrationProtection(r.string(34))
                .protectedUntil(r.longValue(35)).availabilityZone(r.string(36)).build();
    }

    /** A {@link #BLOCK_COLUMNS} row. */
    static BlockDeviceRow mapBlock(Row r) throws SQLException {
        return new BlockDeviceRow(r.string(1), r.intValue(2), r.string(3), r.string(4), r.string(5), r.string(6),
                r.intValue(7), r.string(8), r.bool(9), r.bool(10), r.string(11), r.intValue(12), r.intValue(13),
                r.string(14));
    }
}
