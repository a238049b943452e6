package dev.purser.schemas.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.CanonicalWriter;
import dev.purser.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * One audit event as signed (PROTOCOL.md §6): the CloudEvents attributes, {@code data} as RFC 8785
 * text, and the Ed25519 signature over the canonical JSON of
 * {@code {id, source, type, datacontenttype, time, data}}.
 */
public record SignedAuditEvent(String id, String source, String type, String subject, String time, String data,
                               String signature) {
    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    /** The bytes the signature covers and the chain hashes. */
    public byte[] signedBytes() {
        return signedBytes(id, source, type, time, data);
    }

    /** The RFC 8785 form of {@code {id, source, type, datacontenttype, time, data}}: keys in sorted order. */
    public static byte[] signedBytes(String id, String source, String type, String time, String canonicalData) {
        StringBuilder out = new StringBuilder(canonicalData.length() + 256);
        out.append("{\"data\":").append(canonicalData);
        out.append(",\"datacontenttype\":");
        CanonicalWriter.string(out, DATA_CONTENT_TYPE);
        field(out, "id", id);
        field(out, "source", source);
        field(out, "time", time);
        field(out, "type", type);
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The structured-mode JSON form ({@code application/cloudevents+json}), canonical. */
    public byte[] toStructuredJson() {
        StringBuilder out = new StringBuilder(data.length() + 512);
        out.append("{\"data\":").append(data);
        out.append(",\"datacontenttype\":");
        CanonicalWriter.string(out, DATA_CONTENT_TYPE);
        field(out, "id", id);
        field(out, "signature", signature);
        field(out, "source", source);
        field(out, "specversion", SPEC_VERSION);
        if (subject != null) {
            field(out, "subject", subject);
        }
        field(out, "time", time);
        field(out, "type", type);
        return out.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder out, String name, String value) {
        out.append(",\"").append(name).append("\":");
        if (value == null) {
            out.append("null");
        } else {
            CanonicalWriter.string(out, value);
        }
    }

    /** Reads the structured-mode JSON form back; {@code data} is re-canonicalized. */
    public static SignedAuditEvent fromStructuredJson(byte[] json) {
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON CloudEvent", e);
        }
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("not a JSON CloudEvent");
        }
        return new SignedAuditEvent(text(event, "id"), text(event, "source"), text(event, "type"),
                text(event, "subject"), text(event, "time"), CanonicalJson.canonicalize(event.path("data")),
                text(event, "signature"));
    }

    public JsonNode dataNode() {
        return readTree(data);
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static JsonNode readTree(String json) {
        try {
            return Json.MAPPER.readTree(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
