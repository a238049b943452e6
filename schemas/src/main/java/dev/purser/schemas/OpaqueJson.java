package dev.purser.schemas;

/**
 * A JSON value Purser records but never interprets ({@code identity}, {@code metadata}, {@code usage}),
 * held as its RFC 8785 canonical text so that it is copied into audit events byte for byte.
 */
public record OpaqueJson(String canonical) {
    public OpaqueJson {
        if (canonical == null || canonical.isEmpty()) {
            throw new IllegalArgumentException("canonical JSON text required");
        }
    }
}
