package dev.tern.kms;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The SQL of KMS grants (V4__kms.sql), run inside the caller's transaction. */
final class GrantRepository {
    private static final String COLUMNS = "grant_id, key_id, grant_token, name, grantee_principal, retiring_principal, "
            + "issuing_account, operations, constraints, created_at";

    /** A grant: {@code operations} are KMS operation names, {@code constraintsJson} the GrantConstraints or null. */
    record Grant(String grantId, String keyId, String grantToken, String name, String granteePrincipal,
                 String retiringPrincipal, String issuingAccount, List<String> operations, String constraintsJson,
                 long createdAt) {
        String operationList() {
            return String.join(",", operations);
        }
    }

    private GrantRepository() {}

    static void insert(Handle h, Grant g) {
        h.createUpdate("INSERT INTO kms_grants (" + COLUMNS + ") VALUES (:grantId, :keyId, :grantToken, :name, "
                + ":granteePrincipal, :retiringPrincipal, :issuingAccount, :operationList, :constraintsJson, :createdAt)")
                .bind("grantId", g.grantId()).bind("keyId", g.keyId()).bind("grantToken", g.grantToken())
                .bind("name", g.name()).bind("granteePrincipal", g.granteePrincipal())
                .bind("retiringPrincipal", g.retiringPrincipal()).bind("issuingAccount", g.issuingAccount())
                .bind("operationList", g.operationList()).bind("constraintsJson", g.constraintsJson())
                .bind("createdAt", g.createdAt()).execute();
    }

    /** The grants of a key in creation order. */
    static List<Grant> ofKey(Handle h, String keyId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM kms_grants WHERE key_id = :id ORDER BY created_at, grant_id")
                .bind("id", keyId).map((rs, c) -> row(rs)).list();
    }

    /** The grants of a key given to {@code grantee}: what authorization looks at when the key policy is silent. */
    static List<Grant> ofKeyFor(Handle h, String keyId, String grantee) {
        return h.createQuery("SELECT " + COLUMNS + " FROM kms_grants WHERE key_id = :id AND grantee_principal = :grantee")
                .bind("id", keyId).bind("grantee", grantee).map((rs, c) -> row(rs)).list();
    }

    static Optional<Grant> find(Handle h, String keyId, String grantId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM kms_grants WHERE key_id = :key AND grant_id = :id")
                .bind("key", keyId).bind("id", grantId).map((rs, c) -> row(rs)).findOne();
    }

    static Optional<Grant> byToken(Handle h, String token) {
        return h.createQuery("SELECT " + COLUMNS + " FROM kms_grants WHERE grant_token = :t").bind("t", token)
                .map((rs, c) -> row(rs)).findOne();
    }

    static void delete(Handle h, String grantId) {
        h.createUpdate("DELETE FROM kms_grants WHERE grant_id = :id").bind("id", grantId).execute();
    }

    private static Grant row(ResultSet rs) throws SQLException {
        return new Grant(rs.getString("grant_id"), rs.getString("key_id"), rs.getString("grant_token"),
                rs.getString("name"), rs.getString("grantee_principal"), rs.getString("retiring_principal"),
                rs.getString("issuing_account"), Arrays.asList(rs.getString("operations").split(",")),
                rs.getString("constraints"), rs.getLong("created_at"));
    }
}
