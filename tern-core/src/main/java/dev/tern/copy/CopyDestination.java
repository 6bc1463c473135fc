package dev.tern.copy;

import dev.tern.account.CallContext;
import dev.tern.config.OutpostArn;
import dev.tern.config.Region;
import dev.tern.config.Regions;
import dev.tern.error.ErrorCode;

/**
 * Where a copy comes from and goes to (docs/copying.md, "Routes"): the source Region named by SourceRegion, and the
 * Region of the request, or an Outpost of it. Checked before anything is read, so a wrong route costs nothing.
 */
record CopyDestination(Region source, Region destination, OutpostArn outpost) {
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
        if (availabilityZone != null || availabilityZoneId != null) {
            String zone = availabilityZone != null ? availabilityZone : availabilityZoneId;
            throw ErrorCode.InvalidParameterValue.withMessage("The destination zone " + zone + " is not a Local Zone "
                    + "of " + ctx.regionName() + ".");
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
        return new CopyDestination(source, ctx.region(), outpost);
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
        return minutes.intValue();
    }

    String outpostArn() {
        return outpost == null ? null : outpost.arn();
    }

    boolean sameRegion() {
        return source.name().equals(destination.name());
    }
}
