package dev.tern.server.pipeline;

import dev.tern.account.CallContext;
import dev.tern.server.wire.RestBinding.Route;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * One operation of one service, declared once: everything the pipeline needs to read, authorize, answer and write
 * it. The wire format of its request and result is derived from the SDK model classes, never written here.
 *
 * @param service the service that answers it; its IAM action is {@code service:name}
 * @param name the operation's name, e.g. CopyImage (the Query {@code Action}, the JSON target's suffix)
 * @param newRequest a fresh builder of its SDK model request, e.g. {@code CopyImageRequest::builder}
 * @param required the members the model marks required, by wire name, refused as missing before the service runs
 * @param route for REST protocols, the method and path template; null for the others
 * @param successStatus the HTTP status of a success
 * @param access what the call acts on, for authorization
 * @param handler what answers it
 * @param serviceAnswersDryRun whether the service answers DryRun itself after the checks it can make without
 *     changing anything (CopyImage, CopySnapshot); otherwise the pipeline answers it once authorized
 */
public record Operation(Service service, String name, Supplier<?> newRequest, Set<String> required, Route route,
        int successStatus, Access access, Handler handler, boolean serviceAnswersDryRun) {

    /** Answers a call. {@code payload} is the raw request body, for the one operation whose data is not a member. */
    @FunctionalInterface
    public interface Handler {
        Object handle(CallContext ctx, Object request, byte[] payload);
    }

    public Operation {
        Objects.requireNonNull(service);
        Objects.requireNonNull(name);
        Objects.requireNonNull(newRequest);
        Objects.requireNonNull(access);
        Objects.requireNonNull(handler);
        required = Set.copyOf(required);
    }

    /** The IAM action a policy names for it, e.g. {@code ec2:CopyImage}. */
    public String iamAction() {
        return service.signingName() + ":" + name;
    }

    public static <Q> Builder<Q> of(Service service, String name, Supplier<?> newRequest,
            BiFunction<CallContext, Q, ?> handler) {
        return new Builder<Q>(service, name, newRequest).handler(handler);
    }

    /** Declaration by name, so each catalogue line reads as what it declares. */
    public static final class Builder<Q> {
        private final Service service;
        private final String name;
        private final Supplier<?> newRequest;
        private Set<String> required = Set.of();
        private Route route;
        private int successStatus = 200;
        private Access access = Access.ANY;
        private Handler handler;
        private boolean serviceAnswersDryRun;

        private Builder(Service service, String name, Supplier<?> newRequest) {
            this.service = service;
            this.name = name;
            this.newRequest = newRequest;
        }

        @SuppressWarnings("unchecked")
        public Builder<Q> handler(BiFunction<CallContext, Q, ?> h) {
            this.handler = h == null ? null : (ctx, request, payload) -> h.apply(ctx, (Q) request);
            return this;
        }

        /** For an operation that takes its data as the raw body (EBS PutSnapshotBlock). */
        @SuppressWarnings("unchecked")
        public Builder<Q> handlerWithPayload(PayloadHandler<Q> h) {
            this.handler = (ctx, request, payload) -> h.handle(ctx, (Q) request, payload);
            return this;
        }

        public Builder<Q> required(String... members) {
            this.required = Set.of(members);
            return this;
        }

        public Builder<Q> route(String method, String template, int status) {
            this.route = Route.of(method, template);
            this.successStatus = status;
            return this;
        }

        public Builder<Q> access(Access a) {
            this.access = a;
            return this;
        }

        public Builder<Q> serviceAnswersDryRun() {
            this.serviceAnswersDryRun = true;
            return this;
        }

        public Operation build() {
            return new Operation(service, name, newRequest, required, route, successStatus, access, handler,
                    serviceAnswersDryRun);
        }
    }

    @FunctionalInterface
    public interface PayloadHandler<Q> {
        Object handle(CallContext ctx, Q request, byte[] payload);
    }
}
