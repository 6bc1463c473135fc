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
import software.amazon.awssdk.services.ec2.model.DescribeRegionsRequest;
import software.amazon.awssdk.services.ec2.model.DescribeRegionsResponse;

/** DescribeRegions: the Regions this Tern serves, all enabled for every account. */
public final class RegionService {
    private static final Filters<Region> FILTERS = new Filters<>(Map.of(
            "endpoint", (r, tags) -> List.of(r.ec2Endpoint()),
            "region-name", (r, tags) -> List.of(r.name()),
            "opt-in-status", (r, tags) -> List.of(optInStatus(r))));

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

    // Every Region Tern serves is enabled; AWS reports the opt-in ones as opted-in once enabled.
    private static String optInStatus(Region r) {
        return r.optIn() ? "opted-in" : "opt-in-not-required";
    }
}
