package dev.tern.images;

/**
 * One entry of an image's block device mapping ({@code image_block_devices}), in request order. An EBS entry has a
 * snapshot or a size; an instance-store entry has a virtual name; a suppressed device has noDevice.
 */
public record BlockDeviceRow(
        String imageId,
        int position,
        String deviceName,
        String virtualName,
        String noDevice,
        String snapshotId,
        Integer volumeSize,
        String volumeType,
        Boolean deleteOnTermination,
        Boolean encrypted,
        String kmsKeyId,
        Integer iops,
        Integer throughput,
        String outpostArn) {

    public boolean isEbs() {
        return virtualName == null && noDevice == null;
    }
}
