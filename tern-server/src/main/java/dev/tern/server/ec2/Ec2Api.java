package dev.tern.server.ec2;

import dev.tern.TernServices;
import software.amazon.awssdk.services.ec2.model.DescribeRegionsRequest;

/** Which EC2 actions exist and which service answers each: the one place that lists them. */
public final class Ec2Api {
    private Ec2Api() {}

    public static Ec2Operations operations(TernServices s) {
        Ec2Operations ops = new Ec2Operations();
        ops.add(Ec2Operation.of("DescribeRegions", DescribeRegionsRequest::builder, s.regionService()::describeRegions));
        return ops;
    }
}
