package dev.tern.server.pipeline;

import dev.tern.error.TernException;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;

/** One of the four AWS wire protocols: which operation a request names, its members, and the answer's bytes. */
public interface WireProtocol {
    /** A request read: the operation it names and its SDK model request. */
    record Call(Operation operation, Object request) {}

    /** Reads a request of {@code service}; unknown operations and malformed members are the protocol's errors. */
    Call read(ApiRequest request, Service service);

    ApiResponse write(Call call, Object result, String requestId);

    /** The one error document of this protocol, from the one error table (dev.tern.error.ErrorCode). */
    ApiResponse error(ApiRequest request, Service service, TernException error);
}
