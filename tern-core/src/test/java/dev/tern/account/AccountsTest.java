package dev.tern.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.TernServices;
import dev.tern.catalog.Catalog;
import dev.tern.config.TernConfig;
import dev.tern.config.TernConfig.AccessKeyConfig;
import dev.tern.config.TernConfig.AccountConfig;
import dev.tern.kms.RootKey;
import dev.tern.testing.BothCatalogs;
import dev.tern.testing.CatalogFixture;
import dev.tern.testing.CatalogFixture.Kind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** Accounts from the catalogue: configured ones upserted at start, new ones from elsewhere seen within seconds. */
class AccountsTest {
    static final String ACCOUNT = "444444444444";
    static final String KEY = "AKIAEXAMPLEKEY000001";
    static final String SECRET = "configured/secret/of/forty/characters/ok";

    @TempDir
    Path dir;

    @BothCatalogs
    void configuredKeysAreUpsertedAndTheirSecretsAreSealed(Kind kind) {
        String url = kind == Kind.POSTGRESQL ? CatalogFixture.freshPostgresDatabase() : null;
        try (TernServices s = services(url, config("first", SECRET))) {
            Accounts.Credential c = s.accounts().credential(KEY);
            assertThat(c.secret()).isEqualTo(SECRET);
            assertThat(c.active()).isTrue();
            assertThat(c.principal()).isEqualTo(Principal.root(ACCOUNT));
            assertThat(s.accounts().byAlias("first").id()).isEqualTo(ACCOUNT);
            String stored = s.catalog().read(h -> h.createQuery("SELECT sealed_secret FROM access_keys WHERE access_key_id = :k")
                    .bind("k", KEY).mapTo(String.class).one());
            assertThat(stored).doesNotContain(SECRET).doesNotContain("configured");
        }
        // A restart with a changed secret and alias corrects them.
        try (TernServices s = services(url, config("second", "another/secret"))) {
            assertThat(s.accounts().credential(KEY).secret()).isEqualTo("another/secret");
            assertThat(s.accounts().aliasOf(ACCOUNT)).isEqualTo("second");
            assertThat(s.accounts().byAlias("first")).isNull();
        }
    }

    @BothCatalogs
    void anAccountMadeByAnotherProcessIsSeenWithinTheRecheckDelay(Kind kind) throws Exception {
        String url = kind == Kind.POSTGRESQL ? CatalogFixture.freshPostgresDatabase() : null;
        try (TernServices s = services(url, config("first", SECRET))) {
            assertThat(s.accounts().byId(ACCOUNT)).isNotNull();
            // tern admin's way: its own connection pool on the same catalogue, no cache.
            AccountStore.NewAccount made;
            try (Catalog other = Catalog.open(url, dir)) {
                made = new AccountStore(other, rootKey(), Clock.systemUTC()).createAccount("made");
                assertThatThrownBy(() -> new AccountStore(other, rootKey(), Clock.systemUTC()).createAccount("made"))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(made.accountId()).matches("[1-9][0-9]{11}");
            assertThat(made.accessKeyId()).matches("AKIA[A-Z2-7]{16}");
            long deadline = System.nanoTime() + 5 * IdentityGeneration.RECHECK_NANOS;
            while (s.accounts().credential(made.accessKeyId()) == null && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Accounts.Credential c = s.accounts().credential(made.accessKeyId());
            assertThat(c).isNotNull();
            assertThat(c.secret()).isEqualTo(made.secretAccessKey());
            assertThat(c.account()).isEqualTo(new Account(made.accountId(), "made"));
            assertThat(s.accounts().byAlias("made").id()).isEqualTo(made.accountId());
        }
    }

    private TernServices services(String url, TernConfig config) {
        return new TernServices(config.withCatalog(url), Catalog.open(url, dir), dir, Clock.systemUTC(), rootKey());
    }

    private static RootKey rootKey() {
        return RootKey.of(new byte[32], "test");
    }

    private static TernConfig config(String alias, String secret) {
        return TernConfig.empty().withAccounts(List.of(new AccountConfig(ACCOUNT, alias, List.of(new AccessKeyConfig(KEY, secret)))));
    }
}
