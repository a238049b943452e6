package dev.purser.standalone.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.audit.AuditSources;
import dev.purser.audit.invariants.InvariantChecker;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of every fault test: reads {@code purser.audit} (read_committed, key = tenant, value = the
 * signed CloudEvent) and compares it with what the clients were told ({@link FaultLoad}):
 * <ul>
 *   <li><b>lost</b>: an acknowledged answer whose decision id is not in the audit log, or is there
 *       with another signature or reservation id;
 *   <li><b>duplicated</b>: an idempotency key (tenant, event type, key) decided more than once in the
 *       audit log, or answered with two decision ids;
 * </ul>
 * then runs {@code check-invariants} ({@link InvariantChecker}) over the topics, once per tenant with
 * that tenant's token against a live bridge so that the balances it reports are compared too. Prints
 * {@code FAULTS ...} and asserts lost = 0, duplicated = 0, no unanswered command and a passing checker.
 */
final class FaultVerdict {
    private FaultVerdict() {
    }

    /** What was found; {@link #line} is the one-line summary every fault test prints. */
    record Result(String test, int injected, long commands, long attempts, int acknowledged, long lost,
                  long duplicated, long unanswered, long auditEvents, long expiries) {
        String line() {
            return String.format("FAULTS test=%s injected=%d commands=%d attempts=%d acknowledged=%d lost=%d "
                    + "duplicated=%d unanswered=%d audit_events=%d expiries=%d", test, injected, commands, attempts,
                    acknowledged, lost, duplicated, unanswered, auditEvents, expiries);
        }
    }

    private record Logged(String signature, String reservationId) {
    }

    /**
     * Waits until every transaction open now on {@code topics} is committed or aborted: a read_committed
     * reader sees up to the last stable offset, which stays behind an open transaction. Speculative
     * answers come from transactions still open when the load stops (up to {@code commit.interval.ms}),
     * so reading before they commit would count them as lost.
     */
    static void awaitTransactionsResolved(String bootstrap, List<String> topics, java.time.Duration timeout)
            throws InterruptedException {
        Map<org.apache.kafka.common.TopicPartition, Long> highWatermarks = endOffsets(bootstrap, topics,
                "read_uncommitted");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<org.apache.kafka.common.TopicPartition, Long> stable = endOffsets(bootstrap, topics, "read_committed");
            if (highWatermarks.entrySet().stream().allMatch(e -> stable.get(e.getKey()) >= e.getValue())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("transactions still open after " + timeout + ": last stable offsets "
                        + stable + ", high watermarks " + highWatermarks);
            }
            Thread.sleep(200);
        }
    }

    private static Map<org.apache.kafka.common.TopicPartition, Long> endOffsets(String bootstrap, List<String> topics,
                                                                               String isolation) {
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("isolation.level", isolation);
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
                     new org.apache.kafka.clients.consumer.KafkaConsumer<>(props,
                             new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                             new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(
                        new org.apache.kafka.common.TopicPartition(topic, p.partition())));
            }
            return consumer.endOffsets(partitions);
        }
    }

    /** Compares, checks, prints and asserts; {@code bridgeUrl} is a live instance's bridge (balances over HTTP). */
    static Result check(String test, FaultCluster cluster, FaultLoad load, int injected, String bridgeUrl)
            throws InterruptedException {
        awaitTransactionsResolved(cluster.bootstrapServers(), List.of(Topics.AUDIT.name(), Topics.REPLIES.name()),
                java.time.Duration.ofSeconds(60));
        Map<String, Logged> logged = new HashMap<>();
        Map<String, Integer> decisionsPerKey = new HashMap<>();
        Map<String, String> byKey = new HashMap<>();
        long[] events = {0, 0};
        AuditSources.readTopic(cluster.bootstrapServers(), Topics.AUDIT.name(), (where, key, value) -> {
            events[0]++;
            SignedAuditEvent event = SignedAuditEvent.fromStructuredJson(value);
            JsonNode data = event.dataNode();
            logged.put(event.id(), new Logged(event.signature(), data.path("reservation_id").asText(null)));
            String type = event.type().substring(event.type().lastIndexOf('.') + 1);
            String idempotencyKey = data.path("idempotency_key").asText(null);
            if (type.equals("ttl_expired")) {
                events[1]++;
            }
            if (idempotencyKey != null && !type.equals("replay_rejected")) {
                decisionsPerKey.merge(data.path("tenant").asText() + "/" + type + "/" + idempotencyKey, 1,
                        Integer::sum);
                byKey.merge(data.path("tenant").asText() + "/" + type + "/" + idempotencyKey, where + " " + event.id()
                        + " " + event.data(), (x, y) -> x + " | " + y);
            }
            return true;
        });
        List<String> problems = new ArrayList<>(load.problems());
        long lost = 0;
        for (FaultLoad.Ack ack : load.acknowledged().values()) {
            Logged entry = logged.get(ack.decisionId());
            if (entry == null || !entry.signature().equals(ack.signature())
                    || !java.util.Objects.equals(entry.reservationId(), ack.reservationId())) {
                lost++;
                problems.add("LOST " + ack + (entry == null ? " (not in the audit log)" : " (audit has " + entry + ")")
                        + "; the audit log has for this key: " + byKey.get(ack.tenant() + "/" + ack.verb() + "/" + ack.key()));
            }
        }
        long duplicatedInLog = decisionsPerKey.values().stream().filter(n -> n > 1).count();
        decisionsPerKey.forEach((k, n) -> {
            if (n > 1) {
                problems.add("DUPLICATED " + k + " decided " + n + " times");
            }
        });
        Result result = new Result(test, injected, load.commands(), load.attempts(), load.acknowledged().size(), lost,
                duplicatedInLog + load.duplicated(), load.unanswered(), events[0], events[1]);
        System.out.println(result.line());
        problems.stream().limit(50).forEach(p -> System.out.println("  " + p));

        List<String> checks = new ArrayList<>();
        for (String tenant : FaultCluster.TENANTS) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = InvariantChecker.run(new String[] {"--jwks", cluster.jwks().toString(), "--bootstrap-servers",
                    cluster.bootstrapServers(), "--http", bridgeUrl, "--token", "pt_" + tenant},
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
            String output = out.toString(StandardCharsets.UTF_8).trim();
            String notes = err.toString(StandardCharsets.UTF_8).trim();
            System.out.println("check-invariants (" + tenant + "): exit " + exit + ": " + output
                    + (notes.isEmpty() ? "" : " [stderr: " + notes + "]"));
            checks.add(exit + " " + output + (exit == 0 ? "" : " " + notes));
        }

        assertThat(result.commands()).as("commands ran").isPositive();
        assertThat(result.injected()).as("faults injected").isPositive();
        assertThat(problems).as("problems").isEmpty();
        assertThat(result.lost()).as("lost").isZero();
        assertThat(result.duplicated()).as("duplicated").isZero();
        assertThat(result.unanswered()).as("unanswered").isZero();
        assertThat(checks).as("check-invariants").allSatisfy(c -> assertThat(c).startsWith("0 OK"));
        return result;
    }
}
