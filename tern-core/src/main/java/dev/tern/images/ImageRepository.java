package dev.tern.images;

import dev.tern.catalog.Dialect;
import dev.tern.catalog.InBatches;
import dev.tern.catalog.PlainQuery;
import dev.tern.filter.Wildcard;
import dev.tern.permissions.Permission;
import dev.tern.permissions.PermissionTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The {@code images} and {@code image_block_devices} tables, and who may see each image. */
public final class ImageRepository {
    private static final String COLUMNS = "i.image_id, i.region, i.owner_id, i.name, i.description, i.state, "
            + "i.state_reason_code, i.state_reason_message, i.architecture, i.virtualization_type, i.hypervisor, "
            + "i.image_type, i.image_location, i.root_device_name, i.root_device_type, i.kernel_id, i.ramdisk_id, "
            + "i.platform, i.platform_details, i.usage_operation, i.ena_support, i.sriov_net_support, i.boot_mode, "
            + "i.tpm_support, i.imds_support, i.uefi_data, i.source_image_id, i.source_image_region, i.is_public, "
            + "i.creation_time, i.deregistered_at, i.product_codes, i.billing_products";
    private static final String BLOCK_COLUMNS = "image_id, position, device_name, virtual_name, no_device, snapshot_id, "
            + "volume_size, volume_type, delete_on_termination, encrypted, kms_key_id, iops, throughput, outpost_arn";

    /**
     * What DescribeImages asks the database for: the images of a Region the caller may see (not deregistered
     * before {@code cutoff}), narrowed by ids, owners and name patterns when those are not null, after an id.
     */
    public record Selection(String region, String callerId, long cutoff, Collection<String> ids,
            Collection<String> owners, List<String> namePatterns, String afterId) {}

    private final Dialect dialect;
    private final PermissionTable permissions = PermissionTable.IMAGE_LAUNCH;

    public ImageRepository(Dialect dialect) {
        this.dialect = dialect;
    }

