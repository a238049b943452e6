package dev.purser.loadgen;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Reads the little the load generator needs from an answer without building a tree: the
 * {@code correlation_id} and {@code status} of a reply ({@code reply.schema.json}), and the
 * {@code error.code} of an error body (absent in a decision, DENY included).
 */
final class ReplyReader {
    private static final JsonFactory JSON = new JsonFactory();

    /** correlation id, status, error code (null for a decision). */
    record Reply(String correlationId, int status, String errorCode) {
    }

    private ReplyReader() {
    }

    static Reply reply(byte[] value) throws IOException {
        String correlationId = null;
        int status = -1;
        String errorCode = null;
        try (JsonParser p = JSON.createParser(value)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                switch (name) {
                    case "correlation_id" -> correlationId = token == JsonToken.VALUE_NULL ? null : p.getText();
                    case "status" -> status = p.getIntValue();
                    case "body" -> errorCode = errorCodeOfObject(p);
                    default -> p.skipChildren();
                }
            }
        }
        return new Reply(correlationId, status, errorCode);
    }

    /** The {@code error.code} of a body, or null. */
    static String errorCode(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            return p.nextToken() == JsonToken.START_OBJECT ? errorCodeOfObject(p) : null;
        } catch (IOException e) {
            return "UNREADABLE_BODY";
        }
    }

    /** With the parser on START_OBJECT: reads through the object, returning {@code error.code} if present. */
    private static String errorCodeOfObject(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String code = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken token = p.nextToken();
            if (name.equals("error") && token == JsonToken.START_OBJECT) {
                code = "UNKNOWN_ERROR";
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("code")) {
                        code = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
        }
        return code;
    }

    private static void expect(JsonToken actual, JsonToken wanted) throws IOException {
        if (actual != wanted) {
            throw new IOException("expected " + wanted + ", got " + actual);
        }
    }
}
