package dev.tern.kms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of KMS keys, their aliases and tags (V4__kms.sql), run inside the caller's transaction. */
final class KeyRepository {
    private static final String KEY_COLUMNS = "key_id, account_id, region, description, key_usage, key_spec, origin, "
            + "key_manager, key_state, deletion_date, pending_window_days, policy, wrapped_material, multi_region, created_at";

    /** An alias row; {@code targetKeyId} is a key id of the same account and Region. */
    record Alias(String aliasName, String targetKeyId, long createdAt, long updatedAt) {}

    private KeyRepository() {}

    static void insert(Handle h, KmsKey k) {
        h.createUpdate("INSERT INTO kms_keys (" + KEY_COLUMNS + ") VALUES (:keyId, :accountId, :region, :description, "
                        + ":keyUsage, :keySpec, :origin, :keyManager, :keyState, :deletionDate, :pendingWindowDays, :policy, "
                        + ":wrappedMaterial, :multiRegion, :createdAt)")
                .bindMethods(k).execute();
    }

    static Optional<KmsKey> find(Handle h, String keyId) {
        return h.createQuery("SELECT " + KEY_COLUMNS + " FROM kms_keys WHERE key_id = :id").bind("id", keyId)
                .map((rs, c) -> row(rs)).findOne();
    }

    /** The account's keys in the Region after {@code afterKeyId} (null: from the first), in key id order. */
    static List<KmsKey> list(Handle h, String account, String region, String afterKeyId, int limit) {
        return h.createQuery("SELECT " + KEY_COLUMNS + " FROM kms_keys WHERE account_id = :account AND region = :region"
                        + " AND key_id > :after ORDER BY key_id LIMIT :limit")
                .bind("account", account).bind("region", region).bind("after", afterKeyId == null ? "" : afterKeyId)
                .bind("limit", limit).map((rs, c) -> row(rs)).list();
    }

    static void updateState(Handle h, KmsKey k) {
        h.createUpdate("UPDATE kms_keys SET key_state = :keyState, deletion_date = :deletionDate,"
                + " pending_window_days = :pendingWindowDays WHERE key_id = :keyId").bindMethods(k).execute();
    }

    static void updatePolicy(Handle h, String keyId, String policy) {
        h.createUpdate("UPDATE kms_keys SET policy = :policy WHERE key_id = :id").bind("policy", policy).bind("id", keyId)
                .execute();
    }

    private static KmsKey row(ResultSet rs) throws SQLException {
        long deletion = rs.getLong("deletion_date");
        Long deletionDate = rs.wasNull() ? null : deletion;
        int window = rs.getInt("pending_window_days");
        Integer pendingWindow = rs.wasNull() ? null : window;
        return new KmsKey(rs.getString("key_id"), rs.getString("account_id"), rs.getString("region"),
                rs.getString("description"), rs.getString("key_usage"), rs.getString("key_spec"), rs.getString("origin"),
                rs.getString("key_manager"), rs.getString("key_state"), deletionDate, pendingWindow,
                rs.getString("policy"), rs.getString("wrapped_material"), rs.getBoolean("multi_region"),
                rs.getLong("created_at"));
    }

    // --- aliases

    static Optional<Alias> findAlias(Handle h, String account, String region, String aliasName) {
        return h.createQuery("SELECT alias_name, target_key_id, created_at, updated_at FROM kms_aliases"
                        + " WHERE account_id = :account AND region = :region AND alias_name = :name")
                .bind("account", account).bind("region", region).bind("name", aliasName)
                .map((rs, c) -> alias(rs)).findOne();
    }

    /** The aliases of the account in the Region after {@code afterName}, by name; only those of {@code keyId} if set. */
    static List<Alias> listAliases(Handle h, String account, String region, String keyId, String afterName, int limit) {
        return h.createQuery("SELECT alias_name, target_key_id, created_at, updated_at FROM kms_aliases"
                        + " WHERE account_id = :account AND region = :region AND alias_name > :after"
                        + (keyId == null ? "" : " AND target_key_id = :keyId") + " ORDER BY alias_name LIMIT :limit")
                .bind("account", account).bind("region", region).bind("after", afterName == null ? "" : afterName)
                .bind("keyId", keyId).bind("limit", limit).map((rs, c) -> alias(rs)).list();
    }

    static List<String> aliasNamesOf(Handle h, String keyId) {
        return h.createQuery("SELECT alias_name FROM kms_aliases WHERE target_key_id = :id ORDER BY alias_name")
                .bind("id", keyId).mapTo(String.class).list();
    }

    static void insertAlias(Handle h, String account, String region, String aliasName, String keyId, long now) {
        h.createUpdate("INSERT INTO kms_aliases (account_id, region, alias_name, target_key_id, created_at, updated_at)"
                        + " VALUES (:account, :region, :name, :keyId, :now, :now)")
                .bind("account", account).bind("region", region).bind("name", aliasName).bind("keyId", keyId)
                .bind("now", now).execute();
    }

    static void retargetAlias(Handle h, String account, String region, String aliasName, String keyId, long now) {
        h.createUpdate("UPDATE kms_aliases SET target_key_id = :keyId, updated_at = :now"
                        + " WHERE account_id = :account AND region = :region AND alias_name = :name")
                .bind("account", account).bind("region", region).bind("name", aliasName).bind("keyId", keyId)
                .bind("now", now).execute();
    }

    static void deleteAlias(Handle h, String account, String region, String aliasName) {
        h.createUpdate("DELETE FROM kms_aliases WHERE account_id = :account AND region = :region AND alias_name = :name")
                .bind("account", account).bind("region", region).bind("name", aliasName).execute();
    }

    private static Alias alias(ResultSet rs) throws SQLException {
        return new Alias(rs.getString("alias_name"), rs.getString("target_key_id"), rs.getLong("created_at"),
                rs.getLong("updated_at"));
    }

    // --- tags

    static Map<String, String> tags(Handle h, String keyId) {
        Map<String, String> out = new LinkedHashMap<>();
        h.createQuery("SELECT tag_key, tag_value FROM kms_key_tags WHERE key_id = :id ORDER BY tag_key").bind("id", keyId)
                .map((rs, c) -> Map.entry(rs.getString(1), rs.getString(2))).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    static void putTag(Handle h, String keyId, String key, String value) {
        h.createUpdate("DELETE FROM kms_key_tags WHERE key_id = :id AND tag_key = :k").bind("id", keyId).bind("k", key)
                .execute();
        h.createUpdate("INSERT INTO kms_key_tags (key_id, tag_key, tag_value) VALUES (:id, :k, :v)").bind("id", keyId)
                .bind("k", key).bind("v", value).execute();
    }

    static void deleteTag(Handle h, String keyId, String key) {
        h.createUpdate("DELETE FROM kms_key_tags WHERE key_id = :id AND tag_key = :k").bind("id", keyId).bind("k", key)
                .execute();
    }
}
