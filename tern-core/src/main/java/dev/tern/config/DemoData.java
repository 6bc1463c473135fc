package dev.tern.config;

import dev.tern.config.TernConfig.AccessKeyConfig;
import dev.tern.config.TernConfig.AccountConfig;
import java.util.ArrayList;
import java.util.List;

/** What {@code --demo} adds: account 123456789012 with the AWS documentation's example key pair. */
public final class DemoData {
    public static final String ACCOUNT_ID = "123456789012";
    public static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    public static final String SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private DemoData() {}

    public static TernConfig addTo(TernConfig config) {
        if (config.accounts().stream().anyMatch(a -> a.id().equals(ACCOUNT_ID))) {
            return config;
        }
        List<AccountConfig> accounts = new ArrayList<>(config.accounts());
        accounts.add(new AccountConfig(ACCOUNT_ID, null, List.of(new AccessKeyConfig(ACCESS_KEY_ID, SECRET_ACCESS_KEY))));
        return config.withAccounts(accounts);
    }
}
