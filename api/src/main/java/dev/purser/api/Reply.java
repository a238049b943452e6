package dev.purser.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.purser.schemas.Json;
import java.io.IOException;
import java.util.Arrays;

/**
 * A reply from the reply topic: its correlation id, HTTP-style status, and the body bytes exactly
 * as the ledger wrote them (so a replay answers byte for byte what the first call answered).
 */
public record Reply(String correlationId, int status, byte[] body) {

    /** Reads {@code {"correlation_id", "status", "body", ...}} without re-encoding the body. */
    public static Reply parse(byte[] value) throws IOException {
        String correlationId = null;
        int status = 0;
        byte[] body = null;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a reply must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "correlation_id" -> correlationId = token == JsonToken.VALUE_NULL ? null : parser.getText();
                    case "status" -> status = parser.getIntValue();
                    case "body" -> {
                        if (token != JsonToken.START_OBJECT) {
                            throw new IOException("a reply's body must be a JSON object");
                        }
                        int start = (int) parser.currentTokenLocation().getByteOffset();
                        parser.skipChildren();
                        int end = (int) parser.currentLocation().getByteOffset();
                        body = Arrays.copyOfRange(value, start, end);
                    }
                    default -> parser.skipChildren();
                }
            }
        }
        if (body == null || status == 0) {
            throw new IOException("a reply needs a status and a body");
        }
        return new Reply(correlationId, status, body);
    }
}
