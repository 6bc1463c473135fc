package dev.tern.config;

import java.util.List;

/**
 * A Region Tern serves: its name, partition, whether AWS makes it opt-in, PV support, its Outposts and its Local
 * Zones.
 */
public record Region(String name, Partition partition, boolean optIn, boolean supportsParavirtual, List<OutpostArn> outposts,
        List<LocalZone> localZones) {
    public Region {
        outposts = List.copyOf(outposts);
        localZones = List.copyOf(localZones);
    }

    /** The EC2 endpoint host AWS gives this Region, as DescribeRegions reports it. */
    public String ec2Endpoint() {
        return partition == Partition.AWS_CN ? "ec2." + name + ".amazonaws.com.cn" : "ec2." + name + ".amazonaws.com";
    }

    /** The Local Zone of this Region with that name or zone id, or null. */
    public LocalZone localZone(String nameOrId) {
        for (LocalZone z : localZones) {
            if (z.name().equals(nameOrId) || z.zoneId().equals(nameOrId)) {
                return z;
            }
        }
        return null;
    }
}
