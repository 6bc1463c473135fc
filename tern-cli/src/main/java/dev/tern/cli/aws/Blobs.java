package dev.tern.cli.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Blob parameters. In the JSON tree a blob is base64 text; what the user typed becomes that text according to
 * {@code --cli-binary-format}: {@code base64} (the default) takes it as base64 already, {@code raw-in-base64-out}
 * takes its characters as the bytes. {@code fileb://} always gives the file's bytes.
 */
final class Blobs {
    private Blobs() {}

    static String fromTyped(String typed, String binaryFormat) {
        if ("raw-in-base64-out".equals(binaryFormat)) {
            return Base64.getEncoder().encodeToString(typed.getBytes(StandardCharsets.UTF_8));
        }
        return typed;
    }

    static byte[] decode(String base64, String path) {
        try {
            return Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new ParamException("Invalid base64: \"" + base64 + "\"");
        }
    }
}
