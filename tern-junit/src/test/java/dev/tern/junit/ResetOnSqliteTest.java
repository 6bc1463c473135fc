package dev.tern.junit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link ResetContract} on the default catalogue: SQLite in a temporary data directory. */
class ResetOnSqliteTest extends ResetContract {
    @RegisterExtension
    static TernExtension tern = twoAccounts().build();

    @Override
    TernExtension tern() {
        return tern;
    }

    @BeforeAll
    static void shared() {
        new ResetOnSqliteTest().makeShared();
    }
}
