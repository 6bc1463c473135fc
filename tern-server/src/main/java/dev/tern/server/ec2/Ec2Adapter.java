package dev.tern.server.ec2;

import dev.tern.account.CallContext;
import dev.tern.error.ErrorCode;
import dev.tern.error.TernException;
import dev.tern.server.http.ApiRequest;
import dev.tern.server.http.ApiResponse;
import dev.tern.server.protocol.Ec2XmlWriter;
import dev.tern.server.protocol.FormParams;
import dev.tern.server.protocol.ProtocolAdapter;
import dev.tern.server.protocol.QueryReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/** The EC2 Query protocol: form or query-string parameters in, namespaced XML out. */
public final class Ec2Adapter implements ProtocolAdapter {
    private static final String CONTENT_TYPE = "text/xml;charset=UTF-8";
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final Ec2Operations operations;

    public Ec2Adapter(Ec2Operations operations) {
        this.operations = operations;
    }

    @Override
    public String signingService() {
        return "ec2";
    }

    @Override
    public boolean looksLike(ApiRequest request) {
        return true;
    }

    @Override
    public ApiResponse handle(ApiRequest request, CallContext ctx) {
        Map<String, String> params = parameters(request);
        String action = params.remove("Action");
        String version = params.remove("Version");
        if (action == null || action.isEmpty()) {
            throw ErrorCode.MissingAction.exception();
        }
        Ec2Operation<?, ?> op = operations.get(action);
        if (op == null) {
            throw ErrorCode.InvalidAction.format(action);
        }
        if (version == null || version.isEmpty()) {
            throw ErrorCode.MissingParameter.format("Version");
        }
        if (!VERSION.matcher(version).matches()) {
            throw ErrorCode.NoSuchVersion.format(version);
        }
        SdkPojo response = invoke(op, ctx, params);
        String xml = Ec2XmlWriter.render(action, ctx.requestId(), response);
        return ApiResponse.text(200, CONTENT_TYPE, Map.of("x-amzn-RequestId", ctx.requestId()), xml);
    }

    @SuppressWarnings("unchecked")
    private static <Q, R extends SdkPojo> SdkPojo invoke(Ec2Operation<Q, R> op, CallContext ctx, Map<String, String> params) {
        SdkPojo builder = (SdkPojo) op.newRequestBuilder().get();
        for (String name : op.required()) {
            if (!hasParameter(params, name)) {
                throw ErrorCode.MissingParameter.format(name);
            }
        }
        Q request = QueryReader.read(builder, params);
        if (!op.checksDryRun() && isDryRun((SdkPojo) request)) {
            // Authorisation is the only check a dry run of most actions makes; every account may call every action
            // until IAM lands. The copy actions check their request first (docs/copying.md).
            throw ErrorCode.DryRunOperation.exception();
        }
        BiFunction<CallContext, Q, R> handler = op.handler();
        return handler.apply(ctx, request);
    }

    private static boolean hasParameter(Map<String, String> params, String name) {
        if (params.containsKey(name)) {
            return true;
        }
        String prefix = name + ".";
        for (String key : params.keySet()) {
            if (key.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDryRun(SdkPojo request) {
        for (SdkField<?> field : request.sdkFields()) {
            if (field.memberName().equals("DryRun")) {
                return Boolean.TRUE.equals(field.getValueOrDefault(request));
            }
        }
        return false;
    }

    /** Query-string and form-body parameters together, minus SigV4's own query parameters. */
    private static Map<String, String> parameters(ApiRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        for (FormParams.Param p : FormParams.parse(request.rawQuery())) {
            if (!p.name().startsWith("X-Amz-")) {
                params.put(p.name(), p.value());
            }
        }
        if (request.body() != null && request.body().length > 0) {
            String contentType = request.firstHeader("content-type");
            if (contentType != null && !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                throw ErrorCode.InvalidRequest.withMessage("Unsupported content type " + contentType
                        + ": EC2 takes application/x-www-form-urlencoded.");
            }
            for (FormParams.Param p : FormParams.parse(new String(request.body(), StandardCharsets.UTF_8))) {
                params.put(p.name(), p.value());
            }
        }
        return params;
    }

    @Override
    public ApiResponse error(ApiRequest request, TernException error) {
        String xml = Ec2XmlWriter.error(error.code().code(), error.getMessage(), request.requestId());
        return ApiResponse.text(error.code().httpStatus(), CONTENT_TYPE, Map.of("x-amzn-RequestId", request.requestId()), xml);
    }
}
