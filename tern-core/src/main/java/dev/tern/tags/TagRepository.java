package dev.tern.tags;

import dev.tern.catalog.InBatches;
import dev.tern.catalog.PlainQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/** The {@code tags} table. Every tag belongs to one account: the one that set it. */
public final class TagRepository {
    /** One tag as DescribeTags lists it. */
    public record TagRow(String resourceId, String resourceType, String key, String value) {}

    /**
     * The account's tags on each of {@code resourceIds}, key-ordered; resources without tags are absent.
     * DescribeSnapshots asks this for every page, so it is plain JDBC (see PlainQuery).
     */
    public Map<String, Map<String, String>> tagsOf(Handle h, String accountId, Collection<String> resourceIds) {
        Map<String, Map<String, String>> out = new HashMap<>();
        InBatches.forEach(resourceIds, batch -> {
            List<String> args = new ArrayList<>(batch.size() + 1);
            args.add(accountId);
            args.addAll(batch);
            PlainQuery.forEachRow(h, "SELECT resource_id, tag_key, tag_value FROM tags WHERE account_id = ? AND resource_id IN ("
                            + PlainQuery.placeholders(batch.size()) + ")",
                    args, rs -> out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2), rs.getString(3)));
        });
        return out;
    }

    public Map<String, String> tagsOf(Handle h, String accountId, String resourceId) {
        return tagsOf(h, accountId, List.of(resourceId)).getOrDefault(resourceId, Map.of());
    }

    /** Sets a tag, overwriting the value of an existing key. */
    public void put(Handle h, String resourceId, String resourceType, String accountId, String region, String key, String value) {
        int updated = h.createUpdate("UPDATE tags SET tag_value = :value "
                        + "WHERE resource_id = :rid AND account_id = :account AND tag_key = :key")
                .bind("value", value)
                .bind("rid", resourceId)
                .bind("account", accountId)
                .bind("key", key)
                .execute();
        if (updated == 0) {
            h.createUpdate("INSERT INTO tags (resource_id, account_id, tag_key, tag_value, region, resource_type) "
                            + "VALUES (:rid, :account, :key, :value, :region, :type)")
                    .bind("rid", resourceId)
                    .bind("account", accountId)
                    .bind("key", key)
                    .bind("value", value)
                    .bind("region", region)
                    .bind("type", resourceType)
                    .execute();
        }
    }

    /** Deletes the account's tag {@code key}; with a non-null {@code value}, only when the tag has that value. */
    public void delete(Handle h, String resourceId, String accountId, String key, String value) {
        var delete = h.createUpdate("DELETE FROM tags WHERE resource_id = :rid AND account_id = :account AND tag_key = :key"
                        + (value == null ? "" : " AND tag_value = :value"))
                .bind("rid", resourceId)
                .bind("account", accountId)
                .bind("key", key);
        if (value != null) {
            delete.bind("value", value);
        }
        delete.execute();
    }

    public void deleteAllOfAccount(Handle h, String resourceId, String accountId) {
        h.createUpdate("DELETE FROM tags WHERE resource_id = :rid AND account_id = :account")
                .bind("rid", resourceId)
                .bind("account", accountId)
                .execute();
    }

    /** Deletes every account's tags on a resource that no longer exists. */
    public void deleteAllOf(Handle h, String resourceId) {
        h.createUpdate("DELETE FROM tags WHERE resource_id = :rid").bind("rid", resourceId).execute();
    }

    /**
     * The account's tags in a Region, ordered by resource id then key, starting after ({@code afterResource},
     * {@code afterKey}) when those are given. {@code resourceIds} and {@code keys}, when not null, narrow the rows
     * to those exact values; further filtering is the caller's.
     */
    public List<TagRow> list(Handle h, String accountId, String region, String afterResource, String afterKey,
            Collection<String> resourceIds, Collection<String> keys) {
        StringBuilder sql = new StringBuilder("SELECT resource_id, resource_type, tag_key, tag_value FROM tags "
                + "WHERE account_id = :account AND region = :region");
        if (afterResource != null) {
            sql.append(" AND (resource_id > :afterResource OR (resource_id = :afterResource AND tag_key > :afterKey))");
        }
        if (resourceIds != null) {
            sql.append(" AND resource_id IN (<rids>)");
        }
        if (keys != null) {
            sql.append(" AND tag_key IN (<keys>)");
        }
        sql.append(" ORDER BY resource_id, tag_key");
        var q = h.createQuery(sql.toString())
                .bind("account", accountId)
                .bind("region", region);
        if (afterResource != null) {
            q.bind("afterResource", afterResource).bind("afterKey", afterKey);
        }
        if (resourceIds != null) {
            q.bindList("rids", List.copyOf(resourceIds));
        }
        if (keys != null) {
            q.bindList("keys", List.copyOf(keys));
        }
        return q.map((rs, ctx) -> new TagRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
    }

    public int count(Handle h, String resourceId, String accountId) {
        return h.createQuery("SELECT COUNT(*) FROM tags WHERE resource_id = :rid AND account_id = :account")
                .bind("rid", resourceId)
                .bind("account", accountId)
                .mapTo(Integer.class)
                .one();
    }
}
