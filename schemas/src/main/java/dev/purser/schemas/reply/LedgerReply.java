package dev.purser.schemas.reply;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.purser.schemas.Decision;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One reply on {@code purser.replies} (key = tenant), the single codec of its value
 * ({@code reply.schema.json}, PROTOCOL.md §8): {@code {"correlation_id", "verb", "idempotency_key",
 * "status", "body"}}. The ledger writes it, the bridge, the invariant checker, the load generator and
 * key activation read it, all through this class.
 *
 * <p>{@code body} is kept as the exact bytes the ledger wrote, so a replay answers byte for byte what
 * the first call answered. What a reader needs to know about the body without parsing it again,
 * {@link Summary}, is read in the same pass as the envelope.
 *
 * @param verb the command's wire verb; null when the command could not be read
 */
public record LedgerReply(String correlationId, String verb, String idempotencyKey, int status, Summary summary,
                          byte[] body) {
    private static final String KEY_ACTIVATED = "key_activated";
    private static final String DECIDER_ACTIVATED = "decider_activated";

    /**
     * The top-level facts of a body: the {@code decision} of a reserve (null otherwise) and the
     * {@code error.code} of an error (null for a decision, DENY included). An error code this
     * version does not know is kept as written.
     */
    public record Summary(Decision decision, String errorCode) {
        public static final Summary NONE = new Summary(null, null);

        public static Summary ofDecision(Decision decision) {
            return decision == null ? NONE : new Summary(decision, null);
        }

        public static Summary ofError(ErrorCode code) {
            return new Summary(null, code.name());
        }

        /** Reads the summary of a body on its own (an HTTP answer, a remembered reply). */
        public static Summary of(byte[] body) {
            try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return NONE;
                }
                return read(parser);
            } catch (IOException e) {
                return NONE;
            }
        }

        /** With the parser on a body's START_OBJECT: reads through it, keeping the top-level facts. */
        static Summary read(JsonParser parser) throws IOException {
            Decision decision = null;
            String errorCode = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if (field.equals("decision") && token == JsonToken.VALUE_STRING) {
                    decision = decisionOf(parser.getText());
                } else if (field.equals("error") && token == JsonToken.START_OBJECT) {
                    errorCode = errorCodeOf(parser);
                } else {
                    parser.skipChildren();
                }
            }
            return decision == null && errorCode == null ? NONE : new Summary(decision, errorCode);
        }

        private static Decision decisionOf(String text) {
            for (Decision d : Decision.values()) {
                if (d.name().equals(text)) {
                    return d;
                }
            }
            return null;
        }

        private static String errorCodeOf(JsonParser parser) throws IOException {
            String code = "";
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                if (field.equals("code") && token == JsonToken.VALUE_STRING) {
                    code = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            return code;
        }
    }

    /** An answer to {@code key_activated} that switched the key (a refusal is an error body). */
    public boolean keyActivated() {
        return KEY_ACTIVATED.equals(verb) && status == 200 && summary.errorCode() == null;
    }

    /** An answer to {@code decider_activated} that switched the decider (a refusal is an error body). */
    public boolean deciderActivated() {
        return DECIDER_ACTIVATED.equals(verb) && status == 200 && summary.errorCode() == null;
    }

    /** The record value. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 128);
        try (JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("correlation_id", correlationId);
            gen.writeStringField("verb", verb);
            gen.writeStringField("idempotency_key", idempotencyKey);
            gen.writeNumberField("status", status);
            gen.writeFieldName("body");
            gen.writeRawValue(new String(body, StandardCharsets.UTF_8));
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads a record value in one pass, fields in any order, unknown ones skipped, without
     * re-encoding the body. Throws when the value is not a reply (no status or no object body).
     */
    public static LedgerReply decode(byte[] value) throws IOException {
        String correlationId = null;
        String verb = null;
        String idempotencyKey = null;
        int status = 0;
        Summary summary = Summary.NONE;
        byte[] body = null;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("a reply must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "correlation_id" -> correlationId = textOrNull(parser, token);
                    case "verb" -> verb = textOrNull(parser, token);
                    case "idempotency_key" -> idempotencyKey = textOrNull(parser, token);
                    case "status" -> status = parser.getIntValue();
                    case "body" -> {
                        if (token != JsonToken.START_OBJECT) {
                            throw new IOException("a reply's body must be a JSON object");
                        }
                        int start = (int) parser.currentTokenLocation().getByteOffset();
                        summary = Summary.read(parser);
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
        return new LedgerReply(correlationId, verb, idempotencyKey, status, summary, body);
    }

    private static String textOrNull(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new IOException("expected a string or null, got " + token);
        }
        return parser.getText();
    }
}
