package dev.tern.server.testing;

import dev.tern.TernServices;
import dev.tern.account.CallContext;
import dev.tern.config.DemoData;
import dev.tern.config.TernConfig;
import dev.tern.demo.DemoSeed;
import dev.tern.server.TernApplication;
import dev.tern.testing.SnapshotData;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * A Tern server in a process of its own, for tests that must kill one ({@code CrashDurabilityTest}): the test
 * configuration of {@link TernTestServer} (accounts ALICE, BOB, CAROL) on a given data directory and a free
 * port. {@code --snapshots N} makes N empty snapshots of ALICE's in us-east-1 first and prints
 * {@code snapshot ID} for each; {@code --demo} adds the demo account and seeds its data. {@code --catalog URL},
 * {@code --blocks S3_URI ENDPOINT ACCESS_KEY SECRET_KEY}, {@code --root-key FILE}, {@code --lease-seconds N} and {@code --link FROM,TO,RATE}
 * (repeatable) set those parts of the configuration, for the copy engine's crash and two-node tests. Prints
 * {@code copy node NAME} and {@code listening on URL} when it serves, then runs until killed.
 *
 * <p>{@code java -cp <test classpath> dev.tern.server.testing.ServerMain --data-dir DIR [--snapshots N] [--demo]}
 */
public final class ServerMain {
    private ServerMain() {}

    public static void main(String[] args) throws Exception {
        Path dataDir = null;
        int snapshots = 0;
        boolean demo = false;
        TernConfig config = TernTestServer.defaultConfig();
        java.util.List<TernConfig.LinkConfig> links = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--snapshots" -> snapshots = Integer.parseInt(args[++i]);
                case "--demo" -> demo = true;
                case "--catalog" -> config = config.withCatalog(args[++i]);
                case "--blocks" -> config = config.withBlocks(args[++i], args[++i], args[++i], args[++i]);
                case "--root-key" -> config = config.withRootKey(args[++i]);
                case "--lease-seconds" -> config = config.withCopy(config.copy().withLeaseSeconds(Integer.parseInt(args[++i])));
                case "--link" -> {
                    String[] parts = args[++i].split(",");
                    links.add(new TernConfig.LinkConfig(parts[0], parts[1], parts[2], null));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir DIR is required");
        }
        config = config.withLinks(links);
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
            System.out.println("snapshot " + SnapshotData.write(services, alice, 8, "ServerMain " + i));
        }
        System.out.println("copy node " + services.copyEngine().node());
        System.out.println("listening on " + app.url());
        System.out.flush();
        stopped.await();
    }
}
