package dev.tern.copy;

/**
 * One row of {@code copy_tasks} (V6__copies.sql): the copy of one source snapshot into one destination snapshot.
 * Rows are read by column name (JDBI's constructor mapper) and made through {@link NewCopyTask}.
 */
public record CopyTask(
        String taskId,
        String imageId,
        String ownerId,
        String sourceRegion,
        String sourceSnapshotId,
        String destRegion,
        String destSnapshotId,
        String destOutpostArn,
        boolean encrypted,
        String requestedKmsKey,
        CopyTaskState state,
        CopyMode mode,
        String baseSnapshotId,
        String baseSourceSnapshotId,
        int nextBlock,
        long blocksTotal,
        long blocksDone,
        long bytesMoved,
        long dataBytes,
        Integer completionDurationMinutes,
        Long reservedBytesPerSecond,
        Long deadline,
        String leaseOwner,
        long leaseEpoch,
        long leaseUntil,
        long createdAt,
        Long finishedAt,
        String failureCode,
        String failureMessage) {

    public boolean isTimeBased() {
        return completionDurationMinutes != null;
    }

    /** Progress as DescribeSnapshots shows it: whole percent, 100% only once completed. */
    public String progress() {
        if (state == CopyTaskState.COMPLETED) {
            return "100%";
        }
        if (blocksTotal <= 0) {
            return "0%";
        }
        return Math.min(99, blocksDone * 100 / blocksTotal) + "%";
    }
}
