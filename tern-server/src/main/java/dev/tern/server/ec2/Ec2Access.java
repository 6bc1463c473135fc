package dev.tern.server.ec2;

import dev.tern.TernServices;
import dev.tern.account.CallContext;
import dev.tern.config.Partition;
import dev.tern.error.TernException;
import dev.tern.images.BlockDeviceRow;
import dev.tern.server.pipeline.Access;
import dev.tern.server.pipeline.Access.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.ec2.model.CopyImageRequest;
import software.amazon.awssdk.services.ec2.model.CopySnapshotRequest;

/**
 * The EC2 resources an action acts on, as IAM names them: {@code arn:aws:ec2:REGION::image/ami-…} and
 * {@code arn:aws:ec2:REGION::snapshot/snap-…}. A resource the call creates has no id yet and is {@code image/*} or
 * {@code snapshot/*}. CopyImage also acts on its source image and the source's snapshots (docs/iam.md).
 */
final class Ec2Access {
    private Ec2Access() {}

    static String arn(String region, String resource) {
        return "arn:" + Partition.ofRegion(region).id() + ":ec2:" + region + "::" + resource;
    }

    /** The image a member names. */
    @SuppressWarnings("unchecked")
    static <Q> Access image(Function<Q, String> id) {
        return (ctx, request) -> List.of(typed(ctx.regionName(), "image/", id.apply((Q) request)));
    }

    /** The snapshot a member names. */
    @SuppressWarnings("unchecked")
    static <Q> Access snapshot(Function<Q, String> id) {
        return (ctx, request) -> List.of(typed(ctx.regionName(), "snapshot/", id.apply((Q) request)));
    }

    /** Every resource a list member names (CreateTags, DeleteTags). */
    @SuppressWarnings("unchecked")
    static <Q> Access each(Function<Q, List<String>> ids) {
        return (ctx, request) -> {
            List<Target> targets = new ArrayList<>();
            for (String id : ids.apply((Q) request)) {
                targets.add(existing(ctx.regionName(), id));
            }
            return targets;
        };
    }

    /** A new resource of {@code type} (image, snapshot) in the caller's Region. */
    static Access creates(String type) {
        return (ctx, request) -> List.of(Target.of(arn(ctx.regionName(), type + "/*")));
    }

    static Access copyImage(TernServices s) {
        return (ctx, request) -> {
            CopyImageRequest r = (CopyImageRequest) request;
            List<Target> targets = new ArrayList<>();
            targets.add(Target.of(arn(ctx.regionName(), "image/*")));
            targets.add(typed(r.sourceRegion(), "image/", r.sourceImageId()));
            for (String snapshotId : sourceSnapshots(s, ctx, r)) {
                targets.add(existing(r.sourceRegion(), snapshotId));
            }
            return targets;
        };
    }

    static Access copySnapshot() {
        return (ctx, request) -> {
            CopySnapshotRequest r = (CopySnapshotRequest) request;
            return List.of(Target.of(arn(ctx.regionName(), "snapshot/*")), typed(r.sourceRegion(), "snapshot/", r.sourceSnapshotId()));
        };
    }

    /**
     * The snapshots of the source image the caller can see; none when the image cannot be found, which CopyImage
     * itself then refuses with the error EC2 gives.
     */
    private static List<String> sourceSnapshots(TernServices s, CallContext ctx, CopyImageRequest r) {
        var source = s.regions().get(r.sourceRegion());
        if (source == null || r.sourceImageId() == null) {
            return List.of();
        }
        try {
            return s.catalog().read(h -> {
                s.images().requireVisible(h, ctx.inRegion(source), r.sourceImageId());
                List<String> ids = new ArrayList<>();
                for (BlockDeviceRow d : s.images().blockDevices(h, r.sourceImageId())) {
                    if (d.snapshotId() != null) {
                        ids.add(d.snapshotId());
                    }
                }
                return ids;
            });
        } catch (TernException notVisible) {
            return List.of();
        }
    }

    private static Target typed(String region, String type, String id) {
        return id == null || region == null ? Target.ALL : new Target(arn(region, type + id), id, region);
    }

    /** A resource told apart by its id's prefix; one of another kind is matched as "*". */
    private static Target existing(String region, String id) {
        if (id == null || region == null) {
            return Target.ALL;
        }
        String type = id.startsWith("snap-") ? "snapshot/" : id.startsWith("ami-") ? "image/" : null;
        return type == null ? Target.ALL : new Target(arn(region, type + id), id, region);
    }
}
