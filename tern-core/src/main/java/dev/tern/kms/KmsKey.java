package dev.tern.kms;

import dev.tern.config.Partition;

/**
 * A KMS key as the catalogue holds it. {@code keyState} is the stored state; {@link #effectiveState} is what it is
 * now: a key whose deletion date has passed is gone.
 */
public record KmsKey(
        String keyId,
        String accountId,
        String region,
        String description,
        String keyUsage,
        String keySpec,
        String origin,
        String keyManager,
        String keyState,
        Long deletionDate,
        Integer pendingWindowDays,
        String policy,
        String wrappedMaterial,
        boolean multiRegion,
        long createdAt) {

    public static final String ENABLED = "Enabled";
    public static final String DISABLED = "Disabled";
    public static final String PENDING_DELETION = "PendingDeletion";
    public static final String SYMMETRIC_DEFAULT = "SYMMETRIC_DEFAULT";
    public static final String ENCRYPT_DECRYPT = "ENCRYPT_DECRYPT";
    public static final String AWS_MANAGED = "AWS";
    public static final String CUSTOMER_MANAGED = "CUSTOMER";

    public String arn() {
        return KeyArns.keyArn(region, accountId, keyId);
    }

    public boolean isAwsManaged() {
        return AWS_MANAGED.equals(keyManager);
    }

    /** A symmetric encryption key: the only kind Tern encrypts with, and the only kind EBS accepts. */
    public boolean isSymmetricEncryption() {
        return SYMMETRIC_DEFAULT.equals(keySpec) && ENCRYPT_DECRYPT.equals(keyUsage);
    }

    public boolean isDeletedAt(long now) {
        return PENDING_DELETION.equals(keyState) && deletionDate != null && deletionDate <= now;
    }

    public String partition() {
        return Partition.ofRegion(region).id();
    }

    KmsKey withState(String state, Long newDeletionDate, Integer newWindow) {
        return new KmsKey(keyId, accountId, region, description, keyUsage, keySpec, origin, keyManager, state,
                newDeletionDate, newWindow, policy, wrappedMaterial, multiRegion, createdAt);
    }
}
