package dev.tern.permissions;

import dev.tern.catalog.InBatches;
import dev.tern.permissions.Permission.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The catalogue rows of one kind of grant: {@code image_launch_permissions} or {@code snapshot_volume_permissions}.
 * Both tables have the same shape, keyed by the resource's id column, so one class serves both.
 */
public final class PermissionTable {
    public static final PermissionTable IMAGE_LAUNCH = new PermissionTable("image_launch_permissions", "image_id");
    public static final PermissionTable SNAPSHOT_VOLUME = new PermissionTable("snapshot_volume_permissions", "snapshot_id");

    private final String table;
    private final String idColumn;

    private PermissionTable(String table, String idColumn) {
        this.table = table;
        this.idColumn = idColumn;
    }

    /**
     * SQL true when the resource aliased {@code alias} grants the account bound to its one {@code ?} parameter by
     * id. Used in visibility predicates, so the database does the narrowing.
     */
    public String grantsAccountSql(String alias) {
        return "EXISTS (SELECT 1 FROM " + table + " p WHERE p." + idColumn + " = " + alias + "." + idColumn
                + " AND p.kind = 'user' AND p.value = ?)";
    }

    /** SQL true when the resource aliased {@code alias} grants the account {@code :accountParam} or everyone. */
    public String grantsAccountOrAllSql(String alias, String accountParam) {
        return "EXISTS (SELECT 1 FROM " + table + " p WHERE p." + idColumn + " = " + alias + "." + idColumn
                + " AND ((p.kind = 'user' AND p.value = :" + accountParam + ") OR (p.kind = 'group' AND p.value = 'all')))";
    }

    public List<Permission> list(Handle h, String id) {
        return h.createQuery("SELECT kind, value FROM " + table + " WHERE " + idColumn + " = :id ORDER BY kind, value")
                .bind("id", id)
                .map((rs, ctx) -> new Permission(Kind.fromDb(rs.getString(1)), rs.getString(2)))
                .list();
    }

    /** The grants of many resources at once, by resource id (resources without grants are absent). */
    public Map<String, List<Permission>> listAll(Handle h, Collection<String> ids) {
        Map<String, List<Permission>> out = new HashMap<>();
        InBatches.forEach(ids, batch -> h.createQuery("SELECT " + idColumn + ", kind, value FROM " + table
                        + " WHERE " + idColumn + " IN (<ids>)")
                .bindList("ids", batch)
                .map((rs, ctx) -> {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Permission(Kind.fromDb(rs.getString(2)), rs.getString(3)));
                    return null;
                })
                .list());
        return out;
    }

    public boolean has(Handle h, String id, Permission p) {
        return h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE " + idColumn + " = :id AND kind = :kind AND value = :value")
                .bind("id", id)
                .bind("kind", p.kind().dbName())
                .bind("value", p.value())
                .mapTo(Integer.class)
                .one() > 0;
    }

    /** Adds then removes, ignoring grants already present or already absent, as EC2 does. */
    public void apply(Handle h, String id, PermissionChanges changes) {
        for (Permission p : changes.add()) {
            if (!has(h, id, p)) {
                h.createUpdate("INSERT INTO " + table + " (" + idColumn + ", kind, value) VALUES (:id, :kind, :value)")
                        .bind("id", id)
                        .bind("kind", p.kind().dbName())
                        .bind("value", p.value())
                        .execute();
            }
        }
        for (Permission p : changes.remove()) {
            h.createUpdate("DELETE FROM " + table + " WHERE " + idColumn + " = :id AND kind = :kind AND value = :value")
                    .bind("id", id)
                    .bind("kind", p.kind().dbName())
                    .bind("value", p.value())
                    .execute();
        }
    }

    public void clear(Handle h, String id) {
        h.createUpdate("DELETE FROM " + table + " WHERE " + idColumn + " = :id").bind("id", id).execute();
    }
}
