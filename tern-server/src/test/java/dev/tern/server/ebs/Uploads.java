package dev.tern.server.ebs;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.ebs.EbsClient;
import software.amazon.awssdk.services.ebs.model.Block;
import software.amazon.awssdk.services.ebs.model.ChecksumAggregationMethod;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksResponse;

/** What a client of the EBS direct APIs does, as AWS documents it and coldsnap does it, for the tests to reuse. */
final class Uploads {
    static final int BLOCK = 512 * 1024;

    private Uploads() {}

    static byte[] randomBlock(Random random) {
        byte[] data = new byte[BLOCK];
        random.nextBytes(data);
        return data;
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String checksum(byte[] data) {
        return Base64.getEncoder().encodeToString(sha256(data));
    }

    static void put(EbsClient ebs, String snapshotId, int index, byte[] data) {
        ebs.putSnapshotBlock(b -> b.snapshotId(snapshotId).blockIndex(index).dataLength(data.length)
                .checksum(checksum(data)).checksumAlgorithm(ChecksumAlgorithm.SHA256), RequestBody.fromBytes(data));
    }

    /** The LINEAR aggregate as coldsnap makes it: SHA-256 over the raw digests of the written blocks, by index. */
    static String aggregate(SortedMap<Integer, byte[]> written) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            written.values().forEach(d -> sha.update(sha256(d)));
            return Base64.getEncoder().encodeToString(sha.digest());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void complete(EbsClient ebs, String snapshotId, SortedMap<Integer, byte[]> written) {
        ebs.completeSnapshot(b -> b.snapshotId(snapshotId).changedBlocksCount(written.size())
                .checksum(aggregate(written)).checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumAggregationMethod(ChecksumAggregationMethod.LINEAR));
    }

    /** Every block of a snapshot, following NextToken, {@code pageSize} at a time. */
    static List<Block> listAll(EbsClient ebs, String snapshotId, int pageSize) {
        List<Block> out = new ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListSnapshotBlocksResponse page = ebs.listSnapshotBlocks(b -> b.snapshotId(snapshotId).maxResults(pageSize)
                    .nextToken(next));
            out.addAll(page.blocks());
            token = page.nextToken();
        } while (token != null);
        return out;
    }

    static void putAll(EbsClient ebs, String snapshotId, Map<Integer, byte[]> blocks) {
        blocks.forEach((index, data) -> put(ebs, snapshotId, index, data));
    }
}
