package dev.purser.schemas.audit;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The serde of {@code purser.audit} values: a signed event in the structured content mode of the
 * CloudEvents Kafka protocol binding — the value is the event in the JSON event format
 * ({@link SignedAuditEvent#toStructuredJson}) and the {@code content-type} header names that format
 * ({@link AuditEventFormat#CONTENT_TYPE}). What the CloudEvents SDK's {@code CloudEventSerializer}
 * writes with {@link AuditEventFormat}, byte for byte and header for header (AuditEventFormatTest),
 * without building an SDK event per record.
 */
public final class AuditEventSerde implements Serde<SignedAuditEvent> {
    /** The binding's header for the content type of a structured-mode record. */
    public static final String CONTENT_TYPE_HEADER = "content-type";
    private static final byte[] CONTENT_TYPE = AuditEventFormat.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);

    @Override
    public Serializer<SignedAuditEvent> serializer() {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, SignedAuditEvent event) {
                return event == null ? null : event.toStructuredJson();
            }

            @Override
            public byte[] serialize(String topic, Headers headers, SignedAuditEvent event) {
                if (event == null) {
                    return null;
                }
                headers.remove(CONTENT_TYPE_HEADER);
                headers.add(CONTENT_TYPE_HEADER, CONTENT_TYPE);
                return event.toStructuredJson();
            }
        };
    }

    /** Throws {@link SerializationException} on a value that is not a structured audit event. */
    @Override
    public Deserializer<SignedAuditEvent> deserializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                return SignedAuditEvent.fromStructuredJson(value);
            } catch (RuntimeException e) {
                throw new SerializationException("not an audit event on " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
