package dev.tern.server.wire;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What an adapter answers: status, content type, extra headers and body bytes. */
public record ApiResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    public static ApiResponse text(int status, String contentType, String body) {
        return new ApiResponse(status, contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    public static ApiResponse text(int status, String contentType, Map<String, String> headers, String body) {
        return new ApiResponse(status, contentType, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
