package dev.purser.client;

/** How a reserve was answered (docs/PROTOCOL.md, reserve decisions), plus the client's own bypass. */
public enum Decision {
    /** The whole amount is held. */
    ALLOW,
    /** Less than the amount, at least {@code min_amount}, is held: spend at most {@link Hold#amountHeld()}. */
    ALLOW_WITH_CAPS,
    /** Nothing is held; the call must not be made. An answer, never retried. */
    DENY,
    /**
     * Purser could not be reached and the client is configured to let calls through
     * ({@link WhenUnavailable#BYPASS}); nothing is held and nothing will be settled. Logged at WARN.
     */
    BYPASSED;

    /** Whether the caller may spend. */
    public boolean allowsSpending() {
        return this != DENY;
    }
}
