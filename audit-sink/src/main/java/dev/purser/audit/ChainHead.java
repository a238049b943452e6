package dev.purser.audit;

/** The last event seen of a tenant's chain: its seq and the hex SHA-256 of its signed bytes. */
public record ChainHead(long seq, String hash) {
    public static final ChainHead GENESIS = new ChainHead(0, "0".repeat(64));
}
