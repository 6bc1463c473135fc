package dev.tern.server.pipeline;

import dev.tern.error.ErrorCode;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.FormParams;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** What the two Query protocols (EC2's and IAM/STS's) share: parameters, Action, Version and required members. */
final class QueryParams {
    private static final Pattern VERSION = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private QueryParams() {}

    /** Query-string and form-body parameters together, minus SigV4's own query parameters. */
    static Map<String, String> of(ApiRequest request) {
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
                        + ": Query APIs take application/x-www-form-urlencoded.");
            }
            for (FormParams.Param p : FormParams.parse(new String(request.body(), StandardCharsets.UTF_8))) {
                params.put(p.name(), p.value());
            }
        }
        return params;
    }

    /**
     * The operation {@code Action} names, after checking Version and the required members; removes Action and
     * Version from {@code params}, leaving the members.
     */
    static Operation operation(Map<String, String> params, OperationCatalog catalog, Service service) {
        String action = params.remove("Action");
        String version = params.remove("Version");
        if (action == null || action.isEmpty()) {
            throw ErrorCode.MissingAction.exception();
        }
        Operation op = catalog.get(service, action);
        if (op == null) {
            throw ErrorCode.InvalidAction.format(action);
        }
        if (version == null || version.isEmpty()) {
            throw ErrorCode.MissingParameter.format("Version");
        }
        if (!VERSION.matcher(version).matches()) {
            throw ErrorCode.NoSuchVersion.format(version);
        }
        for (String name : op.required()) {
            if (!present(params, name)) {
                throw ErrorCode.MissingParameter.format(name);
            }
        }
        return op;
    }

    private static boolean present(Map<String, String> params, String name) {
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
}
