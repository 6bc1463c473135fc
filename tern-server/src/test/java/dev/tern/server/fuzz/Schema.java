package dev.tern.server.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The EC2 actions the fuzzer knows and the parameters each takes, so that most requests name real parameters with
 * values of the right kind and get past the parsers to the services.
 */
final class Schema {
    static final String VERSION = "2016-11-15";

    /**
     * Parameters of an action: name patterns where {@code #} is a 1-based index, each with a kind of value;
     * required ones (written {@code !Name}) are sent most of the time, so that requests get past that check.
     */
    record Param(String name, Kind kind, boolean required) {}

    enum Kind { IMAGE, SNAPSHOT, RESOURCE, BOOL, INT, STRING, NAME, ARCH, DEVICE, VOLUME_TYPE, FILTER_NAME,
        ACCOUNT, OWNER, ATTRIBUTE, TOKEN, RESOURCE_TYPE, TAG_KEY, TIME, OPERATION, GROUP, REGION, ZONE, URL }

    private static final String[] FILTER = {"Filter.#.Name:FILTER_NAME", "Filter.#.Value.#:STRING"};
    private static final String[] TAG_SPEC = {"TagSpecification.#.ResourceType:RESOURCE_TYPE",
        "TagSpecification.#.Tag.#.Key:TAG_KEY", "TagSpecification.#.Tag.#.Value:STRING"};

    static final Map<String, List<Param>> ACTIONS = new TreeMap<>();

