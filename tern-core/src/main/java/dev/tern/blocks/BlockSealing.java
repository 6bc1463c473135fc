package dev.tern.blocks;

import dev.tern.kms.Aead;
import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;

/**
 * How the blocks an encrypted snapshot writes are sealed: AES-256-GCM under the snapshot's data key, with the data
 * key's id, the sealing snapshot and the block index as associated data, so a sealed block cannot be read under
 * another key, moved to another index, or swapped for another snapshot's block, without failing to open. A child
 * snapshot reads the blocks it inherited with the data key and snapshot they were sealed for, which the catalogue
 * records with each stored object.
 */
public record BlockSealing(String dataKeyId, SecretKey key, String sealedFor) {
    /** Marks the object fingerprint of a sealed block in the catalogue: its GCM tag, not a SHA-256. */
    static final String TAG_MARK = "gcm:";

    byte[] seal(int blockIndex, byte[] data) {
        return Aead.seal(key, data, aad(dataKeyId, sealedFor, blockIndex));
    }

    static byte[] open(SecretKey key, String dataKeyId, String sealedFor, int blockIndex, byte[] sealed) throws Aead.OpenFailed {
        return Aead.open(key, sealed, aad(dataKeyId, sealedFor, blockIndex));
    }

    private static byte[] aad(String dataKeyId, String sealedFor, int blockIndex) {
        return ("tern-block/1|" + dataKeyId + "|" + sealedFor + "|" + blockIndex).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "BlockSealing[" + dataKeyId + " for " + sealedFor + "]";
    }
}
