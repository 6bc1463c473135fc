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
        Long fullSizeBytes,
        String availabilityZone) {

    public SnapshotState state() {
        return SnapshotState.of(status);
    }

    public boolean isOwnedBy(String accountId) {
        return ownerId.equals(accountId);
    }

    public static Builder builder() {
        return new Builder();
    }
    /** A builder holding this row's values, to make a changed copy by name. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.snapshotId = snapshotId;
        b.region = region;
        b.ownerId = ownerId;
        b.volumeId = volumeId;
        b.volumeSize = volumeSize;
        b.status = status;
        b.statusMessage = statusMessage;
        b.progress = progress;
        b.startTime = startTime;
        b.completionTime = completionTime;
        b.description = description;
        b.encrypted = encrypted;
        b.kmsKeyId = kmsKeyId;
        b.dataEncryptionKeyId = dataEncryptionKeyId;
        b.storageTier = storageTier;
        b.outpostArn = outpostArn;
        b.transferType = transferType;
        b.completionDurationMinutes = completionDurationMinutes;
        b.parentSnapshotId = parentSnapshotId;
        b.fullSizeBytes = fullSizeBytes;
        b.availabilityZone = availabilityZone;
        return b;
    }

    /** Builds a row by column name, so no caller lines up 20 positional values. */
    public static final class Builder {
        private String snapshotId;
        private String region;
        private String ownerId;
        private String volumeId;
        private int volumeSize;
        private String status;
        private String statusMessage;
        private String progress;
        private long startTime;
        private Long completionTime;
        private String description;
        private boolean encrypted;
        private String kmsKeyId;
        private String dataEncryptionKeyId;
        private String storageTier;
        private String outpostArn;
        private String transferType;
        private Integer completionDurationMinutes;
        private String parentSnapshotId;
        private Long fullSizeBytes;
        private String availabilityZone;

        private Builder() {}

        public Builder snapshotId(String value) {
            this.snapshotId = value;
            return this;
        }

        public Builder region(String value) {
            this.region = value;
            return this;
        }

        public Builder ownerId(String value) {
            this.ownerId = value;
            return this;
        }

        public Builder volumeId(String value) {
            this.volumeId = value;
            return this;
        }

        public Builder volumeSize(int value) {
            this.volumeSize = value;
            return this;
        }

        public Builder status(String value) {
            this.status = value;
            return this;
        }

        public Builder statusMessage(String value) {
            this.statusMessage = value;
            return this;
        }

        public Builder progress(String value) {
            this.progress = value;
            return this;
        }

        public Builder startTime(long value) {
            this.startTime = value;
            return this;
        }

        public Builder completionTime(Long value) {
            this.completionTime = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder encrypted(boolean value) {
            this.encrypted = value;
            return this;
        }

        public Builder kmsKeyId(String value) {
            this.kmsKeyId = value;
            return this;
        }

        public Builder dataEncryptionKeyId(String value) {
            this.dataEncryptionKeyId = value;
            return this;
        }

        public Builder storageTier(String value) {
            this.storageTier = value;
            return this;
        }

        public Builder outpostArn(String value) {
            this.outpostArn = value;
            return this;
        }

        public Builder transferType(String value) {
            this.transferType = value;
            return this;
        }

        public Builder completionDurationMinutes(Integer value) {
            this.completionDurationMinutes = value;
            return this;
        }

        public Builder parentSnapshotId(String value) {
            this.parentSnapshotId = value;
            return this;
        }

        public Builder fullSizeBytes(Long value) {
            this.fullSizeBytes = value;
            return this;
        }

        public Builder availabilityZone(String value) {
            this.availabilityZone = value;
            return this;
        }

        public SnapshotRow build() {
            return new SnapshotRow(snapshotId, region, ownerId, volumeId, volumeSize, status, statusMessage, progress, startTime, completionTime, description, encrypted, kmsKeyId, dataEncryptionKeyId, storageTier, outpostArn, transferType, completionDurationMinutes, parentSnapshotId, fullSizeBytes, availabilityZone);
        }
    }
}
