package dev.tern.config;

import java.util.List;

/** A Region Tern serves: its name, partition, whether AWS makes it opt-in, PV support and its Outposts. */
public record Region(String name, Partition partition, boolean optIn, boolean supportsParavirtual, List<OutpostArn> outposts) {
    public Region {
        outposts = List.copyOf(outposts);
    }

    /** The EC2 endpoint host AWS gives this Region, as DescribeRegions reports it. */
    public String ec2Endpoint() {
        return partition == Partition.AWS_CN ? "ec2." + name + ".amazonaws.com.cn" : "ec2." + name + ".amazonaws.com";
    }
}
