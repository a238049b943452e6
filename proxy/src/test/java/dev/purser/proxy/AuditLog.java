package dev.purser.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads a decision back from Purser's audit topic (read-committed), decoded by the topic's own serde. */
final class AuditLog {
    private AuditLog() {
    }

    static JsonNode find(String bootstrapServers, String type, String reservationId) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "proxy-it-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, SignedAuditEvent> consumer = new KafkaConsumer<>(config, Topics.AUDIT.keyDeserializer(),
                Topics.AUDIT.valueDeserializer())) {
            consumer.subscribe(java.util.List.of(Topics.AUDIT.name()));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < until) {
                for (ConsumerRecord<String, SignedAuditEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    SignedAuditEvent event = record.value();
                    JsonNode data = event.dataNode();
                    if (event.type().equals(type) && reservationId.equals(data.path("reservation_id").asText())) {
                        return data;
                    }
                }
            }
        }
        throw new AssertionError("no " + type + " event for " + reservationId + " on " + Topics.AUDIT.name());
    }
}
