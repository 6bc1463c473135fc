package dev.tern.server.pipeline;

import dev.tern.account.CallContext;
import dev.tern.error.TernException;
import dev.tern.server.wire.ApiRequest;
import dev.tern.server.wire.ApiResponse;

/** One AWS wire protocol: turns a request into a service call and the result or error back into bytes. */
public interface ProtocolAdapter {
    /** The SigV4 service name of the credential scope this adapter answers, e.g. {@code ec2}. */
    String signingService();

    /** True when an unsigned or unroutable request looks like this protocol, so its error is in the right form. */
    boolean looksLike(ApiRequest request);

    /**
     * Whether this request may leave its body out of the signature ({@code x-amz-content-sha256:
     * UNSIGNED-PAYLOAD}): only where AWS allows it, as for EBS direct PutSnapshotBlock, whose block is covered by
     * the signed checksum header instead. Everywhere else an unsigned body could be swapped under the signature.
     */
    default boolean acceptsUnsignedPayload(ApiRequest request) {
        return false;
    }

    ApiResponse handle(ApiRequest request, CallContext ctx);

    ApiResponse error(ApiRequest request, TernException error);
}
