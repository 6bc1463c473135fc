package dev.tern.account;

import dev.tern.config.TernConfig.AccessKeyConfig;
import dev.tern.config.TernConfig.AccountConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Accounts and their access keys, from the configuration. Sealed once the server runs. */
public final class Accounts {
    /** The secret of an access key and the account that owns it. */
    public record Credential(String accessKeyId, String secret, Account account) {}

    private final Map<String, Credential> byAccessKey = new HashMap<>();
    private final Map<String, Account> byId = new HashMap<>();
    private final Map<String, Account> byAlias = new HashMap<>();

    public Accounts(List<AccountConfig> configs) {
        for (AccountConfig c : configs) {
            Account account = new Account(c.id(), c.alias());
            byId.put(c.id(), account);
            if (c.alias() != null) {
                byAlias.put(c.alias(), account);
            }
            for (AccessKeyConfig key : c.accessKeys()) {
                byAccessKey.put(key.id(), new Credential(key.id(), key.secret(), account));
            }
        }
    }

    public Credential credential(String accessKeyId) {
        return accessKeyId == null ? null : byAccessKey.get(accessKeyId);
    }

    public Account byId(String id) {
        return id == null ? null : byId.get(id);
    }

    public Account byAlias(String alias) {
        return alias == null ? null : byAlias.get(alias);
    }

    /** The alias of an account, or null if it has none (or Tern does not know it). */
    public String aliasOf(String accountId) {
        Account a = byId(accountId);
        return a == null ? null : a.alias();
    }
}
