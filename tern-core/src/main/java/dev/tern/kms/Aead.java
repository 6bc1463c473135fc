package dev.tern.kms;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM, the one cipher of Tern: key material under the root key, KMS ciphertext blobs, and snapshot blocks.
 * A sealed message is {@code nonce (12) || ciphertext || tag (16)}; the nonce is random, which is safe for far more
 * messages under one key than a snapshot or key can hold (NIST SP 800-38D's 2^32 limit).
 */
public final class Aead {
    public static final int KEY_BYTES = 32;
    public static final int NONCE_BYTES = 12;
    public static final int TAG_BYTES = 16;
    /** How much longer a sealed message is than its plaintext. */
    public static final int OVERHEAD = NONCE_BYTES + TAG_BYTES;
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The data could not be opened: wrong key, wrong associated data, or altered bytes. */
    public static final class OpenFailed extends Exception {
        OpenFailed(String message) {
            super(message);
        }
    }

    private Aead() {}

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public static SecretKey key(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("an AES-256 key is " + KEY_BYTES + " bytes, not " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    public static byte[] seal(SecretKey key, byte[] plaintext, byte[] aad) {
        byte[] nonce = randomBytes(NONCE_BYTES);
        try {
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce));
            c.updateAAD(aad);
            byte[] out = new byte[NONCE_BYTES + c.getOutputSize(plaintext.length)];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            c.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    public static byte[] open(SecretKey key, byte[] sealed, byte[] aad) throws OpenFailed {
        return open(key, sealed, 0, sealed.length, aad);
    }

    /** Opens the sealed message at {@code sealed[offset .. offset+length)}. */
    public static byte[] open(SecretKey key, byte[] sealed, int offset, int length, byte[] aad) throws OpenFailed {
        if (length < OVERHEAD) {
            throw new OpenFailed("the sealed data is too short");
        }
        try {
            Cipher c = Cipher.getInstance(TRANSFORMATION);
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, sealed, offset, NONCE_BYTES));
            c.updateAAD(aad);
            return c.doFinal(sealed, offset + NONCE_BYTES, length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new OpenFailed("the sealed data does not authenticate under this key and associated data");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }
}
