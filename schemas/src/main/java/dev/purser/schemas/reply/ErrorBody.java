package dev.purser.schemas.reply;

import dev.purser.schemas.CanonicalWriter;
import dev.purser.schemas.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error body, the one renderer of it for the ledger and the bridge alike (PROTOCOL.md §5):
 * {@code {"error":{"code","message","field"?},"decision_id"?}} as canonical JSON. The ledger's errors
 * carry the decision id they were given; the bridge's own errors have none.
 */
public final class ErrorBody {
    private ErrorBody() {
    }

    public static byte[] of(ErrorCode code, String message, String field, String decisionId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code.name());
        error.put("message", message);
        if (field != null) {
            error.put("field", field);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (decisionId != null) {
            body.put("decision_id", decisionId);
        }
        return CanonicalWriter.write(body).getBytes(StandardCharsets.UTF_8);
    }
}
