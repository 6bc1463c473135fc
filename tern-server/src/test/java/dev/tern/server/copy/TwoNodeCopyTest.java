package dev.tern.server.copy;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.blocks.S3ProxyFixture;
import dev.tern.server.testing.ChildServer;
import dev.tern.server.testing.TernTestServer;
import dev.tern.testing.CatalogFixture;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/**
 * Several Tern nodes on one PostgreSQL catalogue and one S3-compatible block store share the copy work through
 * leases: the node running a copy is killed with SIGKILL mid-copy, and the other takes the copy over once the
 * lease has run out and finishes it, block for block equal to its source.
 */
class TwoNodeCopyTest {
    private static final int LEASE_SECONDS = 2;

    @TempDir
    Path dir;

    @Test
    void whenTheNodeRunningACopyDiesAnotherFinishesItAfterItsLeaseRunsOut() throws Exception {
        String catalog = CatalogFixture.freshPostgresDatabase();
        S3ProxyFixture s3 = S3ProxyFixture.shared();
        String bucket = s3.newBucket("tern/two-nodes");
        String[] common = {"--catalog", catalog, "--blocks", bucket, s3.endpoint().toString(), S3ProxyFixture.ACCESS_KEY,
                S3ProxyFixture.SECRET_KEY, "--lease-seconds", Integer.toString(LEASE_SECONDS),
                "--link", "us-west-2,us-east-1,4MiB/s", "--root-key", dir.resolve("root.key").toString()};
        // Nodes sharing a catalogue share its root key; the first start makes it.
        ChildServer a = ChildServer.start(dir.resolve("a.log"), with(common, dir.resolve("a")));
        ChildServer b = ChildServer.start(dir.resolve("b.log"), with(common, dir.resolve("b")));
        try {
            SortedMap<Integer, byte[]> blocks = Disks.randomBlocks(new Random(21), 32);
            String copy;
            try (EbsClient west = ebs(a.endpoint(), "us-west-2"); Ec2Client east = ec2(a.endpoint())) {
                String source = Disks.snapshot(west, blocks, null, null, null);
                copy = east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(source)
                        .destinationRegion("us-east-1")).snapshotId();
                assertThat(CopyCatalog.awaitProgress(east, copy, Duration.ofSeconds(30))).isNotEqualTo("0%");
            }
            String holder = leaseOwner(catalog, copy);
            ChildServer running = holder.equals(a.copyNode()) ? a : b;
            ChildServer other = running == a ? b : a;
            assertThat(holder).isIn(a.copyNode(), b.copyNode());
            running.kill();
            long killed = System.nanoTime();

            try (Ec2Client east = ec2(other.endpoint()); EbsClient eastBlocks = ebs(other.endpoint(), "us-east-1")) {
                Snapshot done = CopyCatalog.awaitSnapshot(east, copy, Duration.ofSeconds(60));
                assertThat(done.state()).isEqualTo(SnapshotState.COMPLETED);
                assertThat(leaseOwner(catalog, copy)).isEqualTo(other.copyNode());
                assertThat((System.nanoTime() - killed) / 1e9).as("seconds to finish after the kill")
                        .isGreaterThanOrEqualTo(LEASE_SECONDS - 0.5);
                Disks.assertSameBlocks(Disks.read(eastBlocks, copy), blocks);
            }
        } finally {
            a.kill();
            b.kill();
        }
    }

    private static String[] with(String[] common, Path dataDir) {
        String[] out = new String[common.length + 2];
        System.arraycopy(common, 0, out, 0, common.length);
        out[common.length] = "--data-dir";
        out[common.length + 1] = dataDir.toString();
        return out;
    }

    private static String leaseOwner(String jdbcUrl, String destSnapshotId) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             ResultSet rs = c.createStatement().executeQuery("SELECT lease_owner FROM copy_tasks WHERE dest_snapshot_id = '"
                     + destSnapshotId + "'")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static Ec2Client ec2(URI endpoint) {
        return Ec2Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(TernTestServer.credentials(ALICE)).httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }

    private static EbsClient ebs(URI endpoint, String region) {
        return EbsClient.builder().endpointOverride(endpoint).region(Region.of(region))
                .credentialsProvider(TernTestServer.credentials(ALICE)).httpClientBuilder(ApacheHttpClient.builder())
                .build();
    }
}
