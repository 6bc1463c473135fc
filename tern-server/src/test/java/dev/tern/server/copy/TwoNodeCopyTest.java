package dev.tern.server.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.blocks.S3ProxyFixture;
import dev.tern.server.testing.ChildServer;
import dev.tern.testing.CatalogFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
            try (EbsClient west = a.ebs("us-west-2"); Ec2Client east = a.ec2("us-east-1")) {
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

            try (Ec2Client east = other.ec2("us-east-1"); EbsClient eastBlocks = other.ebs("us-east-1")) {
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
}
