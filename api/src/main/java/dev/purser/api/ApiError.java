package dev.purser.api;

import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.reply.ErrorBody;

/** An error answered by the bridge itself, its body rendered as the ledger's errors are ({@link ErrorBody}). */
public final class ApiError extends RuntimeException {
    private final ErrorCode code;
    private final String field;
    private final int status;

    public ApiError(ErrorCode code, String message, String field) {
        this(code, code.httpStatus(), message, field);
    }

    public ApiError(ErrorCode code, int status, String message, String field) {
        super(message);
        this.code = code;
        this.status = status;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public ErrorCode code() {
        return code;
    }

    public byte[] body() {
        return ErrorBody.of(code, getMessage(), field, null);
    }
}
