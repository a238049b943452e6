package dev.purser.client;

/** What a reserve does when Purser cannot be reached after every retry. */
public enum WhenUnavailable {
    /** Throw {@link PurserUnavailable}: no answer, no spending. The default. */
    FAIL_CLOSED,
    /**
     * Let the call through as {@link Decision#BYPASSED}, logged at WARN and marked on the span.
     * Only for callers that would rather overspend than stop; never the default.
     */
    BYPASS
}
