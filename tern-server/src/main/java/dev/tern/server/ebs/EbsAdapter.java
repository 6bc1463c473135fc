package dev.tern.server.ebs;

import dev.tern.account.CallContext;
import dev.tern.ebs.EbsService;
import dev.tern.ebs.SnapshotBlock;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;
import dev.tern.server.wire.JsonCodec;
import dev.tern.server.pipeline.JsonErrors;
import dev.tern.server.pipeline.ProtocolAdapter;
import dev.tern.server.wire.RestBinding;
import dev.tern.server.wire.RestBinding.Route;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ebs.model.CompleteSnapshotRequest;
import software.amazon.awssdk.services.ebs.model.GetSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.ListChangedBlocksRequest;
import software.amazon.awssdk.services.ebs.model.ListSnapshotBlocksRequest;
import software.amazon.awssdk.services.ebs.model.PutSnapshotBlockRequest;
import software.amazon.awssdk.services.ebs.model.StartSnapshotRequest;

/**
 * The EBS direct APIs in REST-JSON (SigV4 service {@code ebs}), at the routes and statuses of docs/ebs-direct.md.
 * Block data is the one thing outside the model's members: PutSnapshotBlock's request body and GetSnapshotBlock's
 * response body are the raw 512 KiB, passed to and from the service as bytes.
 */
public final class EbsAdapter implements ProtocolAdapter {
    private static final Route START = Route.of("POST", "/snapshots");
    private static final Route PUT_BLOCK = Route.of("PUT", "/snapshots/{snapshotId}/blocks/{blockIndex}");
    private static final Route COMPLETE = Route.of("POST", "/snapshots/completion/{snapshotId}");
    private static final Route LIST_BLOCKS = Route.of("GET", "/snapshots/{snapshotId}/blocks");
    private static final Route LIST_CHANGED = Route.of("GET", "/snapshots/{secondSnapshotId}/changedblocks");
    private static final Route GET_BLOCK = Route.of("GET", "/snapshots/{snapshotId}/blocks/{blockIndex}");
    private static final String JSON = "application/json";

    private final EbsService service;

    public EbsAdapter(EbsService service) {
        this.service = service;
    }

    @Override
    public String signingService() {
        return "ebs";
    }

    @Override
    public boolean looksLike(ApiRequest request) {
        return request.rawPath().startsWith("/snapshots");
    }

    @Override
    public boolean acceptsUnsignedPayload(ApiRequest request) {
        return PUT_BLOCK.match(request.method(), request.path()) != null;
    }

    @Override
    public ApiResponse handle(ApiRequest request, CallContext ctx) {
        String method = request.method();
        String path = request.path();
        Map<String, String> p;
        if ((p = START.match(method, path)) != null) {
            return json(201, ctx, service.startSnapshot(ctx, bind(StartSnapshotRequest.builder(), request, p)));
        }
        if ((p = PUT_BLOCK.match(method, path)) != null) {
            PutSnapshotBlockRequest put = bind(PutSnapshotBlockRequest.builder(), request, p);
            return json(201, ctx, service.putSnapshotBlock(ctx, put, request.body()));
        }
        if ((p = COMPLETE.match(method, path)) != null) {
            return json(202, ctx, service.completeSnapshot(ctx, bind(CompleteSnapshotRequest.builder(), request, p)));
        }
        if ((p = LIST_BLOCKS.match(method, path)) != null) {
            return json(200, ctx, service.listSnapshotBlocks(ctx, bind(ListSnapshotBlocksRequest.builder(), request, p)));
        }
        if ((p = LIST_CHANGED.match(method, path)) != null) {
            return json(200, ctx, service.listChangedBlocks(ctx, bind(ListChangedBlocksRequest.builder(), request, p)));
        }
        if ((p = GET_BLOCK.match(method, path)) != null) {
            SnapshotBlock block = service.getSnapshotBlock(ctx, bind(GetSnapshotBlockRequest.builder(), request, p));
            Map<String, String> headers = new LinkedHashMap<>(RestBinding.responseHeaders(block.response()));
            headers.put("x-amzn-RequestId", ctx.requestId());
            return new ApiResponse(200, "application/octet-stream", headers, block.data());
        }
        throw ErrorCode.UnknownOperationException.withMessage("No EBS direct API operation at " + method + " " + path);
    }

    @Override
    public ApiResponse error(ApiRequest request, TernException error) {
        TernException e = JsonErrors.translate(error);
        // Every ValidationException of EBS names a reason; ones raised by shared parsing have none of their own.
        if (e.code() == ErrorCode.ValidationException && e.reason() == null) {
            e = ErrorCode.ValidationException.withReason("INVALID_PARAMETER_VALUE", e.getMessage());
        }
        return JsonErrors.restJson(request, e);
    }

    private static <T> T bind(Object builder, ApiRequest request, Map<String, String> pathParams) {
        return RestBinding.bind((SdkPojo) builder, request, pathParams);
    }

    private static ApiResponse json(int status, CallContext ctx, SdkPojo result) {
        Map<String, String> headers = new LinkedHashMap<>(RestBinding.responseHeaders(result));
        headers.put("x-amzn-RequestId", ctx.requestId());
        return ApiResponse.text(status, JSON, headers, JsonCodec.write(result).toString());
    }
}
