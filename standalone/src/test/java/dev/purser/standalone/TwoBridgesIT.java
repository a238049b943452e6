package dev.purser.standalone;

import static dev.purser.standalone.RunningPurser.ACME_ADMIN;
import static dev.purser.standalone.RunningPurser.ACME_AGENT;
import static dev.purser.standalone.RunningPurser.BETA_ADMIN;
import static dev.purser.standalone.RunningPurser.BETA_AGENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.api.BridgeDependencies;
import dev.purser.api.BridgeMetrics;
import dev.purser.api.BridgeSettings;
import dev.purser.api.Credentials;
import dev.purser.api.HttpBridge;
import dev.purser.api.KafkaCommandGateway;
import dev.purser.api.ReplyMode;
import dev.purser.api.ReplyRouter;
import dev.purser.schemas.Json;
import dev.purser.schemas.Topics;
import dev.purser.standalone.BridgeClient.Answer;
import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two HTTP bridge instances in front of one ledger: the node's own bridge (reply partition 0) and
 * a second one started in the same JVM on reply partition 1, with its own {@link ReplyRouter} and
 * {@link KafkaCommandGateway}. Interleaved concurrent requests to both must each get their own
 * answer, and each bridge's replies must land on its own partition of {@code purser.replies}.
 * Bridges with a 1 ms reply timeout and with one request in flight show 504 and 503; a bridge that
 * stops while requests wait for the ledger answers them first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoBridgesIT {
    private static final int PER_BRIDGE = 60;
    private RunningPurser purser;

    @BeforeAll
    void startPurser(@TempDir Path dir) throws Exception {
        purser = RunningPurser.start(dir, ReplyMode.SPECULATIVE);
    }

    @AfterAll
    void stopPurser() {
        if (purser != null) {
            purser.close();
        }
    }

    @Test
    void shouldGiveEveryRequestItsOwnReplyWhenTwoBridgesShareOneLedger() throws Exception {
        try (SecondBridge second = SecondBridge.start(purser, 1, Duration.ofSeconds(10), 1024)) {
            BridgeClient first = new BridgeClient(BridgeClient.newHttpClient(), purser::uri);
            BridgeClient other = new BridgeClient(BridgeClient.newHttpClient(), second::uri);
            assertThat(first.defineBudget(ACME_ADMIN, "acme/two", "1000000").status()).isEqualTo(200);
            assertThat(other.defineBudget(BETA_ADMIN, "beta/two", "1000000").status()).isEqualTo(200);

            Map<String, CompletableFuture<Answer>> sent = new HashMap<>();
            for (int i = 0; i < PER_BRIDGE; i++) {
                for (int bridge = 0; bridge < 2; bridge++) {
                    boolean acme = i % 2 == 0;
                    String key = "b" + bridge + "-" + i;
                    sent.put(key, (bridge == 0 ? first : other).reserveAsync(acme ? ACME_AGENT : BETA_AGENT, key,
                            acme ? "acme/two" : "beta/two", Integer.toString(1 + i), "rid-" + key));
                }
            }

            for (Map.Entry<String, CompletableFuture<Answer>> request : sent.entrySet()) {
                Answer answer = request.getValue().join();
                assertThat(answer.status()).as(request.getKey() + ": " + answer).isEqualTo(200);
                JsonNode body = answer.json();
                assertThat(body.get("idempotency_key").asText()).isEqualTo(request.getKey());
                assertThat(body.get("reservation_id").asText()).isEqualTo("rid-" + request.getKey());
                int i = Integer.parseInt(request.getKey().substring(3));
                assertThat(body.get("amount_reserved").asText()).isEqualTo(Integer.toString(1 + i));
            }
            Map<String, Integer> partitionOfKey = replyPartitions(purser.bootstrapServers(), sent.keySet());
            for (String key : sent.keySet()) {
                assertThat(partitionOfKey.get(key)).as(key).isEqualTo(key.startsWith("b0-") ? 0 : 1);
            }
            assertThat(other.get(BETA_AGENT, "/v1/reservations/rid-b1-1").json().get("state").asText())
                    .isEqualTo("reserved");
        }
    }

    @Test
    void shouldAnswerTimeoutWith504AndTheSameKeyLaterGetsTheDecisionThatWasMade() {
        BridgeClient first = new BridgeClient(BridgeClient.newHttpClient(), purser::uri);
        first.defineBudget(ACME_ADMIN, "acme/timeout", "1000");
        Answer timedOut;
        try (SecondBridge impatient = SecondBridge.start(purser, 2, Duration.ofMillis(1), 1024)) {
            BridgeClient client = new BridgeClient(BridgeClient.newHttpClient(), impatient::uri);
            timedOut = client.reserve(ACME_AGENT, "to-1", "acme/timeout", "400", "to-1");
        }

        Answer retried = first.reserve(ACME_AGENT, "to-1", "acme/timeout", "400", "to-1");
        Answer again = first.reserve(ACME_AGENT, "to-1", "acme/timeout", "400", "to-1");

        assertThat(timedOut.status()).isEqualTo(504);
        assertThat(timedOut.errorCode()).isEqualTo("TIMEOUT");
        assertThat(retried.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(retried.body());
        assertThat(first.get(ACME_AGENT, "/v1/budgets/acme/timeout").json().get("balance").get("reserved").asText())
                .isEqualTo("400");
    }

    @Test
    void shouldRefuseWith503PastMaxInFlight() {
        BridgeClient first = new BridgeClient(BridgeClient.newHttpClient(), purser::uri);
        first.defineBudget(ACME_ADMIN, "acme/inflight", "1000000");
        try (SecondBridge narrow = SecondBridge.start(purser, 2, Duration.ofSeconds(10), 1)) {
            BridgeClient client = new BridgeClient(BridgeClient.newHttpClient(), narrow::uri);
            List<CompletableFuture<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(client.reserveAsync(ACME_AGENT, "inflight-" + i, "acme/inflight", "1", null));
            }
            List<Answer> done = answers.stream().map(CompletableFuture::join).toList();

            assertThat(done).allSatisfy(a -> assertThat(a.status()).isIn(200, 503));
            assertThat(done).filteredOn(a -> a.status() == 503).isNotEmpty()
                    .allSatisfy(a -> assertThat(a.errorCode()).isEqualTo("UNAVAILABLE"));
            assertThat(done).filteredOn(a -> a.status() == 200).isNotEmpty();
        }
    }

    @Test
    void shouldFinishTheRequestsInFlightWhenABridgeStops() throws Exception {
        BridgeClient first = new BridgeClient(BridgeClient.newHttpClient(), purser::uri);
        first.defineBudget(ACME_ADMIN, "acme/stop", "1000000");
        SecondBridge stopping = SecondBridge.start(purser, 2, Duration.ofSeconds(10), 1024);
        BridgeClient client = new BridgeClient(BridgeClient.newHttpClient(), stopping::uri);
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            answers.add(client.reserveAsync(ACME_AGENT, "stop-" + i, "acme/stop", "1", null));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (stopping.gateway().pending() < 10 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        int pendingAtStop = stopping.gateway().pending();
        stopping.close();

        long answered = answers.stream().map(a -> a.handle((answer, error) -> answer).join())
                .filter(answer -> answer != null && answer.status() == 200).count();

        // Every request that was waiting for the ledger when stop began still got its decision.
        assertThat(pendingAtStop).isGreaterThanOrEqualTo(10);
        assertThat(answered).isGreaterThanOrEqualTo(pendingAtStop);
    }

    /** Idempotency key → partition of purser.replies, read until every one of {@code keys} is seen. */
    private static Map<String, Integer> replyPartitions(String bootstrapServers, Set<String> keys)
            throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Integer> partitions = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            consumer.partitionsFor(Topics.REPLIES.name()).forEach(p -> all.add(new TopicPartition(Topics.REPLIES.name(),
                    p.partition())));
            consumer.assign(all);
            consumer.seekToBeginning(all);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!partitions.keySet().containsAll(keys) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode reply = Json.MAPPER.readTree(record.value());
                    partitions.put(reply.path("idempotency_key").asText(), record.partition());
                }
            }
        }
        return partitions;
    }

    /** Another bridge instance, built as HttpCompanion builds the node's own, reading its own reply partition. */
    private record SecondBridge(Javalin app, ReplyRouter replies, KafkaCommandGateway gateway)
            implements AutoCloseable {

        static SecondBridge start(RunningPurser purser, int replyPartition, Duration timeout, int maxInFlight) {
            Companion.RunningLedger ledger = purser.ledger();
            BridgeSettings settings = new BridgeSettings(maxInFlight, timeout, 64 * 1024, ReplyMode.SPECULATIVE,
                    replyPartition);
            ReplyRouter replies = new ReplyRouter(ledger.bootstrapServers(), replyPartition, settings.replyMode());
            replies.start();
            KafkaCommandGateway gateway = new KafkaCommandGateway(ledger.bootstrapServers(), replies,
                    settings.replyTimeout());
            Javalin app = HttpBridge.create(new BridgeDependencies(
                    Credentials.load(purser.config().http().credentialsFile()), gateway, ledger.reads(),
                    List.of(ledger.verificationKey()), new BridgeMetrics(), Map.of("replies", gateway::ready),
                    settings));
            app.start("127.0.0.1", 0);
            return new SecondBridge(app, replies, gateway);
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + app.port() + path);
        }

        @Override
        public void close() {
            app.stop();
            replies.close();
            gateway.close();
        }
    }
}
