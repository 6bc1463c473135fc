package dev.tern.snapshots;

/**
 * One row of the {@code snapshots} table: an EBS snapshot in one Region. Times are epoch milliseconds.
 * Nullable columns are boxed.
 */
public record SnapshotRow(
        String snapshotId,
        String region,
        String ownerId,
        String volumeId,
        int volumeSize,
        String status,
        String statusMessage,
        String progress,
        long startTime,
        Long completionTime,
        String description,
        boolean encrypted,
        String kmsKeyId,
        String dataEncryptionKeyId,
        String storageTier,
        String outpostArn,
        String transferType,
        Integer completionDurationMinutes,
        String parentSnapshotId,
        Long fullSizeBytes) {

    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";
    public static final String ERROR = "error";

    public boolean isOwnedBy(String accountId) {
        return ownerId.equals(accountId);
    }
}
