package dev.purser.schemas;

/** Errors that are not decisions (PROTOCOL.md §5), to the letter, with their HTTP status. */
public enum ErrorCode {
    INVALID_REQUEST(400),
    UNAUTHENTICATED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    REPLAY_CONFLICT(409),
    RESERVATION_EXISTS(409),
    RESERVATION_SETTLED(409),
    RESERVATION_RELEASED(409),
    RESERVATION_EXPIRED(409),
    RESERVATION_NOT_COMMITTED(409),
    REFUND_EXCEEDS_CHARGE(409),
    REFUND_WINDOW_CLOSED(409),
    /** A new budget past {@code ledger.max.budgets.per.tenant}; a Purser addition to PROTOCOL.md §5's list. */
    TOO_MANY_BUDGETS(409),
    EXPIRED_BEYOND_GRACE(410),
    TOO_MANY_REQUESTS(429),
    TIMEOUT(504),
    UNAVAILABLE(503);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
