package dev.tern.copy;

import static java.util.Objects.requireNonNull;

/** What a copy request records for each destination snapshot, set by name; the rest of the row starts empty. */
final class NewCopyTask {
    String taskId;
    String imageId;
    String ownerId;
    String sourceRegion;
    String sourceSnapshotId;
    String destRegion;
    String destSnapshotId;
    String destOutpostArn;
    boolean encrypted;
    String requestedKmsKey;
    long dataBytes;
    Integer completionDurationMinutes;
    Long reservedBytesPerSecond;
    Long deadline;
    long createdAt;

    /** The values by the names the insert binds. */
    java.util.Map<String, Object> values() {
        java.util.Map<String, Object> m = new java.util.HashMap<>();
        m.put("taskId", taskId);
        m.put("imageId", imageId);
        m.put("ownerId", ownerId);
        m.put("sourceRegion", sourceRegion);
        m.put("sourceSnapshotId", sourceSnapshotId);
        m.put("destRegion", destRegion);
        m.put("destSnapshotId", destSnapshotId);
        m.put("destOutpostArn", destOutpostArn);
        m.put("encrypted", encrypted);
        m.put("requestedKmsKey", requestedKmsKey);
        m.put("dataBytes", dataBytes);
        m.put("completionDurationMinutes", completionDurationMinutes);
        m.put("reservedBytesPerSecond", reservedBytesPerSecond);
        m.put("deadline", deadline);
        m.put("createdAt", createdAt);
        return m;
    }

    NewCopyTask check() {
        requireNonNull(taskId, "taskId is null");
        requireNonNull(ownerId, "ownerId is null");
        requireNonNull(sourceRegion, "sourceRegion is null");
        requireNonNull(sourceSnapshotId, "sourceSnapshotId is null");
        requireNonNull(destRegion, "destRegion is null");
        requireNonNull(destSnapshotId, "destSnapshotId is null");
        return this;
    }
}
