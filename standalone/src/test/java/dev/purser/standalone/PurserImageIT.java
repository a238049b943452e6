package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.audit.VerifyCommand;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.Json;
import dev.purser.schemas.Topics;
import dev.purser.standalone.BridgeClient.Answer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Purser's container image (the repository's {@code Dockerfile}) against a Kafka container, both run by
 * Testcontainers on a Docker engine: an agent reserves and commits over HTTP, and the decision it is
 * given is the signed event on {@code purser.audit}, whose signatures and chain Purser's offline verifier
 * accepts. Only with {@code -Pdocker} (docs/DOCKER.md), which builds the image first and sets
 * {@code purser.docker.required}: then a missing Docker engine fails the test; otherwise it skips itself.
 * Images: {@code purser.docker.image} (default {@code purser:dev}) and {@code purser.docker.kafka.image}
 * (default {@code apache/kafka:4.1.0}, or an image with its contract such as {@code docker/kafka}'s).
 */
@Testcontainers
@EnabledIf("dockerAvailableOrRequired")
class PurserImageIT {
    private static final String PURSER_IMAGE = System.getProperty("purser.docker.image", "purser:dev");
    private static final String KAFKA_IMAGE = System.getProperty("purser.docker.kafka.image", "apache/kafka:4.1.0");
    private static final String SOURCE = "urn:purser:image-test";
    private static final String ADMIN_TOKEN = "pt_image_admin";
    private static final String AGENT_TOKEN = "pt_image_agent";

    private static final Network NETWORK = Network.newNetwork();

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer(
            DockerImageName.parse(KAFKA_IMAGE).asCompatibleSubstituteFor("apache/kafka"))
            .withNetwork(NETWORK)
            .withListener("kafka:19092");

    @Container
    private static final GenericContainer<?> PURSER = new GenericContainer<>(DockerImageName.parse(PURSER_IMAGE))
            .withNetwork(NETWORK)
            .dependsOn(KAFKA)
            .withEnv(Map.of(
                    "PURSER_BOOTSTRAP_SERVERS", "kafka:19092",
                    "PURSER_REPLICATION_FACTOR", "1",
                    "PURSER_AUDIT_SOURCE", SOURCE,
                    "PURSER_HTTP_CREDENTIALS_FILE", "/etc/purser/credentials"))
            // Hashes only: such a file may be world-readable (a file of plaintext tokens must be owner-only).
            .withCopyToContainer(Transferable.of(credentials(), 0644), "/etc/purser/credentials")
            .withExposedPorts(8080)
            .withLogConsumer(new Slf4jLogConsumer(org.slf4j.LoggerFactory.getLogger("purser-container")))
            .waitingFor(Wait.forHttp("/readyz").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));

    @Test
    void shouldReserveAndCommitOverHttpAndFindTheSignedDecisionOnTheAuditTopic() throws IOException {
        BridgeClient bridge = new BridgeClient(BridgeClient.newHttpClient(),
                path -> URI.create("http://" + PURSER.getHost() + ":" + PURSER.getMappedPort(8080) + path));

        // given a budget of 1 USD for the tenant demo
        assertThat(bridge.defineBudget(ADMIN_TOKEN, "demo", "1000000").status()).isEqualTo(200);
        // when an agent reserves 200000 and commits 73250 of it
        Answer reserve = bridge.reserve(AGENT_TOKEN, "image-res-1", "demo", "200000", "image-run-1");
        assertThat(reserve.status()).as(reserve.toString()).isEqualTo(200);
        assertThat(reserve.json().path("decision").asText()).isEqualTo("ALLOW");
        Answer commit = bridge.post(AGENT_TOKEN, "/v1/reservations/image-run-1/commit",
                "{\"idempotency_key\":\"image-com-1\",\"amount\":\"73250\"}");
        assertThat(commit.status()).as(commit.toString()).isEqualTo(200);

        // then the balance shows the commit
        JsonNode balance = bridge.get(AGENT_TOKEN, "/v1/budgets/demo").json().path("balance");
        assertThat(balance.path("committed").asText()).isEqualTo("73250");
        assertThat(balance.path("available").asText()).isEqualTo("926750");
        // and the commit's answer verifies with the published key
        byte[] jwks = bridge.get(null, "/.well-known/asp-jwks.json").body();
        assertThat(SignedDecisions.verify(commit.body(), SOURCE, SignedDecisions.keysOf(jwks))).isTrue();
        // and it is the event on the audit topic, signature for signature
        List<JsonNode> events = auditEvents(3);
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly(
                "dev.purser.audit.budget_defined", "dev.purser.audit.reserve", "dev.purser.audit.commit");
        JsonNode committed = events.get(2);
        assertThat(committed.path("signature").asText()).isEqualTo(commit.json().path("signature").asText());
        assertThat(committed.path("data").path("reservation_id").asText()).isEqualTo("image-run-1");
        // and the offline verifier accepts the whole topic: signatures and the tenant's chain
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = VerifyCommand.run(new String[] {"--jwks",
                "http://" + PURSER.getHost() + ":" + PURSER.getMappedPort(8080) + "/.well-known/asp-jwks.json",
                "--bootstrap-servers", KAFKA.getBootstrapServers()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK 3 events, 1 tenants");
    }

    /** The first {@code count} events of {@code purser.audit} (read_committed), in order (one tenant: one partition). */
    private static List<JsonNode> auditEvents(int count) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "purser-image-it"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.AUDIT.name()));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (events.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    events.add(Json.MAPPER.readTree(record.value()));
                }
            }
        }
        return events;
    }

    static boolean dockerAvailableOrRequired() {
        return Boolean.getBoolean("purser.docker.required") || DockerClientFactory.instance().isDockerAvailable();
    }

    private static String credentials() {
        return "sha256:" + hash(ADMIN_TOKEN) + " demo admin\n" + "sha256:" + hash(AGENT_TOKEN) + " demo agent\n";
    }

    private static String hash(String token) {
        return HexFormat.of().formatHex(CanonicalJson.sha256(token.getBytes(StandardCharsets.UTF_8)));
    }
}
