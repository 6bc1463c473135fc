package dev.tern.iam;

import dev.tern.account.KeyStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of IAM users, access keys and policies. Names are matched by their lower-cased key, as IAM ignores case. */
final class IamRepository {
    private static final String USER_COLUMNS = "user_id, account_id, user_name, path, created_at";
    private static final String POLICY_COLUMNS = "p.policy_id, p.account_id, p.policy_name, p.path, p.description,"
            + " p.document, p.created_at, p.updated_at,"
            + " (SELECT COUNT(*) FROM iam_user_attachments a WHERE a.policy_id = p.policy_id)";

    private IamRepository() {}

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** When the account was added to the catalogue (GetUser shows it as the root's CreateDate); 0 if unknown. */
    static long accountCreated(Handle h, String accountId) {
        return h.createQuery("SELECT created_at FROM accounts WHERE account_id = :a").bind("a", accountId)
                .mapTo(Long.class).findOne().orElse(0L);
    }

    // --- users

    static Optional<UserRow> user(Handle h, String accountId, String userName) {
        return h.createQuery("SELECT " + USER_COLUMNS + " FROM iam_users WHERE account_id = :a AND name_key = :k")
                .bind("a", accountId).bind("k", key(userName)).map(IamRepository::userRow).findOne();
    }

    static List<UserRow> users(Handle h, String accountId) {
        return h.createQuery("SELECT " + USER_COLUMNS + " FROM iam_users WHERE account_id = :a ORDER BY name_key")
                .bind("a", accountId).map(IamRepository::userRow).list();
    }

    static void insertUser(Handle h, UserRow u) {
        h.createUpdate("INSERT INTO iam_users (user_id, account_id, user_name, name_key, path, created_at)"
                        + " VALUES (:id, :a, :name, :k, :path, :at)")
                .bind("id", u.userId()).bind("a", u.accountId()).bind("name", u.userName()).bind("k", key(u.userName()))
                .bind("path", u.path()).bind("at", u.createdAt()).execute();
    }

    static void deleteUser(Handle h, String userId) {
        h.createUpdate("DELETE FROM iam_users WHERE user_id = :id").bind("id", userId).execute();
    }

    private static UserRow userRow(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new UserRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5));
    }

    // --- access keys

    /** The keys of a user, or of the account's root when {@code userId} is null, oldest first. */
    static List<AccessKeyRow> keys(Handle h, String accountId, String userId) {
        String who = userId == null ? "user_id IS NULL" : "user_id = :u";
        return h.createQuery("SELECT access_key_id, account_id, user_id, status, created_at FROM access_keys"
                        + " WHERE account_id = :a AND " + who + " ORDER BY created_at, access_key_id")
                .bind("a", accountId).bind("u", userId).map(IamRepository::keyRow).list();
    }

    static void insertKey(Handle h, AccessKeyRow k, String sealedSecret) {
        h.createUpdate("INSERT INTO access_keys (access_key_id, account_id, user_id, sealed_secret, status, origin,"
                        + " created_at) VALUES (:id, :a, :u, :sealed, :status, 'iam', :at)")
                .bind("id", k.accessKeyId()).bind("a", k.accountId()).bind("u", k.userId()).bind("sealed", sealedSecret)
                .bind("status", k.status().name()).bind("at", k.createdAt()).execute();
    }

    static void setKeyStatus(Handle h, String accessKeyId, KeyStatus status) {
        h.createUpdate("UPDATE access_keys SET status = :s WHERE access_key_id = :id")
                .bind("s", status.name()).bind("id", accessKeyId).execute();
    }

    static void deleteKey(Handle h, String accessKeyId) {
        h.createUpdate("DELETE FROM access_keys WHERE access_key_id = :id").bind("id", accessKeyId).execute();
    }

    private static AccessKeyRow keyRow(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new AccessKeyRow(rs.getString(1), rs.getString(2), rs.getString(3), KeyStatus.valueOf(rs.getString(4)),
                rs.getLong(5));
    }

    // --- inline policies

    /** The inline policies of a user as (name, document) pairs, by name. */
    static List<String[]> inlinePolicies(Handle h, String userId) {
        return h.createQuery("SELECT policy_name, document FROM iam_user_policies WHERE user_id = :u ORDER BY name_key")
                .bind("u", userId).map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }

    static void putInlinePolicy(Handle h, String userId, String name, String document) {
        h.createUpdate("DELETE FROM iam_user_policies WHERE user_id = :u AND name_key = :k")
                .bind("u", userId).bind("k", key(name)).execute();
        h.createUpdate("INSERT INTO iam_user_policies (user_id, policy_name, name_key, document)"
                        + " VALUES (:u, :name, :k, :doc)")
                .bind("u", userId).bind("name", name).bind("k", key(name)).bind("doc", document).execute();
    }

    static int deleteInlinePolicy(Handle h, String userId, String name) {
        return h.createUpdate("DELETE FROM iam_user_policies WHERE user_id = :u AND name_key = :k")
                .bind("u", userId).bind("k", key(name)).execute();
    }

    // --- managed policies and attachments

    static Optional<PolicyRow> policy(Handle h, String accountId, String policyName) {
        return h.createQuery("SELECT " + POLICY_COLUMNS + " FROM iam_policies p WHERE p.account_id = :a AND p.name_key = :k")
                .bind("a", accountId).bind("k", key(policyName)).map(IamRepository::policyRow).findOne();
    }

    static void insertPolicy(Handle h, PolicyRow p) {
        h.createUpdate("INSERT INTO iam_policies (policy_id, account_id, policy_name, name_key, path, description,"
                        + " document, created_at, updated_at) VALUES (:id, :a, :name, :k, :path, :d, :doc, :c, :u)")
                .bind("id", p.policyId()).bind("a", p.accountId()).bind("name", p.policyName())
                .bind("k", key(p.policyName())).bind("path", p.path()).bind("d", p.description())
                .bind("doc", p.document()).bind("c", p.createdAt()).bind("u", p.updatedAt()).execute();
    }

    static void deletePolicy(Handle h, String policyId) {
        h.createUpdate("DELETE FROM iam_policies WHERE policy_id = :id").bind("id", policyId).execute();
    }

    /** The managed policies attached to a user, by name. */
    static List<PolicyRow> attachedPolicies(Handle h, String userId) {
        return h.createQuery("SELECT " + POLICY_COLUMNS + " FROM iam_policies p JOIN iam_user_attachments t"
                        + " ON t.policy_id = p.policy_id WHERE t.user_id = :u ORDER BY p.name_key")
                .bind("u", userId).map(IamRepository::policyRow).list();
    }

    static void attach(Handle h, String userId, String policyId) {
        h.createUpdate("INSERT INTO iam_user_attachments (user_id, policy_id) SELECT :u, :p WHERE NOT EXISTS"
                        + " (SELECT 1 FROM iam_user_attachments WHERE user_id = :u AND policy_id = :p)")
                .bind("u", userId).bind("p", policyId).execute();
    }

    static int detach(Handle h, String userId, String policyId) {
        return h.createUpdate("DELETE FROM iam_user_attachments WHERE user_id = :u AND policy_id = :p")
                .bind("u", userId).bind("p", policyId).execute();
    }

    private static PolicyRow policyRow(ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx) throws SQLException {
        return new PolicyRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getLong(8), rs.getInt(9));
    }
}
