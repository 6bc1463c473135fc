package dev.tern.account;

import dev.tern.catalog.Catalog;
import dev.tern.config.TernConfig.AccessKeyConfig;
import dev.tern.config.TernConfig.AccountConfig;
import dev.tern.kms.RootKey;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Writes accounts and their root keys: the configured ones at every start, and new ones for
 * {@code tern admin create-account}. A configured key is added, or corrected when its secret or account changed;
 * its status (an UpdateAccessKey) is kept. A key removed from the configuration is not revoked by that: it stays
 * until deleted (docs/iam.md).
 */
public final class AccountStore {
    /** A new account and its root key, with the secret in the clear: shown once, then only sealed. */
    public record NewAccount(String accountId, String alias, String accessKeyId, String secretAccessKey) {}

    private final Catalog catalog;
    private final RootKey rootKey;
    private final Clock clock;

    public AccountStore(Catalog catalog, RootKey rootKey, Clock clock) {
        this.catalog = catalog;
        this.rootKey = rootKey;
        this.clock = clock;
    }

    /** Upserts the configured accounts (the demo account included when asked for) and their keys, in one transaction. */
    public void upsertConfigured(List<AccountConfig> configs) {
        if (configs.isEmpty()) {
            return;
        }
        catalog.useTransaction(h -> {
            boolean changed = false;
            for (AccountConfig c : configs) {
                changed |= upsertAccount(h, c);
                for (AccessKeyConfig key : c.accessKeys()) {
                    changed |= upsertKey(h, c.id(), key);
                }
            }
            if (changed) {
                IdentityGeneration.bump(h);
            }
        });
    }

    /**
     * Adds an account with a new 12-digit id and one root access key.
     *
     * @throws IllegalArgumentException when another account already carries {@code alias}
     */
    public NewAccount createAccount(String alias) {
        String keyId = IdentityIds.accessKeyId();
        String secret = IdentityIds.secretAccessKey();
        String sealed = AccessKeySecrets.seal(rootKey, keyId, secret);
        return catalog.inTransaction(h -> {
            if (alias != null && h.createQuery("SELECT 1 FROM accounts WHERE alias = :a").bind("a", alias)
                    .mapTo(Integer.class).findOne().isPresent()) {
                throw new IllegalArgumentException("an account with alias " + alias + " already exists");
            }
            String id;
            do {
                id = IdentityIds.accountId();
            } while (findAccount(h, id).isPresent());
            long now = clock.millis();
            h.createUpdate("INSERT INTO accounts (account_id, alias, origin, created_at) VALUES (:id, :alias, 'admin', :now)")
                    .bind("id", id).bind("alias", alias).bind("now", now).execute();
            insertRootKey(h, id, keyId, sealed, "admin");
            IdentityGeneration.bump(h);
            return new NewAccount(id, alias, keyId, secret);
        });
    }

    private boolean upsertAccount(Handle h, AccountConfig c) {
        Optional<String[]> existing = findAccount(h, c.id());
        if (existing.isEmpty()) {
            h.createUpdate("INSERT INTO accounts (account_id, alias, origin, created_at) VALUES (:id, :alias, 'config', :now)")
                    .bind("id", c.id()).bind("alias", c.alias()).bind("now", clock.millis()).execute();
            return true;
        }
        if (!Objects.equals(existing.get()[0], c.alias())) {
            h.createUpdate("UPDATE accounts SET alias = :alias WHERE account_id = :id")
                    .bind("id", c.id()).bind("alias", c.alias()).execute();
            return true;
        }
        return false;
    }

    private boolean upsertKey(Handle h, String accountId, AccessKeyConfig key) {
        Optional<String[]> row = h.createQuery("SELECT account_id, user_id, sealed_secret FROM access_keys"
                        + " WHERE access_key_id = :id").bind("id", key.id())
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}).findOne();
        if (row.isEmpty()) {
            insertRootKey(h, accountId, key.id(), AccessKeySecrets.seal(rootKey, key.id(), key.secret()), "config");
            return true;
        }
        String[] r = row.get();
        if (r[0].equals(accountId) && r[1] == null && AccessKeySecrets.open(rootKey, key.id(), r[2]).equals(key.secret())) {
            return false;
        }
        h.createUpdate("UPDATE access_keys SET account_id = :account, user_id = NULL, sealed_secret = :sealed,"
                        + " origin = 'config' WHERE access_key_id = :id")
                .bind("account", accountId).bind("sealed", AccessKeySecrets.seal(rootKey, key.id(), key.secret()))
                .bind("id", key.id()).execute();
        return true;
    }

    private void insertRootKey(Handle h, String accountId, String keyId, String sealed, String origin) {
        h.createUpdate("INSERT INTO access_keys (access_key_id, account_id, user_id, sealed_secret, status, origin,"
                        + " created_at) VALUES (:id, :account, NULL, :sealed, 'Active', :origin, :now)")
                .bind("id", keyId).bind("account", accountId).bind("sealed", sealed).bind("origin", origin)
                .bind("now", clock.millis()).execute();
    }

    /** The account's alias (in a one-element array, as it may be null), when the account exists. */
    private static Optional<String[]> findAccount(Handle h, String id) {
        return h.createQuery("SELECT alias FROM accounts WHERE account_id = :id").bind("id", id)
                .map((rs, ctx) -> new String[] {rs.getString(1)}).findOne();
    }
}
