package dev.purser.audit;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.Json;
import dev.purser.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises an alarm for every violation, three ways, never silently: an ERROR log line, the counter
 * {@code purser.audit.violations}, and a record on {@code purser.audit-alarms}.
 */
public final class Alarms {
    private static final Logger LOG = LoggerFactory.getLogger(Alarms.class);
    private final Producer<String, byte[]> producer;
    private final Counter violations;

    public Alarms(Producer<String, byte[]> producer, MeterRegistry registry) {
        this.producer = producer;
        this.violations = Counter.builder("purser.audit.violations")
                .description("audit events that failed signature or chain checks").register(registry);
    }

    /** A producer for {@code purser.audit-alarms}, its serializers those of the topic. */
    public static KafkaProducer<String, byte[]> producer(Properties props) {
        return new KafkaProducer<>(props, Topics.AUDIT_ALARMS.keySerializer(), Topics.AUDIT_ALARMS.valueSerializer());
    }

    public void raise(Violation violation) {
        LOG.error("AUDIT VIOLATION {}", violation);
        violations.increment();
        ObjectNode value = Json.MAPPER.createObjectNode();
        value.put("where", violation.where());
        value.put("tenant", violation.tenant());
        value.put("seq", violation.seq());
        value.put("problem", violation.problem());
        try {
            producer.send(new ProducerRecord<>(Topics.AUDIT_ALARMS.name(),
                    violation.tenant() == null ? "" : violation.tenant(),
                    Json.MAPPER.writeValueAsBytes(value)), (metadata, e) -> {
                        if (e != null) {
                            LOG.error("AUDIT VIOLATION not delivered to {}: {}", Topics.AUDIT_ALARMS.name(), e.toString());
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public double count() {
        return violations.count();
    }
}
