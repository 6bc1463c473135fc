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
        String billingProducts,
        String deregistrationProtection,
        Long protectedUntil,
        String availabilityZone) {

    public ImageState imageState() {
        return ImageState.of(state);
    }

    public boolean isOwnedBy(String accountId) {
        return ownerId.equals(accountId);
    }

    public boolean isDeregistered() {
        return deregisteredAt != null;
    }

    public static Builder builder() {
        return new Builder();
    }
    /** A builder holding this row's values, to make a changed copy by name. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.imageId = imageId;
        b.region = region;
        b.ownerId = ownerId;
        b.name = name;
        b.description = description;
        b.state = state;
        b.stateReasonCode = stateReasonCode;
        b.stateReasonMessage = stateReasonMessage;
        b.architecture = architecture;
        b.virtualizationType = virtualizationType;
        b.hypervisor = hypervisor;
        b.imageType = imageType;
        b.imageLocation = imageLocation;
        b.rootDeviceName = rootDeviceName;
        b.rootDeviceType = rootDeviceType;
        b.kernelId = kernelId;
        b.ramdiskId = ramdiskId;
        b.platform = platform;
        b.platformDetails = platformDetails;
        b.usageOperation = usageOperation;
        b.enaSupport = enaSupport;
        b.sriovNetSupport = sriovNetSupport;
        b.bootMode = bootMode;
        b.tpmSupport = tpmSupport;
        b.imdsSupport = imdsSupport;
        b.uefiData = uefiData;
        b.sourceImageId = sourceImageId;
        b.sourceImageRegion = sourceImageRegion;
        b.isPublic = isPublic;
        b.creationTime = creationTime;
        b.deregisteredAt = deregisteredAt;
        b.productCodes = productCodes;
        b.billingProducts = billingProducts;
        b.deregistrationProtection = deregistrationProtection;
        b.protectedUntil = protectedUntil;
        b.availabilityZone = availabilityZone;
        return b;
    }

    /** Builds a row by column name, so no caller lines up 36 positional values. */
    public static final class Builder {
        private String imageId;
        private String region;
        private String ownerId;
        private String name;
        private String description;
        private String state;
        private String stateReasonCode;
        private String stateReasonMessage;
        private String architecture;
        private String virtualizationType;
        private String hypervisor;
        private String imageType;
        private String imageLocation;
        private String rootDeviceName;
        private String rootDeviceType;
        private String kernelId;
        private String ramdiskId;
        private String platform;
        private String platformDetails;
        private String usageOperation;
        private Boolean enaSupport;
        private String sriovNetSupport;
        private String bootMode;
        private String tpmSupport;
        private String imdsSupport;
        private String uefiData;
        private String sourceImageId;
        private String sourceImageRegion;
        private boolean isPublic;
        private long creationTime;
        private Long deregisteredAt;
        private String productCodes;
        private String billingProducts;
        private String deregistrationProtection;
        private Long protectedUntil;
        private String availabilityZone;

        private Builder() {}

        public Builder imageId(String value) {
            this.imageId = value;
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

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder state(String value) {
            this.state = value;
            return this;
        }

        public Builder stateReasonCode(String value) {
            this.stateReasonCode = value;
            return this;
        }

        public Builder stateReasonMessage(String value) {
            this.stateReasonMessage = value;
            return this;
        }

        public Builder architecture(String value) {
            this.architecture = value;
            return this;
        }

        public Builder virtualizationType(String value) {
            this.virtualizationType = value;
            return this;
        }

        public Builder hypervisor(String value) {
            this.hypervisor = value;
            return this;
        }

        public Builder imageType(String value) {
            this.imageType = value;
            return this;
        }

        public Builder imageLocation(String value) {
            this.imageLocation = value;
            return this;
        }

        public Builder rootDeviceName(String value) {
            this.rootDeviceName = value;
            return this;
        }

        public Builder rootDeviceType(String value) {
            this.rootDeviceType = value;
            return this;
        }

        public Builder kernelId(String value) {
            this.kernelId = value;
            return this;
        }

        public Builder ramdiskId(String value) {
            this.ramdiskId = value;
            return this;
        }

        public Builder platform(String value) {
            this.platform = value;
            return this;
        }

        public Builder platformDetails(String value) {
            this.platformDetails = value;
            return this;
        }

        public Builder usageOperation(String value) {
            this.usageOperation = value;
            return this;
        }

        public Builder enaSupport(Boolean value) {
            this.enaSupport = value;
            return this;
        }

        public Builder sriovNetSupport(String value) {
            this.sriovNetSupport = value;
            return this;
        }

        public Builder bootMode(String value) {
            this.bootMode = value;
            return this;
        }

        public Builder tpmSupport(String value) {
            this.tpmSupport = value;
            return this;
        }

        public Builder imdsSupport(String value) {
            this.imdsSupport = value;
            return this;
        }

        public Builder uefiData(String value) {
            this.uefiData = value;
            return this;
        }

        public Builder sourceImageId(String value) {
            this.sourceImageId = value;
            return this;
        }

        public Builder sourceImageRegion(String value) {
            this.sourceImageRegion = value;
            return this;
        }

        public Builder isPublic(boolean value) {
            this.isPublic = value;
            return this;
        }

        public Builder creationTime(long value) {
            this.creationTime = value;
            return this;
        }

        public Builder deregisteredAt(Long value) {
            this.deregisteredAt = value;
            return this;
        }

        public Builder productCodes(String value) {
            this.productCodes = value;
            return this;
        }

        public Builder billingProducts(String value) {
            this.billingProducts = value;
            return this;
        }

        public Builder deregistrationProtection(String value) {
            this.deregistrationProtection = value;
            return this;
        }

        public Builder protectedUntil(Long value) {
            this.protectedUntil = value;
            return this;
        }

        public Builder availabilityZone(String value) {
            this.availabilityZone = value;
            return this;
        }

        public ImageRow build() {
            return new ImageRow(imageId, region, ownerId, name, description, state, stateReasonCode, stateReasonMessage, architecture, virtualizationType, hypervisor, imageType, imageLocation, rootDeviceName, rootDeviceType, kernelId, ramdiskId, platform, platformDetails, usageOperation, enaSupport, sriovNetSupport, bootMode, tpmSupport, imdsSupport, uefiData, sourceImageId, sourceImageRegion, isPublic, creationTime, deregisteredAt, productCodes, billingProducts, deregistrationProtection, protectedUntil, availabilityZone);
        }
    }
}
