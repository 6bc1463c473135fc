package dev.tern.cli.aws;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** {@code --debug}: the SDK's debug log (requests, responses, signing) on stderr. */
final class Logging {
    private Logging() {}

    static void debug(boolean on) {
        if (on) {
            ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.DEBUG);
        }
    }
}
