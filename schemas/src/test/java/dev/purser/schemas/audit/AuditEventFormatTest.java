package dev.purser.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.GoldenFiles;
import dev.purser.schemas.Topics;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit event wire form: {@code time} always in milliseconds with {@code Z}, and a round trip
 * through the CloudEvents SDK's Kafka serializer (structured mode, Purser's format) and
 * deserializer (the SDK's own JSON format, chosen by content type) keeps the signed bytes.
 */
class AuditEventFormatTest {
    private static final SigningKey KEY = SigningKey.fromSeed(new byte[32], null);
    private static final AuditSigner SIGNER = new AuditSigner(KEY, "urn:purser:test", AuditSigner.TYPE_PREFIX_DEFAULT);

    @ParameterizedTest
    @CsvSource({
        "2026-05-13T10:00:00Z, 2026-05-13T10:00:00.000Z",
        "2026-05-13T10:00:00.5Z, 2026-05-13T10:00:00.500Z",
        "2026-05-13T10:00:00.001Z, 2026-05-13T10:00:00.001Z",
        "2026-05-13T10:00:00.123456789Z, 2026-05-13T10:00:00.123Z",
        "1970-01-01T00:00:00Z, 1970-01-01T00:00:00.000Z",
        "2026-12-31T23:59:59.999Z, 2026-12-31T23:59:59.999Z"})
    void shouldAlwaysWriteThreeFractionDigitsAndZ(String instant, String expected) {
        assertThat(AuditTime.format(Instant.parse(instant))).isEqualTo(expected);
        assertThat(AuditTime.format(Instant.parse(instant).toEpochMilli())).isEqualTo(expected);
    }

    static List<Path> goldenEvents() {
        return GoldenFiles.matching(n -> n.startsWith("audit-event."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenEvents")
    void shouldKeepSignedBytesThroughTheCloudEventsKafkaSerdes(Path file) {
        SignedAuditEvent golden = SignedAuditEvent.fromStructuredJson(GoldenFiles.bytes(file));
        assertRoundTrip(golden);
    }

    @Test
    void shouldKeepSignedBytesWhenTheMillisecondsEndInZeros() {
        String data = "{\"b\":[1,2],\"a\":\"x\u00e9\",\"n\":9007199254740992}";
        SignedAuditEvent event = SIGNER.sign("d_00", "reserve", "acme/eng", AuditTime.format(
                Instant.parse("2026-05-13T10:00:00.500Z")), dev.purser.schemas.CanonicalJson.canonicalize(data));
        assertThat(KEY.publicKey().verify(event.signedBytes(), event.signature())).isTrue();
        assertRoundTrip(event);
        SignedAuditEvent whole = SIGNER.sign("d_01", "commit", "acme", AuditTime.format(0L), "{}");
        assertRoundTrip(whole);
    }

    @Test
    void shouldReadItsOwnFormatBack() {
        SignedAuditEvent event = SIGNER.sign("d_02", "release", "acme", "2026-05-13T10:00:00.000Z",
                "{\"kid\":\"" + KEY.kid() + "\"}");
        byte[] bytes = AuditEventFormat.INSTANCE.serialize(AuditEventFormat.toCloudEvent(event));
        assertThat(bytes).isEqualTo(event.toStructuredJson());
        CloudEvent read = AuditEventFormat.INSTANCE.deserialize(bytes);
        assertThat(AuditEventFormat.toSigned(read)).isEqualTo(event);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenEvents")
    void shouldWriteWhatTheCloudEventsSerializerWritesWithoutBuildingAnSdkEvent(Path file) {
        SignedAuditEvent golden = SignedAuditEvent.fromStructuredJson(GoldenFiles.bytes(file));
        Headers sdkHeaders = new RecordHeaders();
        byte[] sdkBytes = sdkSerialize(golden, sdkHeaders);
        Headers headers = new RecordHeaders();

        byte[] bytes = Topics.AUDIT.valueSerializer().serialize("purser.audit", headers, golden);

        assertThat(bytes).isEqualTo(sdkBytes);
        assertThat(headers.toArray()).usingRecursiveFieldByFieldElementComparator()
                .containsExactly(sdkHeaders.toArray());
        assertThat(Topics.AUDIT.valueDeserializer().deserialize("purser.audit", bytes)).isEqualTo(golden);
    }

    private static void assertRoundTrip(SignedAuditEvent event) {
        Headers headers = new RecordHeaders();
        byte[] bytes = sdkSerialize(event, headers);
        assertThat(bytes).isEqualTo(event.toStructuredJson());
        assertThat(new String(headers.lastHeader("content-type").value(), StandardCharsets.UTF_8))
                .startsWith(AuditEventFormat.CONTENT_TYPE);
        assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"time\":\"" + event.time() + "\"");

        CloudEvent read;
        try (CloudEventDeserializer deserializer = new CloudEventDeserializer()) {
            deserializer.configure(Map.of(), false);
            read = deserializer.deserialize("purser.audit", headers, bytes);
        }
        SignedAuditEvent back = AuditEventFormat.toSigned(read);
        assertThat(back.signedBytes()).isEqualTo(event.signedBytes());
        assertThat(back.signature()).isEqualTo(event.signature());
        assertThat(back.subject()).isEqualTo(event.subject());
        assertThat(KEY.publicKey().verify(back.signedBytes(), back.signature())).isTrue();
    }

    /** What the CloudEvents SDK's Kafka serializer writes, structured mode with {@link AuditEventFormat}. */
    private static byte[] sdkSerialize(SignedAuditEvent event, Headers headers) {
        try (CloudEventSerializer serializer = new CloudEventSerializer()) {
            serializer.configure(Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.STRUCTURED,
                    CloudEventSerializer.EVENT_FORMAT_CONFIG, AuditEventFormat.INSTANCE), false);
            return serializer.serialize("purser.audit", headers, AuditEventFormat.toCloudEvent(event));
        }
    }
}
