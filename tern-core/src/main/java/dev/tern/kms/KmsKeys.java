package dev.tern.kms;

import dev.tern.catalog.Catalog;
import dev.tern.error.ErrorCode;
import dev.tern.iam.policy.Policy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.CreateKeyRequest;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DescribeKeyRequest;
import software.amazon.awssdk.services.kms.model.DescribeKeyResponse;
import software.amazon.awssdk.services.kms.model.DisableKeyRequest;
import software.amazon.awssdk.services.kms.model.DisableKeyResponse;
import software.amazon.awssdk.services.kms.model.EnableKeyRequest;
import software.amazon.awssdk.services.kms.model.EnableKeyResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.ListKeysRequest;
import software.amazon.awssdk.services.kms.model.ListKeysResponse;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionRequest;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/** The life of a key: CreateKey, DescribeKey, ListKeys, Enable/DisableKey, key deletion, and its key policy. */
final class KmsKeys {
    static final int MIN_DELETION_DAYS = 7;
    static final int MAX_DELETION_DAYS = 30;
    static final int MAX_POLICY_LENGTH = 32768;

    private final Catalog catalog;
    private final Clock clock;
    private final KeyFactory factory;
    private final KeyAccess access;
    private final KmsTags tags;

    KmsKeys(Catalog catalog, Clock clock, KeyFactory factory, KeyAccess access, KmsTags tags) {
        this.catalog = catalog;
        this.clock = clock;
        this.factory = factory;
        this.access = access;
        this.tags = tags;
    }

    CreateKeyResponse create(KmsCaller c, CreateKeyRequest r) {
        KmsValidation.length(r.description(), "description", 0, 8192);
        KmsValidation.length(r.policy(), "policy", 1, MAX_POLICY_LENGTH);
        String spec = keySpec(r);
        String usage = r.keyUsage() == null ? KmsKey.ENCRYPT_DECRYPT : r.keyUsageAsString();
        if (r.keyUsage() == KeyUsageType.UNKNOWN_TO_SDK_VERSION) {
            throw KmsValidation.invalid(usage, "keyUsage", "Member must satisfy enum value set: " + KeyUsageType.knownValues());
        }
        requireUsageFits(spec, usage);
        String origin = r.origin() == null ? OriginType.AWS_KMS.toString() : r.originAsString();
        if (!OriginType.AWS_KMS.toString().equals(origin)) {
            throw ErrorCode.KmsUnsupportedOperationException.withMessage("Tern makes its own key material: Origin "
                    + origin + " (imported or external key stores) is not supported.");
        }
        String policy = r.policy() == null ? KeyPolicy.defaultFor(c.partition(), c.accountId()) : r.policy();
        Policy compiled = KeyPolicy.parse(policy);
        tags.validate(r.tags());
        KmsKey key = factory.create(c.accountId(), c.region(), r.description() == null ? "" : r.description(), usage, spec,
                origin, KmsKey.CUSTOMER_MANAGED, policy, Boolean.TRUE.equals(r.multiRegion()), clock.millis());
        if (r.policy() != null && !Boolean.TRUE.equals(r.bypassPolicyLockoutSafetyCheck())) {
            requireNoLockout(c, key.arn(), compiled);
        }
        catalog.useTransaction(h -> {
            KeyRepository.insert(h, key);
            tags.put(h, key.keyId(), r.tags());
        });
        return CreateKeyResponse.builder().keyMetadata(metadata(key)).build();
    }

    DescribeKeyResponse describe(KmsCaller c, DescribeKeyRequest r) {
        // Naming alias/aws/ebs before it exists is how services make their AWS managed key: so it writes.
        KmsKey key = catalog.inTransaction(h -> {
            KmsKey k = access.resolve(h, c, r.keyId(), true, true);
            access.authorize(h, c, k, "kms:DescribeKey", null);
            return k;
        });
        return DescribeKeyResponse.builder().keyMetadata(metadata(key)).build();
    }

