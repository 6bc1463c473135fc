package dev.tern.server.ebs;

import static dev.tern.server.testing.TernTestServer.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.testing.TernTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockResponse;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;
import software.amazon.awssdk.services.ebs.model.StartSnapshotResponse;
import software.amazon.awssdk.services.ebs.model.Status;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.SnapshotState;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * "You can use the EBS direct APIs to create EBS snapshots, write data directly to your snapshots, read data on your
 * snapshots": random blocks go in through the SDK's EbsClient and come back byte for byte, with their checksums, and
 * the snapshot is an ordinary EC2 snapshot.
 */
class EbsRoundTripTest {
    @RegisterExtension
    static TernTestServer tern = new TernTestServer();

    @Test
    void randomBlocksRoundTripByteForByte() {
        Random random = new Random(20250115);
        SortedMap<Integer, byte[]> written = new TreeMap<>();
        written.put(0, Uploads.randomBlock(random));
        written.put(16383, Uploads.randomBlock(random));
        while (written.size() < 130) {
            written.put(random.nextInt(16384), Uploads.randomBlock(random));
        }
        try (EbsClient ebs = tern.ebs(ALICE); Ec2Client ec2 = tern.ec2(ALICE)) {
            Instant before = Instant.now().minusSeconds(1);
            StartSnapshotResponse started = ebs.startSnapshot(b -> b.volumeSize(8L).description("round trip")
                    .tags(t -> t.key("Name").value("disk")).timeout(60));
            String id = started.snapshotId();
            assertThat(id).matches("snap-[0-9a-f]{17}");
            assertThat(started.status()).isEqualTo(Status.PENDING);
            assertThat(started.ownerId()).isEqualTo(ALICE);
            assertThat(started.volumeSize()).isEqualTo(8L);
            assertThat(started.blockSize()).isEqualTo(Uploads.BLOCK);
            assertThat(started.description()).isEqualTo("round trip");
            assertThat(started.startTime()).isAfter(before);
            assertThat(started.tags()).singleElement().satisfies(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("Name=disk"));

            Snapshot pending = describe(ec2, id);
            assertThat(pending.state()).isEqualTo(SnapshotState.PENDING);

            written.forEach((index, data) -> Uploads.put(ebs, id, index, data));
            Uploads.complete(ebs, id, written);

            Snapshot done = describe(ec2, id);
            assertThat(done.state()).isEqualTo(SnapshotState.COMPLETED);
            assertThat(done.progress()).isEqualTo("100%");
            assertThat(done.volumeSize()).isEqualTo(8);
            assertThat(done.ownerId()).isEqualTo(ALICE);
            assertThat(done.description()).isEqualTo("round trip");
            assertThat(done.encrypted()).isFalse();
            assertThat(done.tags()).containsExactly(Tag.builder().key("Name").value("disk").build());
            assertThat(done.startTime()).isEqualTo(started.startTime());
            assertThat(done.completionTime()).isNotNull();

            List<Block> listed = Uploads.listAll(ebs, id, 100);
            assertThat(listed).extracting(Block::blockIndex).containsExactlyElementsOf(written.keySet());
            for (Block block : listed) {
                ResponseBytes<GetSnapshotBlockResponse> got = ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(id)
                        .blockIndex(block.blockIndex()).blockToken(block.blockToken()));
                byte[] expected = written.get(block.blockIndex());
                assertThat(got.asByteArrayUnsafe()).isEqualTo(expected);
                assertThat(got.response().checksum()).isEqualTo(Uploads.checksum(expected));
                assertThat(got.response().checksumAlgorithm()).isEqualTo(ChecksumAlgorithm.SHA256);
                assertThat(got.response().dataLength()).isEqualTo(Uploads.BLOCK);
            }
        }
    }

    @Test
    void listSnapshotBlocksPagesAndStartsWhereAsked() {
        Random random = new Random(7);
        SortedMap<Integer, byte[]> written = new TreeMap<>();
        for (int i = 0; i < 105; i++) {
            written.put(i * 3, Uploads.randomBlock(random));
        }
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            written.forEach((index, data) -> Uploads.put(ebs, id, index, data));
            Uploads.complete(ebs, id, written);

            ListSnapshotBlocksResponse first = ebs.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(100));
            assertThat(first.blocks()).hasSize(100);
            assertThat(first.nextToken()).isNotNull();
            assertThat(first.volumeSize()).isEqualTo(1L);
            assertThat(first.blockSize()).isEqualTo(Uploads.BLOCK);
            assertThat(first.expiryTime()).isBetween(Instant.now().plus(Duration.ofDays(7)).minusSeconds(60),
                    Instant.now().plus(Duration.ofDays(7)).plusSeconds(60));
            ListSnapshotBlocksResponse second = ebs.listSnapshotBlocks(b -> b.snapshotId(id).maxResults(100)
                    .nextToken(first.nextToken()).startingBlockIndex(0));
            assertThat(second.blocks()).extracting(Block::blockIndex).containsExactly(300, 303, 306, 309, 312);
            assertThat(second.nextToken()).isNull();

            ListSnapshotBlocksResponse from = ebs.listSnapshotBlocks(b -> b.snapshotId(id).startingBlockIndex(301));
            assertThat(from.blocks()).extracting(Block::blockIndex).containsExactly(303, 306, 309, 312);
            assertThat(from.nextToken()).isNull();
        }
    }

    @Test
    void blocksPutInParallelAllArrive() throws Exception {
        Random random = new Random(16);
        SortedMap<Integer, byte[]> written = new TreeMap<>();
        for (int i = 0; i < 64; i++) {
            written.put(i * 7, Uploads.randomBlock(random));
        }
        try (EbsClient ebs = tern.ebs(ALICE)) {
            String id = ebs.startSnapshot(b -> b.volumeSize(1L)).snapshotId();
            // As coldsnap and tern ebs upload-snapshot do: many blocks in flight on one client.
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> puts = new ArrayList<>();
                written.forEach((index, data) -> puts.add(pool.submit(() -> Uploads.put(ebs, id, index, data))));
                for (Future<?> put : puts) {
                    put.get();
                }
            } finally {
                pool.shutdownNow();
            }
            Uploads.complete(ebs, id, written);
            assertThat(Uploads.listAll(ebs, id, 100)).extracting(Block::blockIndex).containsExactlyElementsOf(written.keySet());
        }
    }

    static Snapshot describe(Ec2Client ec2, String id) {
        return ec2.describeSnapshots(b -> b.snapshotIds(id)).snapshots().get(0);
    }
}
