package dev.tern.server.copy;

import dev.tern.server.testing.TernTestServer;
import dev.tern.testing.CatalogFixture;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The copy engine on a PostgreSQL catalogue (embedded PostgreSQL). */
class CopyImagePostgresTest extends CopyImageContract {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer(config -> withSlowLink(config)
            .withCatalog(CatalogFixture.freshPostgresDatabase()));

    @Override
    TernTestServer tern() {
        return tern;
    }
}