    static {
        action("DescribeRegions", "RegionName.#:STRING", "AllRegions:BOOL", "DryRun:BOOL", FILTER);
        action("DescribeImages", "ImageId.#:IMAGE", "Owner.#:OWNER", "ExecutableBy.#:OWNER", "MaxResults:INT",
                "NextToken:TOKEN", "IncludeDeprecated:BOOL", "IncludeDisabled:BOOL", "DryRun:BOOL", FILTER);
        action("RegisterImage", "!Name:NAME", "Description:STRING", "Architecture:ARCH", "RootDeviceName:DEVICE",
                "VirtualizationType:STRING", "EnaSupport:BOOL", "SriovNetSupport:STRING", "BootMode:STRING",
                "TpmSupport:STRING", "ImdsSupport:STRING", "ClientToken:STRING", "ImageLocation:STRING",
                "KernelId:STRING", "RamdiskId:STRING", "UefiData:STRING", "DryRun:BOOL",
                "BlockDeviceMapping.#.DeviceName:DEVICE", "BlockDeviceMapping.#.Ebs.SnapshotId:SNAPSHOT",
                "BlockDeviceMapping.#.Ebs.VolumeSize:INT", "BlockDeviceMapping.#.Ebs.VolumeType:VOLUME_TYPE",
                "BlockDeviceMapping.#.Ebs.DeleteOnTermination:BOOL", "BlockDeviceMapping.#.Ebs.Encrypted:BOOL",
                "BlockDeviceMapping.#.Ebs.Iops:INT", "BlockDeviceMapping.#.Ebs.KmsKeyId:STRING",
                "BlockDeviceMapping.#.VirtualName:STRING", "BlockDeviceMapping.#.NoDevice:STRING",
                "BillingProduct.#:STRING", TAG_SPEC);
        action("DeregisterImage", "!ImageId:IMAGE", "DeleteAssociatedSnapshots:BOOL", "DryRun:BOOL");
        action("DescribeImageAttribute", "!ImageId:IMAGE", "!Attribute:ATTRIBUTE", "DryRun:BOOL");
        action("ModifyImageAttribute", "!ImageId:IMAGE", "Attribute:ATTRIBUTE", "OperationType:OPERATION",
                "UserId.#:ACCOUNT", "UserGroup.#:GROUP", "ProductCode.#:STRING", "Value:STRING",
                "Description.Value:STRING", "ImdsSupport.Value:STRING", "DryRun:BOOL",
                "LaunchPermission.Add.#.UserId:ACCOUNT", "LaunchPermission.Add.#.Group:GROUP",
                "LaunchPermission.Add.#.OrganizationArn:STRING", "LaunchPermission.Remove.#.UserId:ACCOUNT",
                "LaunchPermission.Remove.#.Group:GROUP", "OrganizationArn.#:STRING");
        action("ResetImageAttribute", "!ImageId:IMAGE", "!Attribute:ATTRIBUTE", "DryRun:BOOL");
        action("DescribeSnapshots", "SnapshotId.#:SNAPSHOT", "Owner.#:OWNER", "RestorableBy.#:ACCOUNT",
                "MaxResults:INT", "NextToken:TOKEN", "DryRun:BOOL", FILTER);
        action("DeleteSnapshot", "!SnapshotId:SNAPSHOT", "DryRun:BOOL");
        action("DescribeSnapshotAttribute", "!SnapshotId:SNAPSHOT", "!Attribute:ATTRIBUTE", "DryRun:BOOL");
        action("ModifySnapshotAttribute", "!SnapshotId:SNAPSHOT", "Attribute:ATTRIBUTE", "OperationType:OPERATION",
                "UserId.#:ACCOUNT", "UserGroup.#:GROUP", "CreateVolumePermission.Add.#.UserId:ACCOUNT",
                "CreateVolumePermission.Remove.#.UserId:ACCOUNT", "CreateVolumePermission.Add.#.Group:GROUP",
                "DryRun:BOOL");
        action("ResetSnapshotAttribute", "!SnapshotId:SNAPSHOT", "!Attribute:ATTRIBUTE", "DryRun:BOOL");
        action("CreateTags", "!ResourceId.#:RESOURCE", "!Tag.#.Key:TAG_KEY", "Tag.#.Value:STRING", "DryRun:BOOL");
        action("DeleteTags", "!ResourceId.#:RESOURCE", "Tag.#.Key:TAG_KEY", "Tag.#.Value:STRING", "DryRun:BOOL");
        action("DescribeTags", "MaxResults:INT", "NextToken:TOKEN", "DryRun:BOOL", FILTER);
        action("CopyImage", "!SourceImageId:IMAGE", "!SourceRegion:REGION", "!Name:NAME", "Description:STRING",
                "ClientToken:STRING", "Encrypted:BOOL", "KmsKeyId:STRING", "DestinationOutpostArn:STRING",
                "DestinationAvailabilityZone:ZONE", "DestinationAvailabilityZoneId:ZONE", "CopyImageTags:BOOL",
                "SnapshotCopyCompletionDurationMinutes:INT", "DryRun:BOOL", TAG_SPEC);
        action("CopySnapshot", "!SourceSnapshotId:SNAPSHOT", "!SourceRegion:REGION", "Description:STRING",
                "Encrypted:BOOL", "KmsKeyId:STRING", "CompletionDurationMinutes:INT", "DestinationOutpostArn:STRING",
                "DestinationAvailabilityZone:ZONE", "PresignedUrl:URL", "DestinationRegion:REGION", "DryRun:BOOL",
                TAG_SPEC);
        action("EnableImageDeregistrationProtection", "!ImageId:IMAGE", "WithCooldown:BOOL", "DryRun:BOOL");
        action("DisableImageDeregistrationProtection", "!ImageId:IMAGE", "DryRun:BOOL");
        action("GetImageAncestry", "!ImageId:IMAGE", "DryRun:BOOL");
        action("DescribeAvailabilityZones", "ZoneName.#:ZONE", "ZoneId.#:ZONE", "AllAvailabilityZones:BOOL",
                "DryRun:BOOL", FILTER);
        action("EnableImageDeprecation", "!ImageId:IMAGE", "!DeprecateAt:TIME", "DryRun:BOOL");
        action("DisableImageDeprecation", "!ImageId:IMAGE", "DryRun:BOOL");
        action("EnableImage", "!ImageId:IMAGE", "DryRun:BOOL");
        action("DisableImage", "!ImageId:IMAGE", "DryRun:BOOL");
        action("DescribeImportImageTasks", "ImportTaskId.#:STRING", "MaxResults:INT", FILTER);
    }

    private static void action(String name, Object... params) {
        List<Param> list = new ArrayList<>();
        for (Object p : params) {
            for (String spec : p instanceof String[] many ? many : new String[] {(String) p}) {
                int colon = spec.indexOf(':');
                boolean required = spec.startsWith("!");
                list.add(new Param(spec.substring(required ? 1 : 0, colon), Kind.valueOf(spec.substring(colon + 1)),
                        required));
            }
        }
        ACTIONS.put(name, list);
    }

    static final List<Param> ALL_PARAMS = ACTIONS.values().stream().flatMap(List::stream).distinct().toList();
    static final List<String> KNOWN_ACTIONS = List.copyOf(ACTIONS.keySet());

    private Schema() {}
}
