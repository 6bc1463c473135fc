package dev.tern.server.copy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.testing.ChildServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;

/**
 * Killing the server does not lose a copy: ten copies run at once over a simulated link, the server is killed with
 * SIGKILL at ten random moments and restarted on the same data directory each time; afterwards every copy has
 * completed, resumed from its last recorded block (each block was recorded as moved exactly once), every
 * destination block equals its source block, and no stored object is left that the catalogue does not hold.
 */
class CopyCrashTest {
    private static final int COPIES = 10;
    private static final int BLOCKS = 16;
    private static final int KILLS = 10;

    @TempDir
    Path dir;

    @Test
    void everyCopySurvivesSigkillAtRandomMomentsAndEndsBlockForBlockEqual() throws Exception {
        Path data = dir.resolve("data");
        String[] args = {"--data-dir", data.toString(), "--link", "us-west-2,us-east-1,2MiB/s"};
        Random random = new Random(11);
        Map<String, Map<Integer, String>> sourceHashes = new HashMap<>();
        List<String> copies = new ArrayList<>();
        ChildServer server = ChildServer.start(dir.resolve("server-0.log"), args);
        try (EbsClient west = server.ebs("us-west-2"); Ec2Client east = server.ec2("us-east-1")) {
            for (int i = 0; i < COPIES; i++) {
                SortedMap<Integer, byte[]> blocks = Disks.randomBlocks(random, BLOCKS);
                String source = Disks.snapshot(west, blocks, null, null, null);
                Map<Integer, String> hashes = new HashMap<>();
                blocks.forEach((index, bytes) -> hashes.put(index, Disks.checksum(bytes)));
                sourceHashes.put(source, hashes);
            }
            for (String source : sourceHashes.keySet()) {
                copies.add(east.copySnapshot(r -> r.sourceRegion("us-west-2").sourceSnapshotId(source)
                        .destinationRegion("us-east-1")).snapshotId());
            }
        }
        List<String> sources = new ArrayList<>(sourceHashes.keySet());
        int killedDuringCopies = 0;
        long lastStart = System.nanoTime();
        for (int kill = 1; kill <= KILLS; kill++) {
            Thread.sleep(150 + random.nextInt(900));
            boolean pending = anyPending(server, copies);
            server.kill();
            killedDuringCopies += pending ? 1 : 0;
            server = ChildServer.start(dir.resolve("server-" + kill + ".log"), args);
            lastStart = System.nanoTime();
        }
        System.out.println("CopyCrashTest: " + killedDuringCopies + " of " + KILLS + " kills hit pending copies");
        assertThat(killedDuringCopies).as("kills that hit pending copies").isGreaterThanOrEqualTo(5);
        try (EbsClient eastBlocks = server.ebs("us-east-1"); Ec2Client east = server.ec2("us-east-1")) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (anyPending(server, copies) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            for (String copy : copies) {
                Snapshot s = east.describeSnapshots(r -> r.snapshotIds(copy)).snapshots().get(0);
                assertThat(s.state()).as("copy %s", copy).isEqualTo(SnapshotState.COMPLETED);
                String source = s.description().replaceAll(".*Copied (snap-[0-9a-f]+) from.*", "$1");
                assertThat(sources).contains(source);
                Map<Integer, String> actual = new HashMap<>();
                Disks.read(eastBlocks, copy).forEach((index, bytes) -> actual.put(index, Disks.checksum(bytes)));
                assertThat(actual).as("blocks of %s, a copy of %s", copy, source).isEqualTo(sourceHashes.get(source));
            }
            // Objects stored by batches a kill cut off are orphans; the start-up sweep removes them 5 s after start.
            Thread.sleep(Math.max(0, 7000 - (System.nanoTime() - lastStart) / 1_000_000));
        } finally {
            server.kill();
        }
        // Each recorded batch counted its bytes once: a copy restarted from zero would have counted some twice.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("catalog.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT bytes_moved, data_bytes, state FROM copy_tasks")) {
            int tasks = 0;
            while (rs.next()) {
                tasks++;
                assertThat(rs.getString(3)).isEqualTo("COMPLETED");
                assertThat(rs.getLong(1)).isEqualTo(rs.getLong(2)).isEqualTo((long) BLOCKS * Disks.BLOCK);
            }
            assertThat(tasks).isEqualTo(COPIES);
            // No block is leaked: every object in the block store is one the catalogue holds.
            ResultSet stored = c.createStatement().executeQuery("SELECT COUNT(*) FROM stored_blocks");
            stored.next();
            long objects;
            try (var files = Files.walk(data.resolve("blocks"))) {
                objects = files.filter(Files::isRegularFile)
                        .filter(f -> !f.toString().contains(".incoming")).count();
            }
            assertThat(objects).as("objects in the block store").isEqualTo(stored.getLong(1));
        }
        assertThat(Files.exists(data)).isTrue();
    }

    private static boolean anyPending(ChildServer server, List<String> copies) {
        try (Ec2Client ec2 = server.ec2("us-east-1")) {
            return ec2.describeSnapshots(r -> r.snapshotIds(copies)).snapshots().stream()
                    .anyMatch(s -> s.state() == SnapshotState.PENDING);
        }
    }
}
