package dev.tern.cli.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import dev.tern.cli.host.Host;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Parameter values read from files, as in the AWS CLI: {@code file://PATH} is the file's text, {@code fileb://PATH}
 * its bytes (for blobs). {@code ~} at the start of the path is the home directory, and a relative path is under the caller's directory
 * ({@link Host#path}).
 */
final class ParamFiles {
    private final Host host;

    ParamFiles(Host host) {
        this.host = host;
    }

    /** A value as typed or as read; {@code bytes} is set only for fileb://. */
    record Value(String text, byte[] bytes, boolean fromFile) {
        boolean binary() {
            return bytes != null;
        }

        String base64() {
            return Base64.getEncoder().encodeToString(bytes);
        }
    }

    Value resolve(String typed) {
        if (typed.startsWith("file://")) {
            return new Value(new String(read(typed.substring(7)), StandardCharsets.UTF_8), null, true);
        }
        if (typed.startsWith("fileb://")) {
            byte[] bytes = read(typed.substring(8));
            return new Value(new String(bytes, StandardCharsets.ISO_8859_1), bytes, true);
        }
        return new Value(typed, null, false);
    }

    String text(String typed) {
        return resolve(typed).text();
    }

    private byte[] read(String path) {
        Path p = host.path(path);
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new ParamException("Error parsing parameter: Unable to load paramfile " + path + ": "
                    + "[Errno 2] No such file or directory: '" + host.expand(path) + "'");
        }
    }
}
