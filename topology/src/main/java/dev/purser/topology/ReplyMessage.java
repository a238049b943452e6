package dev.purser.topology;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.purser.schemas.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One reply on the reply topic: key = tenant, value = {@code {"correlation_id", "verb",
 * "idempotency_key", "status", "body"}} (see {@code reply.schema.json}). {@code body} is kept as
 * bytes so that a replay answers with the original body byte for byte. {@code replyPartition}
 * only routes the record and is not written.
 */
record ReplyMessage(String correlationId, Integer replyPartition, String verb, String idempotencyKey, int status,
                    byte[] body) {

    byte[] toJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 128);
        try (JsonGenerator gen = Json.MAPPER.getFactory().createGenerator(out)) {
            gen.writeStartObject();
            gen.writeStringField("correlation_id", correlationId);
            gen.writeStringField("verb", verb);
            gen.writeStringField("idempotency_key", idempotencyKey);
            gen.writeNumberField("status", status);
            gen.writeFieldName("body");
            gen.writeRawValue(new String(body, java.nio.charset.StandardCharsets.UTF_8));
            gen.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
