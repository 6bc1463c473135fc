package dev.tern.junit;

import dev.tern.testing.CatalogFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ResetContract} on PostgreSQL (a fresh database in an embedded PostgreSQL). */
class ResetOnPostgresTest extends ResetContract {
    @RegisterExtension
    static TernExtension tern = twoAccounts().catalog(CatalogFixture.freshPostgresDatabase()).build();

    @Override
    TernExtension tern() {
        return tern;
    }

    @BeforeAll
    static void shared() {
        new ResetOnPostgresTest().makeShared();
    }
}
