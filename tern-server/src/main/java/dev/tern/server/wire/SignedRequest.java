package dev.tern.server.wire;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * What SigV4 needs of an HTTP request, free of any server API.
 *
 * @param method the HTTP method
 * @param rawPath the path as sent, still percent-encoded
 * @param rawQuery the query string as sent, or null
 * @param header all values of a header by lower-case name (empty when absent)
 * @param headerNames the names of the headers the request carries, in any case
 * @param body the body, for the payload hash when no x-amz-content-sha256 header is sent
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Function<String, List<String>> header,
        Collection<String> headerNames, byte[] body) {

    public String firstHeader(String name) {
        List<String> values = header.apply(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
