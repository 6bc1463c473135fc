package dev.tern.regions;

import dev.tern.account.CallContext;
import dev.tern.config.Region;
import dev.tern.config.Regions;
import dev.tern.error.ErrorCode;
import dev.tern.filter.Filters;
import dev.tern.filter.Filters.Filter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeAvailabilityZonesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeRegionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRegionsResponse;

/** DescribeRegions (the Regions this Tern serves, all enabled for every account) and DescribeAvailabilityZones. */
public final class RegionService {
    private static final Filters<Region> FILTERS = new Filters<>(Map.of(
            "endpoint", (r, tags) -> List.of(r.ec2Endpoint()),
            "region-name", (r, tags) -> List.of(r.name()),
            "opt-in-status", (r, tags) -> List.of(optInStatus(r))));

    private static final Filters<AvailabilityZone> ZONE_FILTERS = new Filters<>(Map.of(
            "group-name", (z, tags) -> List.of(z.groupName()),
            "network-border-group", (z, tags) -> List.of(z.networkBorderGroup()),
            "opt-in-status", (z, tags) -> List.of(z.optInStatusAsString()),
            "parent-zone-name", (z, tags) -> z.parentZoneName() == null ? List.of() : List.of(z.parentZoneName()),
            "parent-zone-id", (z, tags) -> z.parentZoneId() == null ? List.of() : List.of(z.parentZoneId()),
            "region-name", (z, tags) -> List.of(z.regionName()),
            "state", (z, tags) -> List.of(z.stateAsString()),
            "zone-id", (z, tags) -> List.of(z.zoneId()),
            "zone-name", (z, tags) -> List.of(z.zoneName()),
            "zone-type", (z, tags) -> List.of(z.zoneType())));

    private final Regions regions;

    public RegionService(Regions regions) {
        this.regions = regions;
    }

    public DescribeRegionsResponse describeRegions(CallContext ctx, DescribeRegionsRequest request) {
        List<Filter> filters = request.filters().stream().map(f -> new Filter(f.name(), f.values())).toList();
        FILTERS.validate(filters);
        for (String name : request.regionNames()) {
            if (regions.get(name) == null) {
                throw ErrorCode.InvalidParameterValue.withMessage("Invalid region: " + name);
            }
        }
        List<software.amazon.awssdk.services.ec2.model.Region> out = new ArrayList<>();
        for (Region r : regions.all()) {
            if (r.partition() != ctx.region().partition()) {
                continue;
            }
            if (!request.regionNames().isEmpty() && !request.regionNames().contains(r.name())) {
                continue;
            }
            if (!FILTERS.matches(r, Map.of(), filters)) {
                continue;
            }
            out.add(software.amazon.awssdk.services.ec2.model.Region.builder()
                    .regionName(r.name())
                    .endpoint(r.ec2Endpoint())
                    .optInStatus(optInStatus(r))
                    .build());
        }
        return DescribeRegionsResponse.builder().regions(out).build();
    }

    /**
     * DescribeAvailabilityZones for the caller's Region: its Availability Zones, and its Local Zones (ZoneType
     * {@code local-zone}). Every configured Local Zone counts as opted in, so it shows with or without
     * AllAvailabilityZones.
     */
    public DescribeAvailabilityZonesResponse describeAvailabilityZones(CallContext ctx,
            DescribeAvailabilityZonesRequest request) {
        List<Filter> filters = request.filters().stream().map(f -> new Filter(f.name(), f.values())).toList();
        ZONE_FILTERS.validate(filters);
        List<AvailabilityZone> zones = AvailabilityZones.of(ctx.region());
        for (String name : request.zoneNames()) {
            if (zones.stream().noneMatch(z -> z.zoneName().equals(name))) {
                throw ErrorCode.InvalidParameterValue.withMessage("The zone '" + name + "' does not exist.");
            }
        }
        for (String id : request.zoneIds()) {
            if (zones.stream().noneMatch(z -> z.zoneId().equals(id))) {
                throw ErrorCode.InvalidParameterValue.withMessage("The zone ID '" + id + "' does not exist.");
            }
        }
        List<AvailabilityZone> out = zones.stream()
                .filter(z -> request.zoneNames().isEmpty() || request.zoneNames().contains(z.zoneName()))
                .filter(z -> request.zoneIds().isEmpty() || request.zoneIds().contains(z.zoneId()))
                .filter(z -> ZONE_FILTERS.matches(z, Map.of(), filters))
                .toList();
        return DescribeAvailabilityZonesResponse.builder().availabilityZones(out).build();
    }

    // Every Region Tern serves is enabled; AWS reports the opt-in ones as opted-in once enabled.
    private static String optInStatus(Region r) {
        return r.optIn() ? "opted-in" : "opt-in-not-required";
    }
}
