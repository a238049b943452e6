package dev.purser.schemas.audit;

import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.format.EventSerializationException;
import io.cloudevents.rw.CloudEventDataMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * The CloudEvents JSON event format as Purser writes it: canonical (RFC 8785) structured-mode
 * JSON with {@code time} always in milliseconds and {@code Z}. Plugged into the CloudEvents SDK's
 * Kafka {@code CloudEventSerializer}, which would otherwise print {@code 10:00:00.5Z} and break the
 * signed form. Reading accepts any CloudEvents JSON of an audit event.
 */
public final class AuditEventFormat implements EventFormat {
    public static final String CONTENT_TYPE = "application/cloudevents+json";
    public static final AuditEventFormat INSTANCE = new AuditEventFormat();

    @Override
    public byte[] serialize(CloudEvent event) throws EventSerializationException {
        return toSigned(event).toStructuredJson();
    }

    @Override
    public CloudEvent deserialize(byte[] bytes, CloudEventDataMapper<? extends CloudEventData> mapper)
            throws EventDeserializationException {
        try {
            return toCloudEvent(SignedAuditEvent.fromStructuredJson(bytes));
        } catch (RuntimeException e) {
            throw new EventDeserializationException(e);
        }
    }

    @Override
    public Set<String> deserializableContentTypes() {
        return Set.of(CONTENT_TYPE);
    }

    @Override
    public String serializedContentType() {
        return CONTENT_TYPE;
    }

    public static CloudEvent toCloudEvent(SignedAuditEvent signed) {
        return CloudEventBuilder.v1()
                .withId(signed.id())
                .withSource(URI.create(signed.source()))
                .withType(signed.type())
                .withSubject(signed.subject())
                .withTime(OffsetDateTime.parse(signed.time()))
                .withDataContentType(SignedAuditEvent.DATA_CONTENT_TYPE)
                .withExtension("signature", signed.signature())
                .withData(signed.data().getBytes(StandardCharsets.UTF_8))
                .build();
    }

    public static SignedAuditEvent toSigned(CloudEvent event) {
        String time = AuditTime.format(event.getTime().toInstant());
        return new SignedAuditEvent(event.getId(), event.getSource().toString(), event.getType(), event.getSubject(),
                time, new String(event.getData().toBytes(), StandardCharsets.UTF_8),
                String.valueOf(event.getExtension("signature")));
    }
}
