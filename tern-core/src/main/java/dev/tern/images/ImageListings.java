package dev.tern.images;

import dev.tern.catalog.Dialect;
import dev.tern.catalog.InBatches;
import dev.tern.catalog.JsonRows;
import dev.tern.catalog.PlainQuery;
import dev.tern.catalog.Row;
import dev.tern.filter.Wildcard;
import dev.tern.permissions.PermissionTable;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * What DescribeImages reads: the images a caller may see, each with its block device mapping and the caller's tags
 * on it, in image id order. Every request runs this, so it is one plain-JDBC query (see PlainQuery) that returns an
 * image as three JSON columns (see JsonRows) rather than three queries of fifty columns in all.
 */
final class ImageListings {
    /**
     * The images of a Region the caller may see (not deregistered before {@code cutoff}), narrowed by ids, owners
     * and name patterns when those are not null, after an id.
     */
    record Selection(String region, String callerId, long cutoff, Collection<String> ids, Collection<String> owners,
            List<String> namePatterns, String afterId) {}

    /** An image's id and name: enough to apply a name filter the index cannot answer before loading whole images. */
    record IdAndName(String imageId, String name) {}

    // Image ids are "ami-" and hex digits, which every collation orders as Java does, so this agrees with the
    // database's "image_id > ?" that resumes a page. Sorting here spares the database a sorter copying JSON columns.
    private static final Comparator<ImageView> BY_ID = Comparator.comparing(v -> v.row().imageId());

    private final Dialect dialect;
    private final PermissionTable permissions = PermissionTable.IMAGE_LAUNCH;
    // Its one parameter is the caller's account id, whose tags are shown.
    private final String listing;

    ImageListings(Dialect dialect) {
        this.dialect = dialect;
        this.listing = "SELECT " + dialect.jsonArray(ImageRepository.COLUMNS)
                + ", (SELECT " + dialect.jsonArrayAgg(ImageRepository.BLOCK_COLUMNS)
                + " FROM image_block_devices d WHERE d.image_id = i.image_id)"
                + ", (SELECT " + dialect.jsonArrayAgg("t.tag_key, t.tag_value")
                + " FROM tags t WHERE t.resource_id = i.image_id AND t.account_id = ?)"
                + " FROM images i";
    }

    List<ImageView> visible(Handle h, Selection s) {
        List<ImageView> out = new ArrayList<>();
        selectVisible(h, s, listing, List.of(s.callerId()), rs -> out.add(view(rs)));
        out.sort(BY_ID);
        return out;
    }

    /** Like {@link #visible}, but only ids and names, which is much cheaper to read for many rows. */
    List<IdAndName> visibleNames(Handle h, Selection s) {
        List<IdAndName> out = new ArrayList<>();
        selectVisible(h, s, "SELECT i.image_id, i.name FROM images i", List.of(),
                rs -> out.add(new IdAndName(rs.getString(1), rs.getString(2))));
        return out;
    }

    /** The images with these ids, already known to be visible to {@code callerId}, in id order. */
    List<ImageView> byIds(Handle h, List<String> imageIds, String callerId) {
        List<ImageView> out = new ArrayList<>();
        InBatches.forEach(imageIds, batch -> {
            List<Object> args = new ArrayList<>(batch.size() + 1);
            args.add(callerId);
            args.addAll(batch);
            PlainQuery.forEachRow(h, listing + " WHERE i.image_id IN (" + PlainQuery.placeholders(batch.size()) + ")",
                    args, rs -> out.add(view(rs)));
        });
        out.sort(BY_ID);
        return out;
    }

    private void selectVisible(Handle h, Selection s, String select, List<Object> selectArgs, PlainQuery.RowReader reader) {
        StringBuilder sql = new StringBuilder(select).append(" WHERE i.region = ?"
                + " AND (i.deregistered_at IS NULL OR i.deregistered_at > ?)"
                + " AND (i.owner_id = ? OR i.is_public = ? OR " + permissions.grantsAccountSql("i") + ")");
        List<Object> args = new ArrayList<>(selectArgs);
        args.addAll(List.of(s.region(), s.cutoff(), s.callerId(), true, s.callerId()));
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
                terms.add(dialect.prefixPredicate("i.name"));
                args.addAll(dialect.prefixArguments(Wildcard.literalPrefix(p)));
            }
        }
        return String.join(" OR ", terms);
    }

    private static ImageView view(ResultSet rs) throws SQLException {
        List<BlockDeviceRow> devices = new ArrayList<>();
        for (Row d : JsonRows.rows(rs.getString(2))) {
            devices.add(ImageRepository.mapBlock(d));
        }
        devices.sort(Comparator.comparingInt(BlockDeviceRow::position));
        Map<String, String> tags = new TreeMap<>();
        for (Row t : JsonRows.rows(rs.getString(3))) {
            tags.put(t.string(1), t.string(2));
        }
        return new ImageView(ImageRepository.map(JsonRows.row(rs.getString(1))), devices, tags);
    }
}
