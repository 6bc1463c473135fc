package dev.tern.server.ebs;

import dev.tern.account.CallContext;
import dev.tern.ebs.EbsService;
import dev.tern.ebs.SnapshotBlock;
import dev.tern.server.pipeline.Access;
import dev.tern.server.pipeline.Access.Target;
import dev.tern.server.pipeline.Operation;
import dev.tern.server.pipeline.RawResult;
import dev.tern.server.pipeline.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.ListChangedBlocksRequest;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksRequest;
import software.amazon.awssdk.services.ebs.model.PutSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.StartSnapshotRequest;

/**
 * The EBS direct APIs (REST-JSON), at the routes and statuses of docs/ebs-direct.md. Block data is the one thing
 * outside the model's members: PutSnapshotBlock's request body and GetSnapshotBlock's response body are the raw
 * 512 KiB. IAM names their snapshots as EC2 does ({@code arn:aws:ec2:REGION::snapshot/snap-…}).
 */
public final class EbsApi {
    private EbsApi() {}

    public static List<Operation> operations(EbsService s) {
        List<Operation> ops = new ArrayList<>();
        ops.add(Operation.<StartSnapshotRequest>of(Service.EBS, "StartSnapshot", StartSnapshotRequest::builder,
                        s::startSnapshot)
                .route("POST", "/snapshots", 201).access((ctx, r) -> List.of(snapshot(ctx, "*"))).build());
        ops.add(Operation.<PutSnapshotBlockRequest>of(Service.EBS, "PutSnapshotBlock", PutSnapshotBlockRequest::builder,
                        null)
                .handlerWithPayload(s::putSnapshotBlock)
                .route("PUT", "/snapshots/{snapshotId}/blocks/{blockIndex}", 201)
                .access(named(PutSnapshotBlockRequest::snapshotId)).build());
        ops.add(Operation.<CompleteSnapshotRequest>of(Service.EBS, "CompleteSnapshot", CompleteSnapshotRequest::builder,
                        s::completeSnapshot)
                .route("POST", "/snapshots/completion/{snapshotId}", 202)
                .access(named(CompleteSnapshotRequest::snapshotId)).build());
        ops.add(Operation.<ListSnapshotBlocksRequest>of(Service.EBS, "ListSnapshotBlocks",
                        ListSnapshotBlocksRequest::builder, s::listSnapshotBlocks)
                .route("GET", "/snapshots/{snapshotId}/blocks", 200)
                .access(named(ListSnapshotBlocksRequest::snapshotId)).build());
        ops.add(Operation.<ListChangedBlocksRequest>of(Service.EBS, "ListChangedBlocks", ListChangedBlocksRequest::builder,
                        s::listChangedBlocks)
                .route("GET", "/snapshots/{secondSnapshotId}/changedblocks", 200)
                .access((ctx, request) -> {
                    ListChangedBlocksRequest r = (ListChangedBlocksRequest) request;
                    List<Target> targets = new ArrayList<>();
                    targets.add(snapshot(ctx, r.secondSnapshotId()));
                    if (r.firstSnapshotId() != null) {
                        targets.add(snapshot(ctx, r.firstSnapshotId()));
                    }
                    return targets;
                }).build());
        ops.add(Operation.<GetSnapshotBlockRequest>of(Service.EBS, "GetSnapshotBlock", GetSnapshotBlockRequest::builder,
                        (ctx, r) -> {
                            SnapshotBlock block = s.getSnapshotBlock(ctx, r);
                            return new RawResult(block.response(), block.data());
                        })
                .route("GET", "/snapshots/{snapshotId}/blocks/{blockIndex}", 200)
                .access(named(GetSnapshotBlockRequest::snapshotId)).build());
        return ops;
    }

    @SuppressWarnings("unchecked")
    private static <Q> Access named(Function<Q, String> id) {
        return (ctx, request) -> List.of(snapshot(ctx, id.apply((Q) request)));
    }

    private static Target snapshot(CallContext ctx, String id) {
        String arn = "arn:aws:ec2:" + ctx.regionName() + "::snapshot/" + (id == null ? "*" : id);
        return "*".equals(id) || id == null ? Target.of(arn) : new Target(arn, id, ctx.regionName());
    }
}
