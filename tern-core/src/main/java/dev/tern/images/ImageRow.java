package dev.tern.images;

/**
 * One row of the {@code images} table: an AMI in one Region. Times are epoch milliseconds; nullable columns are
 * boxed. Product codes and billing products are stored as comma-separated text.
 */
public record ImageRow(
        String imageId,
        String region,
        String ownerId,
        String name,
        String description,
        String state,
        String stateReasonCode,
        String stateReasonMessage,
        String architecture,
        String virtualizationType,
        String hypervisor,
        String imageType,
        String imageLocation,
        String rootDeviceName,
        String rootDeviceType,
        String kernelId,
        String ramdiskId,
        String platform,
        String platformDetails,
        String usageOperation,
        Boolean enaSupport,
        String sriovNetSupport,
        String bootMode,
        String tpmSupport,
        String imdsSupport,
        String uefiData,
        String sourceImageId,
        String sourceImageRegion,
        boolean isPublic,
        long creationTime,
        Long deregisteredAt,
        String productCodes,
        String billingProducts) {

    public static final String AVAILABLE = "available";
    public static final String DEREGISTERED = "deregistered";

    public boolean isOwnedBy(String accountId) {
        return ownerId.equals(accountId);
    }

    public boolean isDeregistered() {
        return deregisteredAt != null;
    }
}
