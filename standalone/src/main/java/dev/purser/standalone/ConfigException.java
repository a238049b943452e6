package dev.purser.standalone;

/** A configuration that Purser refuses to start with; the message says which key, value and source. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
