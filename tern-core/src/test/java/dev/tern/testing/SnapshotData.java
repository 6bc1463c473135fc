package dev.tern.testing;

import dev.tern.TernServices;
import dev.tern.account.CallContext;
import dev.tern.blocks.SnapshotBlocks;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.ebs.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.PutSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.StartSnapshotRequest;

/**
 * Completed snapshots with real data for tests and seeders, written through the EBS direct service as a client
 * would: started, one block of random data at index 0, completed. (Tern records no snapshot without its data.)
 */
public final class SnapshotData {
    private SnapshotData() {}

    /** A completed snapshot of the caller's, {@code sizeGiB} large, holding one random block; returns its id. */
    public static String write(TernServices services, CallContext ctx, int sizeGiB, String description) {
        byte[] block = new byte[SnapshotBlocks.BLOCK_SIZE];
        ThreadLocalRandom.current().nextBytes(block);
        String id = services.ebs().startSnapshot(ctx, StartSnapshotRequest.builder().volumeSize((long) sizeGiB)
                .description(description).build()).snapshotId();
        services.ebs().putSnapshotBlock(ctx, PutSnapshotBlockRequest.builder().snapshotId(id).blockIndex(0)
                .dataLength(block.length).checksum(sha256(block)).checksumAlgorithm(ChecksumAlgorithm.SHA256).build(),
                block);
        services.ebs().completeSnapshot(ctx, CompleteSnapshotRequest.builder().snapshotId(id).changedBlocksCount(1)
                .build());
        return id;
    }

    private static String sha256(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
