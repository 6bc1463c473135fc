package dev.tern.cli.aws;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The terminal, as far as output needs it: whether stdout is one, and how wide it is (80 when it is not one). */
final class Terminal {
    private Terminal() {}

    static boolean stdoutIsTty() {
        // System.console() is non-null only when both stdin and stdout are terminals; JDK 22+ says which exactly.
        java.io.Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    static int width() {
        if (!stdoutIsTty()) {
            return 80;
        }
        String columns = System.getenv("COLUMNS");
        if (columns != null && columns.matches("\\d+")) {
            return Integer.parseInt(columns);
        }
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.INHERIT).start();
            String size = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            if (p.waitFor(1, TimeUnit.SECONDS) && size.matches("\\d+ \\d+")) {
                return Integer.parseInt(size.split(" ")[1]);
            }
        } catch (IOException | InterruptedException e) {
            // fall through to the default
        }
        return 80;
    }
}
