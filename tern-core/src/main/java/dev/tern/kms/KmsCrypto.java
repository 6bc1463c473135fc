package dev.tern.kms;

import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import org.jdbi.v3.core.Handle;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.ReEncryptRequest;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;

/**
 * The cryptographic operations: Encrypt, Decrypt, ReEncrypt, GenerateDataKey(WithoutPlaintext). Each resolves the
 * key (another account's too, by ARN), checks the key policy and grants, then the key's state and usage, in that
 * order, and only then touches key material.
 */
final class KmsCrypto {
    static final int MAX_PLAINTEXT = 4096;
    static final int MAX_CIPHERTEXT = 6144;

    private final Catalog catalog;
    private final Clock clock;
    private final KeyFactory factory;
    private final KeyAccess access;

    KmsCrypto(Catalog catalog, Clock clock, KeyFactory factory, KeyAccess access) {
        this.catalog = catalog;
        this.clock = clock;
        this.factory = factory;
        this.access = access;
    }

    /** A data key: its plaintext (null when not asked for) and its ciphertext blob under {@code key}. */
    record DataKey(KmsKey key, byte[] plaintext, byte[] ciphertext) {}

    EncryptResponse encrypt(KmsCaller c, EncryptRequest r) {
        KmsValidation.required(r.keyId(), "keyId");
        KmsValidation.required(r.plaintext(), "plaintext");
        byte[] plaintext = r.plaintext().asByteArrayUnsafe();
        if (plaintext.length < 1 || plaintext.length > MAX_PLAINTEXT) {
            throw KmsValidation.invalid("[sensitive]", "plaintext", "Member must have length between 1 and " + MAX_PLAINTEXT);
        }
        requireSymmetricAlgorithm(r.encryptionAlgorithmAsString());
        grantTokens(r.grantTokens());
        KmsKey key = usable(c, r.keyId(), "kms:Encrypt", r.encryptionContext());
        dryRun(r.dryRun());
        return EncryptResponse.builder().keyId(key.arn()).encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)
                .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(seal(key, plaintext, r.encryptionContext()))).build();
    }

    DecryptResponse decrypt(KmsCaller c, DecryptRequest r) {
        requireSymmetricAlgorithm(r.encryptionAlgorithmAsString());
        grantTokens(r.grantTokens());
        Opened o = open(c, r.ciphertextBlob(), r.keyId(), r.encryptionContext(), "kms:Decrypt");
        dryRun(r.dryRun());
        return DecryptResponse.builder().keyId(o.key().arn()).plaintext(SdkBytes.fromByteArrayUnsafe(o.plaintext()))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT).build();
    }

    ReEncryptResponse reEncrypt(KmsCaller c, ReEncryptRequest r) {
        KmsValidation.required(r.destinationKeyId(), "destinationKeyId");
        requireSymmetricAlgorithm(r.sourceEncryptionAlgorithmAsString());
        requireSymmetricAlgorithm(r.destinationEncryptionAlgorithmAsString());
        grantTokens(r.grantTokens());
        Opened o = open(c, r.ciphertextBlob(), r.sourceKeyId(), r.sourceEncryptionContext(), "kms:ReEncryptFrom");
        KmsKey to = usable(c, r.destinationKeyId(), "kms:ReEncryptTo", r.destinationEncryptionContext());
        dryRun(r.dryRun());
        return ReEncryptResponse.builder().sourceKeyId(o.key().arn()).keyId(to.arn())
                .sourceEncryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)
                .destinationEncryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT)
                .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(seal(to, o.plaintext(), r.destinationEncryptionContext())))
                .build();
    }

    GenerateDataKeyResponse generateDataKey(KmsCaller c, GenerateDataKeyRequest r) {
        int bytes = dataKeyBytes(r.numberOfBytes(), r.keySpec(), r.keySpecAsString());
        grantTokens(r.grantTokens());
        if (r.recipient() != null) {
            throw ErrorCode.KmsUnsupportedOperationException.withMessage("Recipient (Nitro Enclaves attestation) is not "
                    + "supported by Tern.");
        }
        DataKey d = dataKey(c, r.keyId(), r.encryptionContext(), bytes, "kms:GenerateDataKey");
        dryRun(r.dryRun());
        return GenerateDataKeyResponse.builder().keyId(d.key().arn()).plaintext(SdkBytes.fromByteArrayUnsafe(d.plaintext()))
                .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(d.ciphertext())).build();
    }

    GenerateDataKeyWithoutPlaintextResponse generateDataKeyWithoutPlaintext(KmsCaller c,
                                                                            GenerateDataKeyWithoutPlaintextRequest r) {
        int bytes = dataKeyBytes(r.numberOfBytes(), r.keySpec(), r.keySpecAsString());
        grantTokens(r.grantTokens());
        DataKey d = dataKey(c, r.keyId(), r.encryptionContext(), bytes, "kms:GenerateDataKeyWithoutPlaintext");
        dryRun(r.dryRun());
        return GenerateDataKeyWithoutPlaintextResponse.builder().keyId(d.key().arn())
                .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(d.ciphertext())).build();
    }

    /** A new random data key of {@code bytes} bytes under the key {@code keyId} names, for {@code action}. */
    DataKey dataKey(KmsCaller c, String keyId, Map<String, String> context, int bytes, String action) {
        KmsKey key = usable(c, keyId, action, context);
        byte[] plaintext = Aead.randomBytes(bytes);
        return new DataKey(key, plaintext, seal(key, plaintext, context));
    }

    /** A ciphertext blob opened, and the key it was under. */
    record Opened(KmsKey key, byte[] plaintext) {}

    /**
     * Opens a ciphertext blob for {@code action}; {@code expectedKeyId}, when given, must name the blob's key.
     */
    Opened open(KmsCaller c, SdkBytes blob, String expectedKeyId, Map<String, String> context, String action) {
        KmsValidation.required(blob, "ciphertextBlob");
        byte[] bytes = blob.asByteArrayUnsafe();
        if (bytes.length < 1 || bytes.length > MAX_CIPHERTEXT) {
            throw KmsValidation.invalid("[sensitive]", "ciphertextBlob", "Member must have length between 1 and " + MAX_CIPHERTEXT);
        }
        KmsValidation.encryptionContext(context);
        Ciphertexts.Parsed parsed = Ciphertexts.parse(bytes);
        if (parsed == null) {
            throw ErrorCode.InvalidCiphertextException.exception();
        }
        KmsKey key = catalog.read(h -> {
            KmsKey k = KeyRepository.find(h, parsed.keyId())
                    .filter(x -> x.region().equals(c.region()) && !x.isDeletedAt(clock.millis()))
                    .orElseThrow(ErrorCode.InvalidCiphertextException::exception);
            if (expectedKeyId != null) {
                KmsKey named = access.resolve(h, c, expectedKeyId, true, false);
                if (!named.keyId().equals(k.keyId())) {
                    throw ErrorCode.IncorrectKeyException.exception();
                }
            }
            access.authorize(h, c, k, action, context);
            return k;
        });
        KeyAccess.requireEnabled(key);
        requireSymmetric(key, action);
        try {
            byte[] plaintext = Aead.open(factory.material(key), bytes, parsed.sealedOffset(),
                    bytes.length - parsed.sealedOffset(), Ciphertexts.aad(key.keyId(), context));
            return new Opened(key, plaintext);
        } catch (Aead.OpenFailed e) {
            throw ErrorCode.InvalidCiphertextException.exception();
        }
    }

    /** The key {@code keyId} names, when the caller may use it for {@code action} and it can do so now. */
    KmsKey usable(KmsCaller c, String keyId, String action, Map<String, String> context) {
        KmsValidation.required(keyId, "keyId");
        KmsValidation.encryptionContext(context);
        KmsKey key = catalog.read(h -> resolveAndAuthorize(h, c, keyId, action, context));
        KeyAccess.requireEnabled(key);
        requireSymmetric(key, action);
        return key;
    }

    private KmsKey resolveAndAuthorize(Handle h, KmsCaller c, String keyId, String action, Map<String, String> context) {
        KmsKey k = access.resolve(h, c, keyId, true, false);
        access.authorize(h, c, k, action, context);
        return k;
    }

    private byte[] seal(KmsKey key, byte[] plaintext, Map<String, String> context) {
        SecretKey material = factory.material(key);
        return Ciphertexts.make(key.keyId(), Aead.seal(material, plaintext, Ciphertexts.aad(key.keyId(), context)));
    }

    private static void requireSymmetric(KmsKey key, String action) {
        if (!key.isSymmetricEncryption()) {
            throw ErrorCode.InvalidKeyUsageException.withMessage(key.arn() + " key usage is " + key.keyUsage() + " and key spec is "
                    + key.keySpec() + ", which is not valid for " + action.substring(4) + "; Tern computes only with "
                    + "symmetric encryption keys.");
        }
    }

    private static void requireSymmetricAlgorithm(String algorithm) {
        if (algorithm != null && !algorithm.equals(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT.toString())) {
            throw ErrorCode.InvalidKeyUsageException.withMessage("The encryption algorithm " + algorithm
                    + " is not valid for a symmetric encryption key.");
        }
    }

    private static int dataKeyBytes(Integer numberOfBytes, DataKeySpec spec, String specText) {
        if ((numberOfBytes == null) == (spec == null)) {
            throw ErrorCode.ValidationException.withMessage("Please specify either number of bytes or key spec.");
        }
        if (numberOfBytes != null) {
            KmsValidation.range(numberOfBytes, "numberOfBytes", 1, 1024);
            return numberOfBytes;
        }
        return switch (spec) {
            case AES_256 -> 32;
            case AES_128 -> 16;
            default -> throw KmsValidation.invalid(specText, "keySpec", "Member must satisfy enum value set: [AES_256, AES_128]");
        };
    }

    private static void grantTokens(List<String> tokens) {
        if (tokens != null && tokens.size() > 10) {
            throw KmsValidation.invalid(tokens.size() + " tokens", "grantTokens", "Member must have length less than or equal to 10");
        }
    }

    static void dryRun(Boolean dryRun) {
        if (Boolean.TRUE.equals(dryRun)) {
            throw ErrorCode.DryRunOperationException.withMessage("The request would have succeeded, but the DryRun option is set.");
        }
    }
}
