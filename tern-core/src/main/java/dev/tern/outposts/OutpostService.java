package dev.tern.outposts;

import dev.tern.account.CallContext;
import dev.tern.config.OutpostArn;
import dev.tern.config.Region;
import dev.tern.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.services.outposts.model.GetOutpostRequest;
import software.amazon.awssdk.services.outposts.model.GetOutpostResponse;
import software.amazon.awssdk.services.outposts.model.ListOutpostsRequest;
import software.amazon.awssdk.services.outposts.model.ListOutpostsResponse;
import software.amazon.awssdk.services.outposts.model.Outpost;

/** The Outposts API's ListOutposts and GetOutpost: the configured Outposts of the caller's Region it owns. */
public final class OutpostService {
    public ListOutpostsResponse listOutposts(CallContext ctx, ListOutpostsRequest request) {
        if (request.maxResults() != null && (request.maxResults() < 1 || request.maxResults() > 1000)) {
            throw ErrorCode.ValidationException.withMessage("1 validation error detected: Value at 'maxResults' failed "
                    + "to satisfy constraint: Member must have value between 1 and 1000");
        }
        List<Outpost> out = new ArrayList<>();
        for (OutpostArn arn : ctx.region().outposts()) {
            Outpost o = describe(ctx.region(), arn);
            if (!arn.accountId().equals(ctx.accountId())) {
                continue;
            }
            if (!request.lifeCycleStatusFilter().isEmpty() && !request.lifeCycleStatusFilter().contains(o.lifeCycleStatus())) {
                continue;
            }
            if (!request.availabilityZoneFilter().isEmpty() && !request.availabilityZoneFilter().contains(o.availabilityZone())) {
                continue;
            }
            if (!request.availabilityZoneIdFilter().isEmpty()
                    && !request.availabilityZoneIdFilter().contains(o.availabilityZoneId())) {
                continue;
            }
            out.add(o);
        }
        return ListOutpostsResponse.builder().outposts(out).build();
    }

    public GetOutpostResponse getOutpost(CallContext ctx, GetOutpostRequest request) {
        String id = request.outpostId();
        for (OutpostArn arn : ctx.region().outposts()) {
            if ((arn.outpostId().equals(id) || arn.arn().equals(id)) && arn.accountId().equals(ctx.accountId())) {
                return GetOutpostResponse.builder().outpost(describe(ctx.region(), arn)).build();
            }
        }
        throw ErrorCode.NotFoundException.withMessage("Outpost " + id + " not found.");
    }

    /** An Outpost as AWS describes it; what the configuration does not say is derived from its id, stably. */
    static Outpost describe(Region region, OutpostArn arn) {
        String site = "os-" + hex17(arn.outpostId());
        return Outpost.builder()
                .outpostId(arn.outpostId())
                .outpostArn(arn.arn())
                .ownerId(arn.accountId())
                .name(arn.outpostId())
                .description("Outpost " + arn.outpostId() + " in " + region.name())
                .siteId(site)
                .siteArn("arn:" + arn.partition() + ":outposts:" + region.name() + ":" + arn.accountId() + ":site/" + site)
                .lifeCycleStatus("ACTIVE")
                .availabilityZone(region.name() + "a")
                .availabilityZoneId(region.name().replace("-", "").substring(0, 4) + "-az1")
                .supportedHardwareType("RACK")
                .build();
    }

    private static String hex17(String seed) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 17);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
