package dev.tern.cli.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The caller's terminal, as far as output needs it: whether stdin and stdout are terminals, and how wide it is
 * ({@code columns}, 0 when unknown; 80 is used when stdout is not a terminal).
 */
public record Terminal(boolean stdin, boolean stdout, int columns) {
    public static final Terminal NONE = new Terminal(false, false, 0);

    /** This process's terminal. The width is asked for only when stdout is one (it costs a process). */
    public static Terminal ofThisProcess(Map<String, String> env) {
        java.io.Console c = System.console();
        if (c == null) {
            return NONE;
        }
        // System.console() is non-null only when stdin is a terminal; JDK 22+ says whether stdout is one too.
        boolean stdout = true;
        try {
            stdout = (boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            // JDK 21: a console means both are terminals
        }
        return new Terminal(true, stdout, stdout ? columns(env) : 0);
    }

    public int width() {
        return stdout && columns > 0 ? columns : 80;
    }

    private static int columns(Map<String, String> env) {
        String columns = env.get("COLUMNS");
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
            // unknown: the default width
        }
        return 0;
    }
}
