package dev.tern.config;

/** A configuration that Tern cannot start with; the message says what and where. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
