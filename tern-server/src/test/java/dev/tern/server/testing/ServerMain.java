package dev.tern.server.testing;

import dev.tern.TernServices;
import dev.tern.account.CallContext;
import dev.tern.config.DemoData;
import dev.tern.config.TernConfig;
import dev.tern.demo.DemoSeed;
import dev.tern.server.TernApplication;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A Tern server in a process of its own, for tests that must kill one ({@code CrashDurabilityTest}): the test
 * configuration of {@link TernTestServer} (accounts ALICE, BOB, CAROL) on a given data directory and a free
 * port. {@code --snapshots N} makes N empty snapshots of ALICE's in us-east-1 first and prints
 * {@code snapshot ID} for each; {@code --demo} adds the demo account and seeds its data. Prints
 * {@code listening on URL} when it serves, then runs until killed.
 *
 * <p>{@code java -cp <test classpath> dev.tern.server.testing.ServerMain --data-dir DIR [--snapshots N] [--demo]}
 */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        int snapshots = 0;
        boolean demo = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--snapshots" -> snapshots = Integer.parseInt(args[++i]);
                case "--demo" -> demo = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir DIR is required");
        }
        TernConfig config = TernTestServer.defaultConfig();
        if (demo) {
            config = DemoData.addTo(config);
        }
        TernApplication app = TernApplication.start(TernApplication.Options.of(config, dataDir, "127.0.0.1", 0));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                app.close();
            } catch (Exception e) {
                System.err.println("ServerMain: error while stopping: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        TernServices services = app.services();
        if (demo) {
            DemoSeed.seed(services);
        }
        CallContext alice = new CallContext(services.accounts().byId(TernTestServer.ALICE),
                services.regions().get("us-east-1"), "server-main");
        for (int i = 0; i < snapshots; i++) {
            System.out.println("snapshot " + services.snapshots().createSnapshot(alice, 8, "ServerMain " + i));
        }
        System.out.println("listening on " + app.url());
        System.out.flush();
        stopped.await();
    }
}
