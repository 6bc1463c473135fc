package dev.tern.server.outposts;

import dev.tern.account.CallContext;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.outposts.OutpostService;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;
import dev.tern.server.wire.JsonCodec;
import dev.tern.server.pipeline.JsonErrors;
import dev.tern.server.pipeline.ProtocolAdapter;
import dev.tern.server.wire.RestBinding;
import dev.tern.server.wire.RestBinding.Route;
import java.util.Map;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.outposts.model.GetOutpostRequest;
import software.amazon.awssdk.services.outposts.model.ListOutpostsRequest;

/** The Outposts REST-JSON API (SigV4 service {@code outposts}): ListOutposts and GetOutpost. */
public final class OutpostsAdapter implements ProtocolAdapter {
    private static final Route LIST = Route.of("GET", "/outposts");
    private static final Route GET = Route.of("GET", "/outposts/{OutpostId}");

    private final OutpostService service;

    public OutpostsAdapter(OutpostService service) {
        this.service = service;
    }

    @Override
    public String signingService() {
        return "outposts";
    }

    @Override
    public boolean looksLike(ApiRequest request) {
        return request.rawPath().startsWith("/outposts");
    }

    @Override
    public ApiResponse handle(ApiRequest request, CallContext ctx) {
        String path = request.path();
        Map<String, String> params;
        SdkPojo result;
        if ((params = LIST.match(request.method(), path)) != null) {
            result = service.listOutposts(ctx, RestBinding.bind((SdkPojo) ListOutpostsRequest.builder(), request, params));
        } else if ((params = GET.match(request.method(), path)) != null) {
            result = service.getOutpost(ctx, RestBinding.bind((SdkPojo) GetOutpostRequest.builder(), request, params));
        } else {
            throw ErrorCode.UnknownOperationException.withMessage("No Outposts operation at " + request.method() + " " + path);
        }
        return ApiResponse.text(200, "application/json", Map.of("x-amzn-RequestId", ctx.requestId()),
                JsonCodec.write(result).toString());
    }

    @Override
    public ApiResponse error(ApiRequest request, TernException error) {
        return JsonErrors.restJson(request, JsonErrors.translate(error));
    }
}
