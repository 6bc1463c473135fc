package dev.tern.server.ebs;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.TernServices;
import dev.tern.server.testing.TernTestServer;
import dev.tern.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;

/**
 * What time does to the EBS direct APIs, on a server whose clock the test moves: "block tokens are valid for seven
 * days, next tokens for 60 minutes", and "the snapshot moves to an error state if there are no put or complete
 * requests made for the snapshot within the specified timeout period".
 */
class EbsTimeTest {
    static final MutableClock clock = new MutableClock(Instant.now());

    @RegisterExtension
    static TernTestServer tern = new TernTestServer(UnaryOperator.identity(), clock);

    private final Random random = new Random(5);

    @Test
    void aBlockTokenExpiresAfterSevenDays() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            SortedMap<Integer, byte[]> blocks = new TreeMap<>(Map.of(3, Uploads.randomBlock(random)));
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            Uploads.putAll(ebs, id, blocks);
            Uploads.complete(ebs, id, blocks);
            Block block = ebs.listSnapshotBlocks(b -> b.snapshotId(id)).blocks().get(0);

            clock.advance(Duration.ofDays(7).minusMinutes(1));
            assertThat(ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(3).blockToken(block.blockToken()))
                    .asByteArray()).isEqualTo(blocks.get(3));
            clock.advance(Duration.ofMinutes(2));
            EbsRefusalTest.assertValidation(() -> ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(3)
                    .blockToken(block.blockToken())), "INVALID_BLOCK_TOKEN");

            Block fresh = ebs.listSnapshotBlocks(b -> b.snapshotId(id)).blocks().get(0);
            assertThat(ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(id).blockIndex(3).blockToken(fresh.blockToken()))
                    .asByteArray()).isEqualTo(blocks.get(3));
        }
    }

    @Test
    void aNextTokenExpiresAfterSixtyMinutes() {
        try (EbsClient ebs = tern.ebs(ALICE)) {
            // The same content at every index: one stored object, 101 listed blocks.
            byte[] data = Uploads.randomBlock(random);
            SortedMap<Integer, byte[]> blocks = new TreeMap<>();
            for (int i = 0; i < 101; i++) {
                blocks.put(i, data);
            }
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            Uploads.putAll(ebs, id, blocks);
            Uploads.complete(ebs, id, blocks);
            ListSnapshotBlocksResponse first = ebs.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(100));
            assertThat(first.nextToken()).isNotNull();

            clock.advance(Duration.ofMinutes(59));
            assertThat(ebs.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(100).nextToken(first.nextToken())).blocks())
                    .extracting(Block::blockIndex).containsExactly(100);
            clock.advance(Duration.ofMinutes(2));
            EbsRefusalTest.assertValidation(() -> ebs.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(100)
                    .nextToken(first.nextToken())), "INVALID_PAGE_TOKEN");
        }
    }

    @Test
    void anIdleSnapshotPassesItsTimeoutIntoError() throws InterruptedException {
        try (EbsClient ebs = tern.ebs(ALICE); Ec2Client ec2 = tern.ec2SigningByServerClock(ALICE, "us-east-1")) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L).timeout(10)).snapshotId();
            clock.advance(Duration.ofMinutes(9));
            // A write restarts the Timeout.
            Uploads.put(ebs, id, 0, Uploads.randomBlock(random));
            clock.advance(Duration.ofMinutes(9));
            Thread.sleep(TernServices.TIMEOUT_SWEEP_EVERY.toMillis() + 1000);
            assertThat(describe(ec2, id).stateAsString()).isEqualTo("pending");

            clock.advance(Duration.ofMinutes(2));
            Snapshot errored = awaitState(ec2, id, "error");
            assertThat(errored.stateMessage()).contains("Timeout of 10 minutes");
            assertThat(tern.app().services().snapshotBlocks().count(id)).isZero();
            EbsRefusalTest.assertValidation(() -> Uploads.put(ebs, id, 1, Uploads.randomBlock(random)), "WRITE_REQUEST_TIMEOUT");
            EbsRefusalTest.assertValidation(() -> ebs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(1)),
                    "WRITE_REQUEST_TIMEOUT");
            assertThat(tern.app().services().snapshotBlocks().count(id)).isZero();
        }
    }

    @Test
    void aWriteAfterTheTimeoutIsRefusedEvenBeforeTheSweep() {
        try (EbsClient ebs = tern.ebs(ALICE); Ec2Client ec2 = tern.ec2SigningByServerClock(ALICE, "us-east-1")) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L).timeout(10)).snapshotId();
            clock.advance(Duration.ofMinutes(11));
            EbsRefusalTest.assertValidation(() -> Uploads.put(ebs, id, 0, Uploads.randomBlock(random)), "WRITE_REQUEST_TIMEOUT");
            assertThat(describe(ec2, id).stateAsString()).isEqualTo("error");
            assertThat(tern.app().services().snapshotBlocks().count(id)).isZero();
        }
    }

    private static Snapshot awaitState(Ec2Client ec2, String id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Snapshot s = describe(ec2, id);
        while (!state.equals(s.stateAsString()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            s = describe(ec2, id);
        }
        return s;
    }

    private static Snapshot describe(Ec2Client ec2, String id) {
        return ec2.describeSnapshots(b -> b.snapshotIds(id)).snapshots().get(0);
    }
}
