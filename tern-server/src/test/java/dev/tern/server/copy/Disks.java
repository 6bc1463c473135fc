package dev.tern.server.copy;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.ImageState;

/** Snapshots with real blocks, written and read back through the EBS direct APIs, for the copy tests. */
final class Disks {
    static final int BLOCK = 512 * 1024;

    private Disks() {}

    static byte[] randomBlock(Random random) {
        byte[] b = new byte[BLOCK];
        random.nextBytes(b);
        return b;
    }

    /** {@code count} random blocks at random indexes of a 1 GiB volume. */
    static SortedMap<Integer, byte[]> randomBlocks(Random random, int count) {
        SortedMap<Integer, byte[]> blocks = new TreeMap<>();
        while (blocks.size() < count) {
            blocks.put(random.nextInt(2048), randomBlock(random));
        }
        return blocks;
    }

    /** Starts a snapshot (with {@code encrypted} and {@code kmsKeyArn} when given), writes the blocks, completes it. */
    static String snapshot(EbsClient ebs, Map<Integer, byte[]> blocks, String parent, Boolean encrypted,
            String kmsKeyArn) {
        String id = ebs.startSnapshot(b -> b.volumeSize(1L).parentSnapshotId(parent).encrypted(encrypted)
                .kmsKeyArn(kmsKeyArn)).snapshotId();
        blocks.forEach((index, data) -> ebs.putSnapshotBlock(b -> b.snapshotId(id).blockIndex(index)
                        .dataLength(BLOCK).checksum(checksum(data)).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromBytes(data)));
        ebs.completeSnapshot(b -> b.snapshotId(id).changedBlocksCount(blocks.size()));
        return id;
    }

    /** Every written block of a snapshot, read back with GetSnapshotBlock. */
    static SortedMap<Integer, byte[]> read(EbsClient ebs, String snapshotId) {
        SortedMap<Integer, byte[]> out = new TreeMap<>();
        String token = null;
        do {
            String page = token;
            ListSnapshotBlocksResponse r = ebs.listSnapshotBlocks(b -> b.snapshotId(snapshotId).maxResults(1000)
                    .nextToken(page));
            for (Block block : r.blocks()) {
                out.put(block.blockIndex(), ebs.getSnapshotBlockAsBytes(b -> b.snapshotId(snapshotId)
                        .blockIndex(block.blockIndex()).blockToken(block.blockToken())).asByteArray());
            }
            token = r.nextToken();
        } while (token != null);
        return out;
    }

    static void assertSameBlocks(SortedMap<Integer, byte[]> actual, SortedMap<Integer, byte[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((i, data) -> assertThat(actual.get(i)).as("block %d", i).isEqualTo(data));
    }

    static String checksum(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String registerImage(Ec2Client ec2, String name, String... snapshots) {
        return ec2.registerImage(r -> {
            r.name(name).architecture("x86_64").virtualizationType("hvm").rootDeviceName("/dev/xvda");
            var mappings = new java.util.ArrayList<software.amazon.awssdk.services.ec2.model.BlockDeviceMapping>();
            for (int i = 0; i < snapshots.length; i++) {
                String snapshot = snapshots[i];
                String device = i == 0 ? "/dev/xvda" : "/dev/xvd" + (char) ('b' + i - 1);
                mappings.add(software.amazon.awssdk.services.ec2.model.BlockDeviceMapping.builder().deviceName(device)
                        .ebs(e -> e.snapshotId(snapshot)).build());
            }
            r.blockDeviceMappings(mappings);
        }).imageId();
    }

    /** Waits for an image to leave pending and returns it as then described. */
    static Image awaitImage(Ec2Client ec2, String imageId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Image image = ec2.describeImages(r -> r.imageIds(imageId)).images().get(0);
            if (image.state() != ImageState.PENDING || System.nanoTime() > deadline) {
                return image;
            }
            Thread.sleep(50);
        }
    }
}
