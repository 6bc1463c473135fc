package dev.tern.config;

import dev.tern.config.TernConfig.RegionConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The Regions one Tern process serves. Regions are data: each is a slice of the catalogue, not a process. */
public final class Regions {
    /** AWS's commercial Regions, by their real names. */
    static final List<String> COMMERCIAL = List.of(
            "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1",
            "ap-south-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "ap-southeast-7", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ca-central-1", "ca-west-1",
            "eu-central-1", "eu-central-2", "eu-west-1", "eu-west-2", "eu-west-3", "eu-south-1", "eu-south-2",
            "eu-north-1", "il-central-1", "me-south-1", "me-central-1", "mx-central-1", "sa-east-1");

    /** The commercial Regions an account has to opt in to (DescribeRegions shows them as opted-in). */
    static final Set<String> OPT_IN = Set.of(
            "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
            "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1", "me-south-1",
            "me-central-1", "mx-central-1");

    private final Map<String, Region> byName;

    private Regions(Map<String, Region> byName) {
        this.byName = byName;
    }

    public static Regions from(List<RegionConfig> configured) {
        Map<String, Region> map = new LinkedHashMap<>();
        if (configured.isEmpty()) {
            for (String name : COMMERCIAL) {
                map.put(name, new Region(name, Partition.AWS, OPT_IN.contains(name), true, List.of(), List.of()));
            }
        }
        for (RegionConfig rc : configured) {
            Partition partition = rc.partition() == null ? Partition.ofRegion(rc.name()) : Partition.fromName(rc.partition());
            List<OutpostArn> outposts = rc.outposts().stream().map(o -> OutpostArn.parse(o.arn())).toList();
            boolean pv = rc.supportsParavirtual() == null || rc.supportsParavirtual();
            List<LocalZone> zones = rc.localZones().stream().map(z -> new LocalZone(z.name(), z.zoneId(), rc.name(),
                    Boolean.TRUE.equals(z.requiresEncryption()))).toList();
            map.put(rc.name(), new Region(rc.name(), partition, OPT_IN.contains(rc.name()), pv, outposts, zones));
        }
        return new Regions(map);
    }

    /** The Region of that name, or null when Tern does not serve it. */
    public Region get(String name) {
        return name == null ? null : byName.get(name);
    }

    public List<Region> all() {
        return List.copyOf(byName.values());
    }
}
