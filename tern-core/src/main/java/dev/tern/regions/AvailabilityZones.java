package dev.tern.regions;

import dev.tern.config.LocalZone;
import dev.tern.config.Region;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;

/**
 * The zones of a Region as DescribeAvailabilityZones shows them (docs/copying.md, "Local Zones"): three
 * Availability Zones named after the Region (us-west-2a, b, c), then each configured Local Zone, whose parent is the
 * Region's first Availability Zone.
 */
final class AvailabilityZones {
    private static final String[] LETTERS = {"a", "b", "c"};

    private AvailabilityZones() {}

    static List<AvailabilityZone> of(Region region) {
        List<AvailabilityZone> out = new ArrayList<>();
        for (int i = 0; i < LETTERS.length; i++) {
            out.add(AvailabilityZone.builder().regionName(region.name()).zoneName(region.name() + LETTERS[i])
                    .zoneId(zoneIdPrefix(region.name()) + "-az" + (i + 1)).zoneType("availability-zone")
                    .groupName(region.name()).networkBorderGroup(region.name()).state("available")
                    .optInStatus("opt-in-not-required").messages(List.of()).build());
        }
        AvailabilityZone parent = out.get(0);
        for (LocalZone z : region.localZones()) {
            String group = z.name().substring(0, z.name().length() - 1);
            out.add(AvailabilityZone.builder().regionName(region.name()).zoneName(z.name()).zoneId(z.zoneId())
                    .zoneType("local-zone").groupName(group).networkBorderGroup(group).state("available")
                    // A configured Local Zone is usable, as a zone the account opted in to is on AWS.
                    .optInStatus("opted-in").parentZoneName(parent.zoneName()).parentZoneId(parent.zoneId())
                    .messages(List.of()).build());
        }
        return out;
    }

    // us-east-1 -> use1, ap-southeast-2 -> aps2: the partition letters, each word's initial, the number.
    private static String zoneIdPrefix(String regionName) {
        String[] parts = regionName.split("-");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length - 1; i++) {
            sb.append(parts[i].charAt(0));
        }
        return sb.append(parts[parts.length - 1]).toString();
    }
}
