package dev.tern.cli.ebs;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;

/**
 * The checksums of the EBS direct APIs: base64 SHA-256 of each block, and the LINEAR aggregate that
 * CompleteSnapshot checks, computed as AWS's own uploader (coldsnap) does it: SHA-256 over the raw 32-byte
 * digests of the written blocks in ascending block index, then base64.
 */
final class EbsChecksums {
    static final String ALGORITHM = "SHA256";
    static final String AGGREGATION = "LINEAR";

    /** Enough for C2 to take SHA-256 up: a few tenths of a second of hashing on an otherwise idle core. */
    private static final int WARM_UP_BLOCKS = 24;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(EbsChecksums::newSha256);

    private EbsChecksums() {
    }

    /** The raw SHA-256 of the first {@code length} bytes of {@code block}. */
    static byte[] sha256(byte[] block, int length) {
        MessageDigest digest = SHA256.get();
        digest.update(block, 0, length);
        return digest.digest();
    }

    /**
     * Starts hashing a few blocks of zeros on a thread of its own, while the command builds its SDK client. Until C2
     * compiles SHA-256 (into the CPU's SHA instructions) a block costs over ten times as much, and once the workers
     * run, C2's queue is long with the SDK's code: without this, blocks went on being hashed slowly for seconds.
     */
    static void warmUpInBackground() {
        Thread.ofPlatform().name("tern-sha256-warm-up").daemon().start(() -> {
            byte[] zeros = new byte[EbsBlocks.BLOCK_SIZE];
            for (int i = 0; i < WARM_UP_BLOCKS; i++) {
                sha256(zeros, zeros.length);
            }
        });
    }

    static String base64(byte[] digest) {
        return Base64.getEncoder().encodeToString(digest);
    }

    /** @param digests raw 32-byte digests, already in ascending block index */
    static String linearAggregate(Collection<byte[]> digests) {
        MessageDigest aggregate = newSha256();
        for (byte[] d : digests) {
            aggregate.update(d);
        }
        return base64(aggregate.digest());
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
