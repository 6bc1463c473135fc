package dev.tern.account;

import dev.tern.catalog.Catalog;
import dev.tern.kms.RootKey;
import java.util.HashMap;
import java.util.Map;

/**
 * Accounts and their access keys (root keys and IAM users' keys), read from the catalogue and cached in memory:
 * a request's signature is checked against the cache, never a query. The cache is rebuilt when the
 * {@link IdentityGeneration} changes: at once for this node's writes, within about a second for other nodes' and
 * {@code tern admin}'s (docs/iam.md, "Accounts").
 */
public final class Accounts {
    /**
     * An access key: its secret, the account and principal (root or user) it signs for, and whether it may sign.
     */
    public record Credential(String accessKeyId, String secret, Account account, Principal principal, KeyStatus status) {
        public boolean active() {
            return status == KeyStatus.Active;
        }
    }

    /** One consistent picture of the catalogue's accounts and keys, replaced whole. */
    private record View(long generation, Map<String, Credential> byAccessKey, Map<String, Account> byId,
            Map<String, Account> byAlias) {}

    private final Catalog catalog;
    private final RootKey rootKey;
    private final IdentityGeneration generation;
    private volatile View view;

    public Accounts(Catalog catalog, RootKey rootKey, IdentityGeneration generation) {
        this.catalog = catalog;
        this.rootKey = rootKey;
        this.generation = generation;
    }

    /** The key with this id, active or not, or null when there is none. */
    public Credential credential(String accessKeyId) {
        return accessKeyId == null ? null : current().byAccessKey().get(accessKeyId);
    }

    public Account byId(String id) {
        return id == null ? null : current().byId().get(id);
    }

    public Account byAlias(String alias) {
        return alias == null ? null : current().byAlias().get(alias);
    }

    /** The alias of an account, or null if it has none (or Tern does not know it). */
    public String aliasOf(String accountId) {
        Account a = byId(accountId);
        return a == null ? null : a.alias();
    }

    /** The generation this cache follows (IamService shares it). */
    public IdentityGeneration generation() {
        return generation;
    }

    private View current() {
        long g = generation.current();
        View v = view;
        if (v != null && v.generation() == g) {
            return v;
        }
        synchronized (this) {
            v = view;
            if (v == null || v.generation() != g) {
                // Rows written after g was read make the next check differ from g, so they are read then.
                v = load(g);
                view = v;
            }
            return v;
        }
    }

    private View load(long g) {
        return catalog.read(h -> {
            Map<String, Account> byId = new HashMap<>();
            Map<String, Account> byAlias = new HashMap<>();
            h.createQuery("SELECT account_id, alias FROM accounts ORDER BY created_at, account_id")
                    .map((rs, ctx) -> new Account(rs.getString(1), rs.getString(2)))
                    .forEach(a -> {
                        byId.put(a.id(), a);
                        if (a.alias() != null) {
                            byAlias.putIfAbsent(a.alias(), a);
                        }
                    });
            Map<String, Credential> keys = new HashMap<>();
            h.createQuery("SELECT k.access_key_id, k.account_id, k.sealed_secret, k.status, u.user_id, u.user_name, u.path"
                            + " FROM access_keys k LEFT JOIN iam_users u ON u.user_id = k.user_id")
                    .map((rs, ctx) -> {
                        String keyId = rs.getString(1);
                        Account account = byId.get(rs.getString(2));
                        String userId = rs.getString(5);
                        Principal principal = userId == null ? Principal.root(account.id())
                                : new Principal(account.id(), UserArns.user(account.id(), rs.getString(7), rs.getString(6)),
                                        rs.getString(6), userId);
                        return new Credential(keyId, AccessKeySecrets.open(rootKey, keyId, rs.getString(3)), account,
                                principal, KeyStatus.valueOf(rs.getString(4)));
                    })
                    .forEach(c -> keys.put(c.accessKeyId(), c));
            return new View(g, Map.copyOf(keys), Map.copyOf(byId), Map.copyOf(byAlias));
        });
    }
}
