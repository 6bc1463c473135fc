package dev.tern.server.pipeline;

import dev.tern.server.wire.RestBinding.Route;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every operation Tern serves, of every service: the one list the pipeline, the fuzz test and the docs read. */
public final class OperationCatalog {
    /** A REST request matched to its operation, with the path's parameters. */
    public record RouteMatch(Operation operation, Map<String, String> pathParams) {}

    private final Map<Service, Map<String, Operation>> byService = new EnumMap<>(Service.class);

    public OperationCatalog(Collection<Operation> operations) {
        for (Operation op : operations) {
            var ops = byService.computeIfAbsent(op.service(), s -> new LinkedHashMap<>());
            if (ops.putIfAbsent(op.name(), op) != null) {
                throw new IllegalArgumentException("declared twice: " + op.iamAction());
            }
            if ((op.route() != null) != (op.service().wire() == Service.Wire.REST_JSON)) {
                throw new IllegalArgumentException(op.iamAction() + ": a route is for REST operations only");
            }
        }
    }

    /** The operation of {@code service} named {@code name}, or null. */
    public Operation get(Service service, String name) {
        Map<String, Operation> ops = byService.get(service);
        return ops == null ? null : ops.get(name);
    }

    public List<Operation> of(Service service) {
        return List.copyOf(byService.getOrDefault(service, Map.of()).values());
    }

    public List<Operation> all() {
        List<Operation> all = new ArrayList<>();
        byService.values().forEach(ops -> all.addAll(ops.values()));
        return all;
    }

    /** The REST operation of {@code service} at this method and path, or null. */
    public RouteMatch route(Service service, String method, String path) {
        for (Operation op : byService.getOrDefault(service, Map.of()).values()) {
            Route r = op.route();
            Map<String, String> params = r == null ? null : r.match(method, path);
            if (params != null) {
                return new RouteMatch(op, params);
            }
        }
        return null;
    }
}
