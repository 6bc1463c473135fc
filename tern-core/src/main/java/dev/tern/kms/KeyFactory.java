package dev.tern.kms;

import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKey;

/** Makes keys with real 256-bit material, and opens their material: the one place the root key wraps and unwraps. */
final class KeyFactory {
    private final RootKey root;

    KeyFactory(RootKey root) {
        this.root = root;
    }

    /** A new key; symmetric encryption keys get fresh material, other specs are recorded without any. */
    KmsKey create(String account, String region, String description, String keyUsage, String keySpec, String origin,
                  String keyManager, String policy, boolean multiRegion, long now) {
        String keyId = (multiRegion ? "mrk-" + UUID.randomUUID().toString().replace("-", "") : UUID.randomUUID().toString());
        String wrapped = null;
        if (KmsKey.SYMMETRIC_DEFAULT.equals(keySpec) && KmsKey.ENCRYPT_DECRYPT.equals(keyUsage)) {
            byte[] material = Aead.randomBytes(Aead.KEY_BYTES);
            wrapped = Base64.getEncoder().encodeToString(root.wrap(material, KeyArns.keyArn(region, account, keyId)));
            java.util.Arrays.fill(material, (byte) 0);
        }
        return new KmsKey(keyId, account, region, description, keyUsage, keySpec, origin, keyManager, KmsKey.ENABLED,
                null, null, policy, wrapped, multiRegion, now);
    }

    /** The key's material, for one operation; callers must not keep it. */
    SecretKey material(KmsKey key) {
        if (key.wrappedMaterial() == null) {
            throw new IllegalStateException(key.arn() + " has no symmetric key material");
        }
        return Aead.key(root.unwrap(Base64.getDecoder().decode(key.wrappedMaterial()), key.arn()));
    }
}
