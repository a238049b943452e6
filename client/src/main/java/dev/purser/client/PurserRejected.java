package dev.purser.client;

/**
 * Purser answered with an error (docs/HTTP.md, error mapping): a bad request, an unknown or settled
 * reservation, a replay with another body, a bad token. Never retried: the same request would get
 * the same answer.
 */
public final class PurserRejected extends PurserException {
    private final int status;
    private final String code;
    private final String field;

    PurserRejected(int status, String code, String message, String field) {
        super(status + " " + code + (field == null ? "" : " (" + field + ")") + ": " + message, null);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public int status() {
        return status;
    }

    /** The protocol's {@code error.code}, e.g. {@code REPLAY_CONFLICT}, {@code RESERVATION_SETTLED}. */
    public String code() {
        return code;
    }

    /** The field the error names, or null. */
    public String field() {
        return field;
    }
}
