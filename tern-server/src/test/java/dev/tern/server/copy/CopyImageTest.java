package dev.tern.server.copy;

import dev.tern.server.testing.TernTestServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The copy engine on the default catalogue, SQLite. */
class CopyImageTest extends CopyImageContract {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer(CopyImageContract::withSlowLink);

    @Override
    TernTestServer tern() {
        return tern;
    }
}
