package dev.tern.server.testing;

import dev.tern.TernServices;
import dev.tern.account.CallContext;
import dev.tern.catalog.Catalog;
import dev.tern.config.DemoData;
import dev.tern.config.TernConfig;
import dev.tern.testing.SnapshotData;
import java.nio.file.Path;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleListener;
import org.jdbi.v3.core.Handles;
import java.time.Clock;
import software.amazon.awssdk.services.ec2.model.RegisterImageRequest;

/**
 * Fills a data directory with images through the service layer, for benchmarks and scripts: one snapshot of
 * the demo account (123456789012) in a Region, then COUNT images named {@code PREFIX00000},
 * {@code PREFIX00001}, ... on it. No public API creates snapshots until the EBS data plane lands, hence this.
 * Run it while no server uses the directory; {@code tern server --demo --data-dir DIR} then serves the images.
 *
 * <p>Only tern-core and the SDK model are used here (no JUnit), so the classpath
 * {@code tern-cli/target/tern.jar:tern-server/target/test-classes} is enough:
 * {@code java -cp ... dev.tern.server.testing.SeedImages DIR COUNT [PREFIX] [REGION]}. Prints the snapshot id.
 */
public final class SeedImages {
    private SeedImages() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SeedImages DATA_DIR COUNT [NAME_PREFIX] [REGION]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String prefix = args.length > 2 ? args[2] : "bench-image-";
        String region = args.length > 3 ? args[3] : "us-east-1";
        TernConfig config = DemoData.addTo(TernConfig.empty());
        long started = System.nanoTime();
        Catalog catalog = Catalog.open(config.catalog(), dataDir);
        // One fsync per registration makes 10,000 of them take minutes on an ordinary disk. A seeded directory is
        // scratch data, written before any server opens it, so the seeder alone commits without waiting for the disk.
        catalog.jdbi().getConfig(Handles.class).addListener(new HandleListener() {
            @Override
            public void handleCreated(Handle handle) {
                handle.execute("PRAGMA synchronous=OFF");
            }
        });
        try (TernServices services = new TernServices(config, catalog, dataDir, Clock.systemUTC())) {
            CallContext ctx = new CallContext(services.accounts().byId(DemoData.ACCOUNT_ID),
                    services.regions().get(region), "seed-images");
            String snapshot = SnapshotData.write(services, ctx, 8, "seeded root volume");
            for (int i = 0; i < count; i++) {
                String name = prefix + String.format("%05d", i);
                services.images().registerImage(ctx, RegisterImageRequest.builder()
                        .name(name)
                        .description("seeded image " + i)
                        .architecture("x86_64")
                        .rootDeviceName("/dev/xvda")
                        .virtualizationType("hvm")
                        .blockDeviceMappings(m -> m.deviceName("/dev/xvda").ebs(e -> e.snapshotId(snapshot)))
                        .build());
            }
            System.out.println(snapshot);
        }
        System.err.printf("SeedImages: %d images in %s in %.1f s%n", count, region, (System.nanoTime() - started) / 1e9);
    }
}
