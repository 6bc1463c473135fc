package dev.tern.ebs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The checksums of the EBS direct APIs: base64 SHA-256 of a block, and the LINEAR aggregate CompleteSnapshot may
 * carry, "the checksums for each written block in ascending order of their block index, concatenated, then SHA256".
 * AWS's own uploader (coldsnap) concatenates the raw 32-byte digests; a client reading the sentence literally
 * concatenates the base64 texts. Both are exact statements of the same blocks, so both are accepted.
 */
public final class EbsChecksums {
    public static final String ALGORITHM = "SHA256";
    public static final String AGGREGATION = "LINEAR";

    private EbsChecksums() {}

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** What x-amz-Checksum carries for a block: its SHA-256 in base64. */
    public static String base64Sha256(byte[] data) {
        return Base64.getEncoder().encodeToString(sha256(data));
    }

    /** The x-amz-Checksum form of a SHA-256 the catalogue records in hex. */
    static String base64OfHex(String hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    /** The LINEAR aggregate as coldsnap computes it, from the blocks' raw digests in block index order. */
    public static String linear(List<byte[]> digestsInIndexOrder) {
        MessageDigest sha = newSha256();
        digestsInIndexOrder.forEach(sha::update);
        return Base64.getEncoder().encodeToString(sha.digest());
    }

    /** Whether {@code given} is the LINEAR aggregate, in either reading, of blocks whose SHA-256 (hex) are these. */
    static boolean linearMatches(List<String> hexChecksumsInIndexOrder, String given) {
        MessageDigest raw = newSha256();
        MessageDigest text = newSha256();
        for (String hex : hexChecksumsInIndexOrder) {
            raw.update(HexFormat.of().parseHex(hex));
            text.update(base64OfHex(hex).getBytes(StandardCharsets.US_ASCII));
        }
        byte[] expected = given == null ? null : decodeOrNull(given);
        return expected != null && (MessageDigest.isEqual(expected, raw.digest()) || MessageDigest.isEqual(expected, text.digest()));
    }

    static byte[] decodeOrNull(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
