package dev.tern.copy;

import dev.tern.account.CallContext;
import dev.tern.config.LocalZone;
import dev.tern.config.OutpostArn;
import dev.tern.config.Region;
import dev.tern.config.Regions;
import dev.tern.error.ErrorCode;

/**
 * Where a copy comes from and goes to (docs/copying.md, "Routes"): the source Region named by SourceRegion, and the
 * Region of the request, an Outpost of it, or one of its Local Zones. Checked before anything is read, so a wrong
 * route costs nothing; where the source itself is (a Local Zone) is checked by {@link #checkSourceZone} once read.
 */
record CopyDestination(Region source, Region destination, OutpostArn outpost, LocalZone zone) {
    static final int MIN_DURATION_MINUTES = 15;
    static final int MAX_DURATION_MINUTES = 2880;

    static CopyDestination resolve(Regions regions, CallContext ctx, String sourceRegion, String outpostArn,
            String availabilityZone, String availabilityZoneId) {
        Region source = regions.get(sourceRegion);
        if (source == null) {
            throw ErrorCode.InvalidRegion.withMessage("The specified Region '" + sourceRegion + "' is not valid. For "
                    + "copying a snapshot or image, specify the source Region using its Region code, for example, "
                    + "us-west-2");
        }
        if (source.partition() != ctx.region().partition()) {
            throw ErrorCode.InvalidParameterValue.withMessage("Copying from " + source.name() + " to "
                    + ctx.regionName() + " crosses partitions, which is not supported; use CreateStoreImageTask and "
                    + "CreateRestoreImageTask instead.");
        }
        int destinations = (outpostArn != null ? 1 : 0) + (availabilityZone != null ? 1 : 0)
                + (availabilityZoneId != null ? 1 : 0);
        if (destinations > 1) {
            throw ErrorCode.InvalidParameterCombination.withMessage("Only one of DestinationAvailabilityZone, "
                    + "DestinationAvailabilityZoneId, or DestinationOutpostArn can be specified.");
        }
        LocalZone zone = null;
        if (availabilityZone != null || availabilityZoneId != null) {
            zone = requireLocalZone(ctx, source, availabilityZone, availabilityZoneId);
        }
        OutpostArn outpost = null;
        if (outpostArn != null) {
            outpost = OutpostArn.parse(outpostArn);
            if (outpost == null || !ctx.region().outposts().contains(outpost)) {
                throw ErrorCode.InvalidParameterValue.withMessage("The Outpost ARN " + outpostArn + " is not valid: "
                        + "it must name an Outpost of the destination Region " + ctx.regionName() + ".");
            }
            if (!source.name().equals(ctx.regionName())) {
                throw ErrorCode.InvalidParameterValue.withMessage("To copy to the Outpost " + outpostArn
                        + ", the source must be in its Region " + ctx.regionName() + ", not " + source.name()
                        + ": copy it to " + ctx.regionName() + " first.");
            }
        }
        return new CopyDestination(source, ctx.region(), outpost, zone);
    }

    /** Checks a completion duration (time-based copy) against the route; null means a best-effort copy. */
    Integer checkDuration(Long minutes, String parameter) {
        if (minutes == null) {
            return null;
        }
        if (minutes < MIN_DURATION_MINUTES || minutes > MAX_DURATION_MINUTES || minutes % 15 != 0) {
            throw ErrorCode.InvalidParameterValue.withMessage("Value (" + minutes + ") for parameter " + parameter
                    + " is invalid. The completion duration must be from " + MIN_DURATION_MINUTES + " to "
                    + MAX_DURATION_MINUTES + " minutes, in 15-minute increments.");
        }
        if (outpost != null) {
            throw ErrorCode.InvalidParameterCombination.withMessage(parameter
                    + " is not supported when copying to an Outpost.");
        }
        if (zone != null) {
            throw ErrorCode.InvalidParameterCombination.withMessage(parameter
                    + " is not supported when copying to or from a Local Zone.");
        }
        return minutes.intValue();
    }

    /**
     * The routes out of a Local Zone: to its parent Region or to a Local Zone of the same parent, never to another
     * Region or an Outpost, and never time-based. {@code sourceZone} is the zone the source image or snapshot is in
     * (null: the Region itself).
     */
    void checkSourceZone(String resourceId, String sourceZone, Integer duration, String durationParameter) {
        if (sourceZone == null) {
            return;
        }
        if (!sameRegion()) {
            throw ErrorCode.InvalidParameterValue.withMessage(resourceId + " is in the Local Zone " + sourceZone
                    + ", which can be copied only to its parent Region " + source.name() + " or to a Local Zone of it, "
                    + "not to " + destination.name() + ".");
        }
        if (outpost != null) {
            throw ErrorCode.InvalidParameterValue.withMessage(resourceId + " is in the Local Zone " + sourceZone
                    + "; copying from a Local Zone to an Outpost is not supported.");
        }
        if (duration != null) {
            throw ErrorCode.InvalidParameterCombination.withMessage(durationParameter
                    + " is not supported when copying to or from a Local Zone.");
        }
    }

    /** Whether every copy on this route is encrypted: to an Outpost, or to a Local Zone that requires it. */
    boolean requiresEncryption() {
        return outpost != null || (zone != null && zone.requiresEncryption());
    }

    String zoneName() {
        return zone == null ? null : zone.name();
    }

    // A Local Zone destination is a zone of the request's Region, reached from that Region or from one of its zones.
    private static LocalZone requireLocalZone(CallContext ctx, Region source, String name, String id) {
        String asked = name != null ? name : id;
        LocalZone zone = ctx.region().localZone(asked);
        boolean matchesKind = zone != null && (name != null ? zone.name().equals(name) : zone.zoneId().equals(id));
        if (!matchesKind) {
            throw ErrorCode.InvalidParameterValue.withMessage("The destination zone " + asked + " is not a Local Zone "
                    + "of " + ctx.regionName() + ".");
        }
        if (!source.name().equals(ctx.regionName())) {
            throw ErrorCode.InvalidParameterValue.withMessage("To copy to the Local Zone " + zone.name()
                    + ", the source must be in its parent Region " + ctx.regionName() + " or one of its Local Zones, "
                    + "not in " + source.name() + ".");
        }
        return zone;
    }

    String outpostArn() {
        return outpost == null ? null : outpost.arn();
    }

    boolean sameRegion() {
        return source.name().equals(destination.name());
    }
}
