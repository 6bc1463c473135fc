package dev.tern.images;

import dev.tern.error.ErrorCode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.EbsBlockDevice;

/**
 * The shape rules of a RegisterImage block device mapping that need no catalogue lookup, checked before the
 * transaction starts: each entry names a device once and is exactly one of EBS, instance store or suppressed.
 */
final class BlockDeviceRules {
    static final Set<String> VOLUME_TYPES = Set.of("standard", "io1", "io2", "gp2", "gp3", "sc1", "st1");
    static final String DEFAULT_VOLUME_TYPE = "gp2";
    static final int MAX_VOLUME_SIZE_GIB = 65536;
    private static final Pattern EPHEMERAL = Pattern.compile("ephemeral[0-9]{1,2}");

    private BlockDeviceRules() {}

    static void validate(List<BlockDeviceMapping> mappings, String rootDeviceName) {
        Set<String> devices = new HashSet<>();
        for (BlockDeviceMapping m : mappings) {
            if (m.deviceName() == null || m.deviceName().isEmpty()) {
                throw ErrorCode.InvalidBlockDeviceMapping.withMessage("A block device mapping must name its device.");
            }
            if (!devices.add(m.deviceName())) {
                throw ErrorCode.InvalidBlockDeviceMapping.withMessage("The device name " + m.deviceName()
                        + " is mapped more than once.");
            }
            int kinds = (m.ebs() != null ? 1 : 0) + (m.virtualName() != null ? 1 : 0) + (m.noDevice() != null ? 1 : 0);
            if (kinds != 1) {
                throw ErrorCode.InvalidBlockDeviceMapping.withMessage("The block device mapping for " + m.deviceName()
                        + " must have exactly one of Ebs, VirtualName or NoDevice.");
            }
            if (m.virtualName() != null && !EPHEMERAL.matcher(m.virtualName()).matches()) {
                throw ErrorCode.InvalidBlockDeviceMapping.withMessage("Invalid virtual name " + m.virtualName()
                        + " for " + m.deviceName() + " (expecting ephemeralN).");
            }
            if (m.ebs() != null) {
                validateEbs(m.deviceName(), m.ebs());
            }
        }
        if (rootDeviceName == null || rootDeviceName.isEmpty()) {
            throw ErrorCode.MissingParameter.format("RootDeviceName");
        }
        BlockDeviceMapping root = mappings.stream().filter(m -> rootDeviceName.equals(m.deviceName())).findFirst()
                .orElseThrow(() -> ErrorCode.InvalidBlockDeviceMapping.withMessage("The root device name "
                        + rootDeviceName + " is not in the block device mapping."));
        if (root.ebs() == null || root.ebs().snapshotId() == null) {
            throw ErrorCode.InvalidBlockDeviceMapping.withMessage("The root device " + rootDeviceName
                    + " must be an EBS volume created from a snapshot.");
        }
    }

    private static void validateEbs(String device, EbsBlockDevice ebs) {
        if (ebs.snapshotId() == null && ebs.volumeSize() == null) {
            throw ErrorCode.InvalidBlockDeviceMapping.withMessage("The EBS volume for " + device
                    + " needs a snapshot or a volume size.");
        }
        if (ebs.volumeSize() != null && (ebs.volumeSize() < 1 || ebs.volumeSize() > MAX_VOLUME_SIZE_GIB)) {
            throw ErrorCode.InvalidBlockDeviceMapping.withMessage("Invalid volume size " + ebs.volumeSize()
                    + " for " + device + ".");
        }
        if (ebs.volumeTypeAsString() != null && !VOLUME_TYPES.contains(ebs.volumeTypeAsString())) {
            throw ErrorCode.InvalidParameterValue.withMessage("Value (" + ebs.volumeTypeAsString()
                    + ") for parameter volumeType is invalid.");
        }
        // A volume from a snapshot takes the snapshot's encryption; for an empty volume the request decides.
        if (ebs.snapshotId() == null && ebs.kmsKeyId() != null && !Boolean.TRUE.equals(ebs.encrypted())) {
            throw ErrorCode.InvalidParameterDependency.withMessage(
                    "The parameter KmsKeyId requires the parameter Encrypted to be set.");
        }
    }
}
