package dev.tern.blocks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The SHA-256 of a block of an encrypted snapshot, as the catalogue keeps it: sealed under the snapshot's data key,
 * so that equal blocks of different snapshots and keys do not show equal hashes to whoever reads the catalogue, and
 * a guessed block cannot be confirmed without the key.
 *
 * <p>Sealing is deterministic (SIV: the IV is an HMAC of the checksum, and the checksum is AES-CTR-encrypted under
 * that IV; opening recomputes the IV and compares), so the same block under the same data key seals alike and
 * changed-block comparisons keep working. It is also short enough for the checksum columns: {@code s:} and 59
 * base64 characters. Both keys are derived from the data key, never the data key itself.
 */
public final class SealedChecksums {
    private static final String MARK = "s:";
    private static final int IV_BYTES = 12;
    private static final int SHA_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private SealedChecksums() {}

    /** Whether a stored checksum is sealed (else it is the plain hex SHA-256 of a block in the clear). */
    public static boolean isSealed(String stored) {
        return stored != null && stored.startsWith(MARK);
    }

    /** {@code hex} (a SHA-256) sealed under the data key of {@code sealing}. */
    public static String seal(BlockSealing sealing, String hex) {
        return seal(sealing.key(), hex);
    }

    static String seal(SecretKey dataKey, String hex) {
        byte[] sha = HexFormat.of().parseHex(hex);
        if (sha.length != SHA_BYTES) {
            throw new IllegalArgumentException("a SHA-256 is " + SHA_BYTES + " bytes, not " + sha.length);
        }
        byte[] iv = Arrays.copyOf(hmac(derive(dataKey, "mac"), sha), IV_BYTES);
        byte[] out = Arrays.copyOf(iv, IV_BYTES + SHA_BYTES);
        System.arraycopy(ctr(derive(dataKey, "enc"), iv, sha), 0, out, IV_BYTES, SHA_BYTES);
        return MARK + B64.encodeToString(out);
    }

    /**
     * The hex SHA-256 a sealed checksum holds.
     *
     * @throws BlockIntegrityException when it does not open under {@code dataKey}: it was altered or moved
     */
    public static String open(SecretKey dataKey, String sealed) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(sealed.substring(MARK.length()));
        } catch (IllegalArgumentException e) {
            raw = new byte[0];
        }
        if (!isSealed(sealed) || raw.length != IV_BYTES + SHA_BYTES) {
            throw new BlockIntegrityException("a sealed checksum is malformed");
        }
        byte[] iv = Arrays.copyOf(raw, IV_BYTES);
        byte[] sha = ctr(derive(dataKey, "enc"), iv, Arrays.copyOfRange(raw, IV_BYTES, raw.length));
        byte[] expected = Arrays.copyOf(hmac(derive(dataKey, "mac"), sha), IV_BYTES);
        if (!MessageDigest.isEqual(iv, expected)) {
            throw new BlockIntegrityException("a sealed checksum does not open under its data key");
        }
        return HexFormat.of().formatHex(sha);
    }

    private static byte[] derive(SecretKey dataKey, String purpose) {
        return hmac(dataKey.getEncoded(), ("tern-checksum/1|" + purpose).getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    private static byte[] ctr(byte[] key, byte[] iv12, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            // The 12-byte IV and a 4-byte block counter from zero: 32 bytes never wrap it.
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(Arrays.copyOf(iv12, 16)));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is not available in this JVM", e);
        }
    }
}