    public void insert(Handle h, ImageRow image, List<BlockDeviceRow> blockDevices) {
        h.createUpdate("INSERT INTO images (" + COLUMNS.replace("i.", "") + ") VALUES (:imageId, :region, :ownerId, "
                        + ":name, :description, :state, :stateReasonCode, :stateReasonMessage, :architecture, "
                        + ":virtualizationType, :hypervisor, :imageType, :imageLocation, :rootDeviceName, :rootDeviceType, "
                        + ":kernelId, :ramdiskId, :platform, :platformDetails, :usageOperation, :enaSupport, :sriovNetSupport, "
                        + ":bootMode, :tpmSupport, :imdsSupport, :uefiData, :sourceImageId, :sourceImageRegion, :isPublic, "
                        + ":creationTime, :deregisteredAt, :productCodes, :billingProducts)")
                .bindMethods(image)
                .execute();
        for (BlockDeviceRow b : blockDevices) {
            h.createUpdate("INSERT INTO image_block_devices (" + BLOCK_COLUMNS + ") VALUES (:imageId, :position, "
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
                .map((rs, ctx) -> map(rs))
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

    public List<ImageRow> visible(Handle h, Selection s) {
        List<ImageRow> out = new ArrayList<>();
        selectVisible(h, s, COLUMNS, rs -> out.add(map(rs)));
        return out;
    }

    /** An image's id and name: enough to apply a name filter the index cannot answer before loading whole rows. */
    public record IdAndName(String imageId, String name) {}

    /** Like {@link #visible}, but only ids and names, which is much cheaper to read for many rows. */
    public List<IdAndName> visibleNames(Handle h, Selection s) {
        List<IdAndName> out = new ArrayList<>();
        selectVisible(h, s, "i.image_id, i.name", rs -> out.add(new IdAndName(rs.getString(1), rs.getString(2))));
        return out;
    }

    /** Whole rows for ids already known to be visible, in id order. */
    public List<ImageRow> byIds(Handle h, List<String> imageIds) {
        List<ImageRow> out = new ArrayList<>();
        InBatches.forEach(imageIds, batch -> PlainQuery.forEachRow(h, "SELECT " + COLUMNS
                + " FROM images i WHERE i.image_id IN (" + PlainQuery.placeholders(batch.size()) + ")",
                batch, rs -> out.add(map(rs))));
        out.sort(Comparator.comparing(ImageRow::imageId));
        return out;
    }

    // DescribeImages runs this for every request, so it is plain JDBC (see PlainQuery).
    private void selectVisible(Handle h, Selection s, String columns, PlainQuery.RowReader reader) {
        StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM images i WHERE i.region = ?"
                + " AND (i.deregistered_at IS NULL OR i.deregistered_at > ?)"
                + " AND (i.owner_id = ? OR i.is_public = ? OR " + permissions.grantsAccountSql("i") + ")");
        List<Object> args = new ArrayList<>(List.of(s.region(), s.cutoff(), s.callerId(), true, s.callerId()));
        if (s.ids() != null) {
            sql.append(" AND i.image_id IN (").append(PlainQuery.placeholders(s.ids().size())).append(')');
            args.addAll(s.ids());
        }
        if (s.owners() != null) {
            sql.append(" AND i.owner_id IN (").append(PlainQuery.placeholders(s.owners().size())).append(')');
            args.addAll(s.owners());
        }
        if (s.namePatterns() != null) {
            sql.append(" AND (").append(namePredicate(s.namePatterns(), args)).append(')');
        }
        if (s.afterId() != null) {
            sql.append(" AND i.image_id > ?");
            args.add(s.afterId());
        }
        sql.append(" ORDER BY i.image_id");
        PlainQuery.forEachRow(h, sql.toString(), args, reader);
    }

    /**
     * The name patterns as SQL the {@code images_by_region_name} index can answer: equality for a literal name, a
     * range (or LIKE) on the literal prefix of a wildcard pattern. Callers pass only patterns with a literal prefix.
     */
    private String namePredicate(List<String> patterns, List<Object> args) {
        List<String> terms = new ArrayList<>();
        for (String p : patterns) {
            if (!Wildcard.hasWildcard(p) && p.indexOf('\\') < 0) {
                terms.add("i.name = ?");
                args.add(p);
            } else {
                String prefix = Wildcard.literalPrefix(p);
                terms.add(dialect.prefixPredicate("i.name"));
                args.addAll(dialect.prefixArguments(prefix));
            }
        }
        return String.join(" OR ", terms);
    }

    public List<BlockDeviceRow> blockDevices(Handle h, String imageId) {
        return blockDevices(h, List.of(imageId)).getOrDefault(imageId, List.of());
    }

    /** The block device mappings of many images at once, each in request order. */
    public Map<String, List<BlockDeviceRow>> blockDevices(Handle h, Collection<String> imageIds) {
        Map<String, List<BlockDeviceRow>> out = new HashMap<>();
        InBatches.forEach(imageIds, batch -> PlainQuery.forEachRow(h, "SELECT " + BLOCK_COLUMNS
                        + " FROM image_block_devices WHERE image_id IN (" + PlainQuery.placeholders(batch.size())
                        + ") ORDER BY image_id, position",
                batch, rs -> out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(mapBlock(rs))));
        return out;
    }

    public void markDeregistered(Handle h, String imageId, long now) {
        h.createUpdate("UPDATE images SET state = :state, deregistered_at = :now WHERE image_id = :id")
                .bind("state", ImageRow.DEREGISTERED)
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

    public void setPublic(Handle h, String imageId, boolean isPublic) {
        h.createUpdate("UPDATE images SET is_public = :p WHERE image_id = :id")
                .bind("p", isPublic).bind("id", imageId).execute();
    }

    private static ImageRow map(ResultSet rs) throws SQLException {
        return new ImageRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                rs.getString(12), rs.getString(13), rs.getString(14), rs.getString(15), rs.getString(16),
                rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20), nullableBoolean(rs, 21),
                rs.getString(22), rs.getString(23), rs.getString(24), rs.getString(25), rs.getString(26),
                rs.getString(27), rs.getString(28), rs.getBoolean(29), rs.getLong(30), nullableLong(rs, 31),
                rs.getString(32), rs.getString(33));
    }

    private static BlockDeviceRow mapBlock(ResultSet rs) throws SQLException {
        return new BlockDeviceRow(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), nullableInt(rs, 7), rs.getString(8), nullableBoolean(rs, 9), nullableBoolean(rs, 10),
                rs.getString(11), nullableInt(rs, 12), nullableInt(rs, 13), rs.getString(14));
    }

    private static Boolean nullableBoolean(ResultSet rs, int column) throws SQLException {
        boolean v = rs.getBoolean(column);
        return rs.wasNull() ? null : v;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }
}
