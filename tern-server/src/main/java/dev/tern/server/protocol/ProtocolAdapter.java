package dev.tern.server.protocol;

import dev.tern.account.CallContext;
import dev.tern.error.TernException;
import dev.tern.server.http.ApiRequest;
import dev.tern.server.http.ApiResponse;

/** One AWS wire protocol: turns a request into a service call and the result or error back into bytes. */
public interface ProtocolAdapter {
    /** The SigV4 service name of the credential scope this adapter answers, e.g. {@code ec2}. */
    String signingService();

    /** True when an unsigned or unroutable request looks like this protocol, so its error is in the right form. */
    boolean looksLike(ApiRequest request);

    ApiResponse handle(ApiRequest request, CallContext ctx);

    ApiResponse error(ApiRequest request, TernException error);
}
