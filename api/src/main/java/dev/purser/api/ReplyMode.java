package dev.purser.api;

/**
 * How the bridge reads replies (PROTOCOL.md §8). SPECULATIVE ({@code read_uncommitted}) answers as
 * soon as the ledger produced the reply: safe because a crash re-derives the same answer, as long
 * as every instance runs the same code and configuration. COMMITTED ({@code read_committed}) waits
 * for the ledger's transaction to commit: use it during rolling upgrades and configuration changes.
 */
public enum ReplyMode {
    SPECULATIVE("read_uncommitted"), COMMITTED("read_committed");

    private final String isolationLevel;

    ReplyMode(String isolationLevel) {
        this.isolationLevel = isolationLevel;
    }

    public String isolationLevel() {
        return isolationLevel;
    }
}
