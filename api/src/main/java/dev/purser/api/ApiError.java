package dev.purser.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An error answered by the bridge itself: {@code {"error":{"code","message","field"}}} (PROTOCOL.md §5). */
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
        ObjectNode body = Json.MAPPER.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code.name());
        error.put("message", getMessage());
        if (field != null) {
            error.put("field", field);
        }
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