    ListKeysResponse list(KmsCaller c, ListKeysRequest r) {
        KmsValidation.Page page = KmsValidation.page("keys", r.limit(), r.marker(), 1000, 100);
        long now = clock.millis();
        List<KmsKey> keys = catalog.read(h -> KeyRepository.list(h, c.accountId(), c.region(), page.after(), page.limit() + 1));
        boolean more = keys.size() > page.limit();
        List<KmsKey> shown = more ? keys.subList(0, page.limit()) : keys;
        ListKeysResponse.Builder b = ListKeysResponse.builder().truncated(more)
                .keys(shown.stream().filter(k -> !k.isDeletedAt(now))
                        .map(k -> KeyListEntry.builder().keyId(k.keyId()).keyArn(k.arn()).build()).toList());
        if (more) {
            b.nextMarker(KmsValidation.marker("keys", shown.get(shown.size() - 1).keyId()));
        }
        return b.build();
    }

    EnableKeyResponse enable(KmsCaller c, EnableKeyRequest r) {
        changeState(c, r.keyId(), "kms:EnableKey", k -> {
            if (KmsKey.PENDING_DELETION.equals(k.keyState())) {
                throw KeyAccess.invalidState(k);
            }
            return k.withState(KmsKey.ENABLED, null, null);
        });
        return EnableKeyResponse.builder().build();
    }

    DisableKeyResponse disable(KmsCaller c, DisableKeyRequest r) {
        changeState(c, r.keyId(), "kms:DisableKey", k -> {
            if (KmsKey.PENDING_DELETION.equals(k.keyState())) {
                throw KeyAccess.invalidState(k);
            }
            return k.withState(KmsKey.DISABLED, null, null);
        });
        return DisableKeyResponse.builder().build();
    }

    ScheduleKeyDeletionResponse scheduleDeletion(KmsCaller c, ScheduleKeyDeletionRequest r) {
        int days = r.pendingWindowInDays() == null ? MAX_DELETION_DAYS : r.pendingWindowInDays();
        KmsValidation.range(days, "pendingWindowInDays", MIN_DELETION_DAYS, MAX_DELETION_DAYS);
        long when = clock.millis() + Duration.ofDays(days).toMillis();
        KmsKey key = changeState(c, r.keyId(), "kms:ScheduleKeyDeletion", k -> {
            if (KmsKey.PENDING_DELETION.equals(k.keyState())) {
                throw KeyAccess.invalidState(k);
            }
            return k.withState(KmsKey.PENDING_DELETION, when, days);
        });
        return ScheduleKeyDeletionResponse.builder().keyId(key.arn()).deletionDate(Instant.ofEpochMilli(when))
                .keyState(KmsKey.PENDING_DELETION).pendingWindowInDays(days).build();
    }

    CancelKeyDeletionResponse cancelDeletion(KmsCaller c, CancelKeyDeletionRequest r) {
        // A key whose deletion is cancelled comes back disabled, as in AWS.
        KmsKey key = changeState(c, r.keyId(), "kms:CancelKeyDeletion", k -> {
            if (!KmsKey.PENDING_DELETION.equals(k.keyState())) {
                throw KeyAccess.invalidState(k);
            }
            return k.withState(KmsKey.DISABLED, null, null);
        });
        return CancelKeyDeletionResponse.builder().keyId(key.arn()).build();
    }

    GetKeyPolicyResponse getPolicy(KmsCaller c, GetKeyPolicyRequest r) {
        requireDefaultPolicyName(r.policyName());
        KmsKey key = catalog.read(h -> {
            KmsKey k = access.resolve(h, c, r.keyId(), false, false);
            access.authorize(h, c, k, "kms:GetKeyPolicy", null);
            return k;
        });
        return GetKeyPolicyResponse.builder().policy(key.policy()).policyName("default").build();
    }

    PutKeyPolicyResponse putPolicy(KmsCaller c, PutKeyPolicyRequest r) {
        requireDefaultPolicyName(r.policyName());
        KmsValidation.required(r.policy(), "policy");
        KmsValidation.length(r.policy(), "policy", 1, MAX_POLICY_LENGTH);
        Policy compiled = KeyPolicy.parse(r.policy());
        catalog.useTransaction(h -> {
            KmsKey k = access.resolve(h, c, r.keyId(), false, false);
            access.authorize(h, c, k, "kms:PutKeyPolicy", null);
            if (!Boolean.TRUE.equals(r.bypassPolicyLockoutSafetyCheck())) {
                requireNoLockout(c, k.arn(), compiled);
            }
            KeyRepository.updatePolicy(h, k.keyId(), r.policy());
        });
        access.changed();
        return PutKeyPolicyResponse.builder().build();
    }

