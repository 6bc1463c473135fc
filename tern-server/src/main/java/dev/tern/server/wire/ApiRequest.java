package dev.tern.server.wire;

import dev.tern.server.wire.SignedRequest;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * An HTTP request as the protocol adapters see it: fully read, independent of Jetty.
 *
 * @param header all values of a header by lower-case name
 * @param headerNames the names of the headers sent, in any case
 * @param sourceIp the client's address (aws:SourceIp), or null where there is none
 */
public record ApiRequest(String method, String rawPath, String rawQuery, Function<String, List<String>> header,
        Collection<String> headerNames, byte[] body, String requestId, String sourceIp) {

    public String firstHeader(String name) {
        List<String> values = header.apply(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The path with percent-escapes resolved. */
    public String path() {
        return java.net.URLDecoder.decode(rawPath.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    }

    public SignedRequest signed() {
        return new SignedRequest(method, rawPath, rawQuery, header, headerNames, body);
    }
}
