package dev.tern.kms;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * KMS ciphertext blobs: {@code version (1) || key id || sealed plaintext}. The key id travels in the blob so that
 * Decrypt needs no KeyId, as in AWS; the key id and the encryption context are the AES-GCM associated data, so a
 * blob opens only under its key and with exactly the context it was made with.
 * <p>
 * The key id is written as 16 bytes for a UUID key id and as its 36 ASCII characters (multi-Region keys) after a
 * marker byte, so any key id fits.
 */
final class Ciphertexts {
    private static final byte VERSION = 1;
    private static final byte UUID_ID = 0;
    private static final byte TEXT_ID = 1;

    /** A blob taken apart: which key it names, and where the sealed part starts. */
    record Parsed(String keyId, byte[] blob, int sealedOffset) {}

    private Ciphertexts() {}

    static byte[] make(String keyId, byte[] sealed) {
        byte[] id = idBytes(keyId);
        ByteBuffer b = ByteBuffer.allocate(1 + id.length + sealed.length);
        b.put(VERSION).put(id).put(sealed);
        return b.array();
    }

    /** The blob's parts, or null when it cannot be one of Tern's blobs. */
    static Parsed parse(byte[] blob) {
        if (blob == null || blob.length < 2 || blob[0] != VERSION) {
            return null;
        }
        if (blob[1] == UUID_ID && blob.length >= 18 + Aead.OVERHEAD) {
            ByteBuffer b = ByteBuffer.wrap(blob, 2, 16);
            return new Parsed(new UUID(b.getLong(), b.getLong()).toString(), blob, 18);
        }
        if (blob[1] == TEXT_ID && blob.length >= 3) {
            int len = blob[2] & 0xff;
            if (blob.length >= 3 + len + Aead.OVERHEAD) {
                return new Parsed(new String(blob, 3, len, StandardCharsets.US_ASCII), blob, 3 + len);
            }
        }
        return null;
    }

    /** The associated data of a blob: the key id and the encryption context, canonically (sorted, length-prefixed). */
    static byte[] aad(String keyId, Map<String, String> context) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "tern-kms/1");
        write(out, keyId);
        for (Map.Entry<String, String> e : new TreeMap<>(context == null ? Map.<String, String>of() : context).entrySet()) {
            write(out, e.getKey());
            write(out, e.getValue());
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
        out.writeBytes(b);
    }

    private static byte[] idBytes(String keyId) {
        if (keyId.length() == 36 && keyId.charAt(8) == '-') {
            UUID u = UUID.fromString(keyId);
            return ByteBuffer.allocate(17).put(UUID_ID).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits()).array();
        }
        byte[] text = keyId.getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(2 + text.length).put(TEXT_ID).put((byte) text.length).put(text).array();
    }
}