    private KmsKey changeState(KmsCaller c, String keyId, String action, java.util.function.UnaryOperator<KmsKey> change) {
        KmsKey result = catalog.inTransaction(h -> {
            KmsKey k = access.resolve(h, c, keyId, false, false);
            access.authorize(h, c, k, action, null);
            KmsKey changed = change.apply(k);
            KeyRepository.updateState(h, changed);
            return changed;
        });
        access.changed();
        return result;
    }

    /** AWS's lockout safety check: a new policy must still let the caller change the policy later. */
    private static void requireNoLockout(KmsCaller c, String keyArn, Policy policy) {
        if (!KeyAccess.allowsPolicyChanges(c, keyArn, policy)) {
            throw ErrorCode.MalformedPolicyDocumentException.withMessage("The new key policy will not allow you to update "
                    + "the key policy in the future.");
        }
    }

    private static void requireDefaultPolicyName(String name) {
        if (name != null && !name.equals("default")) {
            throw ErrorCode.KmsNotFoundException.withMessage("No such policy exists");
        }
    }

    private static String keySpec(CreateKeyRequest r) {
        String spec = r.keySpec() != null ? r.keySpecAsString()
                : r.customerMasterKeySpec() != null ? r.customerMasterKeySpecAsString() : KmsKey.SYMMETRIC_DEFAULT;
        if (r.keySpec() != null && r.customerMasterKeySpec() != null && !r.keySpecAsString().equals(r.customerMasterKeySpecAsString())) {
            throw ErrorCode.ValidationException.withMessage("You cannot specify KeySpec and CustomerMasterKeySpec with "
                    + "different values.");
        }
        if (KeySpec.fromValue(spec) == KeySpec.UNKNOWN_TO_SDK_VERSION) {
            throw KmsValidation.invalid(spec, "keySpec", "Member must satisfy enum value set: " + KeySpec.knownValues());
        }
        return spec;
    }

    /** Which usages each family of key spec can have (KMS's key spec reference). */
    private static void requireUsageFits(String spec, String usage) {
        boolean fits = switch (spec.split("_")[0]) {
            case "SYMMETRIC" -> usage.equals("ENCRYPT_DECRYPT");
            case "HMAC" -> usage.equals("GENERATE_VERIFY_MAC");
            case "RSA" -> usage.equals("ENCRYPT_DECRYPT") || usage.equals("SIGN_VERIFY");
            case "SM2" -> !usage.equals("GENERATE_VERIFY_MAC");
            case "ECC" -> usage.equals("SIGN_VERIFY") || (usage.equals("KEY_AGREEMENT") && !spec.equals("ECC_SECG_P256K1"));
            default -> usage.equals("SIGN_VERIFY");
        };
        if (!fits) {
            throw ErrorCode.ValidationException.withMessage("KeyUsage " + usage + " is not compatible with KeySpec " + spec);
        }
    }

    static KeyMetadata metadata(KmsKey k) {
        KeyMetadata.Builder b = KeyMetadata.builder().awsAccountId(k.accountId()).keyId(k.keyId()).arn(k.arn())
                .creationDate(Instant.ofEpochMilli(k.createdAt())).enabled(KmsKey.ENABLED.equals(k.keyState()))
                .description(k.description()).keyUsage(k.keyUsage()).keyState(k.keyState()).origin(k.origin())
                .keyManager(k.keyManager()).customerMasterKeySpec(k.keySpec()).keySpec(k.keySpec())
                .multiRegion(k.multiRegion());
        if (k.deletionDate() != null) {
            b.deletionDate(Instant.ofEpochMilli(k.deletionDate())).pendingDeletionWindowInDays(k.pendingWindowDays());
        }
        if (k.isSymmetricEncryption()) {
            b.encryptionAlgorithms(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        } else if (k.keySpec().startsWith("RSA") && k.keyUsage().equals("ENCRYPT_DECRYPT")) {
            b.encryptionAlgorithms(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1, EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256);
        } else if (k.keyUsage().equals("SIGN_VERIFY") && k.keySpec().startsWith("RSA")) {
            b.signingAlgorithms(SigningAlgorithmSpec.RSASSA_PSS_SHA_256, SigningAlgorithmSpec.RSASSA_PKCS1_V1_5_SHA_256);
        } else if (k.keyUsage().equals("SIGN_VERIFY") && k.keySpec().startsWith("ECC_NIST_P")) {
            b.signingAlgorithms(SigningAlgorithmSpec.ECDSA_SHA_256);
        }
        return b.build();
    }
}
