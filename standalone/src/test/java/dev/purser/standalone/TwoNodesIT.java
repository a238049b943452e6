package dev.purser.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.api.ReplyMode;
import dev.purser.standalone.BridgeClient.Answer;
import dev.purser.topology.Stores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two whole instances of one application (same {@code application.id}, same signing key, one
 * broker), each with its own bridge and reply partition: Kafka Streams splits the command
 * partitions between them, so some tenants are owned by the other instance. Every read through
 * either bridge must answer the owner's state (forwarded once via {@code application.server}), and
 * a client must read its own acknowledged writes through the other instance too.
 */
class TwoNodesIT {
    private static final int TENANTS = 6;

    @TempDir
    Path dir;

    @Test
    void shouldAnswerReadsOnEitherInstanceFromTheOwnerOfTheTenant() throws Exception {
        List<String> credentials = tenantAdmins();
        try (RunningPurser first = RunningPurser.start(dir.resolve("a"), ReplyMode.SPECULATIVE, credentials)) {
            try (RunningPurser second = secondLedger(first, credentials)) {
                BridgeClient a = new BridgeClient(BridgeClient.newHttpClient(), first::uri);
                BridgeClient b = new BridgeClient(BridgeClient.newHttpClient(), second::uri);
                awaitTwoHosts(first);
                Set<String> owners = new HashSet<>();
                for (int t = 0; t < TENANTS; t++) {
                    owners.add(first.ledger().streams().queryMetadataForKey(Stores.BUDGETS, "n" + t,
                            new StringSerializer()).activeHost().toString());
                }
                assertThat(owners).as("tenants owned by each instance").hasSize(2);

                for (int t = 0; t < TENANTS; t++) {
                    BridgeClient writer = t % 2 == 0 ? a : b;
                    BridgeClient reader = t % 2 == 0 ? b : a;
                    String tenant = "n" + t;
                    assertThat(retry(() -> writer.defineBudget("pt_" + tenant, tenant, "1000")).status())
                            .isEqualTo(200);
                    Answer reserve = retry(() -> writer.reserve("pt_" + tenant, "k-" + tenant, tenant, "7",
                            "r-" + tenant));
                    assertThat(reserve.status()).as(reserve.toString()).isEqualTo(200);

                    Answer viaOther = retry(() -> reader.get("pt_" + tenant, "/v1/reservations/r-" + tenant));
                    Answer viaSame = retry(() -> writer.get("pt_" + tenant, "/v1/reservations/r-" + tenant));
                    assertThat(viaOther.status()).as(viaOther.toString()).isEqualTo(200);
                    assertThat(viaOther.body()).isEqualTo(viaSame.body());
                    JsonNode balance = retry(() -> reader.get("pt_" + tenant, "/v1/budgets/" + tenant)).json()
                            .get("balance");
                    assertThat(balance.get("reserved").asText()).isEqualTo("7");
                    assertThat(balance.get("available").asText()).isEqualTo("993");
                }
            }
        }
    }

    /**
     * A third instance with {@code role=bridge}: no stream threads, no stores, no signing key. It sends
     * commands through Kafka and reads its replies from its own reply partition, relays every read to
     * a ledger instance (which forwards it to the owner), and publishes the ledger's JWKS.
     */
    @Test
    void shouldServeABridgeOnlyInstanceThroughTheLedgerInstances() throws Exception {
        List<String> credentials = tenantAdmins();
        try (RunningPurser first = RunningPurser.start(dir.resolve("a"), ReplyMode.SPECULATIVE, credentials)) {
            try (RunningPurser second = secondLedger(first, credentials);
                 RunningPurser bridgeOnly = RunningPurser.start(dir.resolve("c"), ReplyMode.SPECULATIVE, credentials,
                         "--role=bridge", "--bootstrap.servers=" + first.bootstrapServers(),
                         "--http.reply.partition=2", "--audit.sink.dir=off",
                         "--http.relay.to=127.0.0.1:" + first.port() + ",127.0.0.1:" + second.port())) {
                assertThat(bridgeOnly.ledger().streams()).as("no Kafka Streams on a bridge-only instance").isNull();
                BridgeClient a = new BridgeClient(BridgeClient.newHttpClient(), first::uri);
                BridgeClient c = new BridgeClient(BridgeClient.newHttpClient(), bridgeOnly::uri);
                awaitTwoHosts(first);
                assertThat(c.get(null, "/.well-known/asp-jwks.json").body())
                        .isEqualTo(a.get(null, "/.well-known/asp-jwks.json").body());
                assertThat(c.get(null, "/readyz").status()).isEqualTo(200);

                for (int t = 0; t < TENANTS; t++) {
                    String tenant = "n" + t;
                    String token = "pt_" + tenant;
                    assertThat(retry(() -> c.defineBudget(token, tenant, "1000")).status()).isEqualTo(200);
                    Answer reserve = retry(() -> c.reserve(token, "k-" + tenant, tenant, "7", "r-" + tenant));
                    assertThat(reserve.status()).as(reserve.toString()).isEqualTo(200);
                    Answer commit = retry(() -> c.post(token, "/v1/reservations/r-" + tenant + "/commit",
                            "{\"idempotency_key\":\"c-" + tenant + "\",\"amount\":\"5\"}"));
                    assertThat(commit.status()).as(commit.toString()).isEqualTo(200);

                    Answer viaBridgeOnly = retry(() -> c.get(token, "/v1/reservations/r-" + tenant));
                    Answer viaLedger = retry(() -> a.get(token, "/v1/reservations/r-" + tenant));
                    assertThat(viaBridgeOnly.status()).as(viaBridgeOnly.toString()).isEqualTo(200);
                    assertThat(viaBridgeOnly.body()).isEqualTo(viaLedger.body());
                    JsonNode balance = retry(() -> c.get(token, "/v1/budgets/" + tenant)).json().get("balance");
                    assertThat(balance.get("committed").asText()).isEqualTo("5");
                    assertThat(balance.get("available").asText()).isEqualTo("995");
                }
            }
        }
    }

    /** A second ledger instance of the same application: the first one's broker and signing key, reply partition 1. */
    private RunningPurser secondLedger(RunningPurser first, List<String> credentials) throws Exception {
        return RunningPurser.start(dir.resolve("b"), ReplyMode.SPECULATIVE, credentials,
                "--bootstrap.servers=" + first.bootstrapServers(),
                "--signing.key.file=" + first.config().node().signingKeyFile(), "--http.reply.partition=1");
    }

    /** One admin credential per tenant: token {@code pt_n<i>} for tenant {@code n<i>}. */
    private static List<String> tenantAdmins() {
        List<String> credentials = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            credentials.add("pt_n" + t + " n" + t + " admin");
        }
        return credentials;
    }

    /** Waits until Kafka Streams has spread the partitions over both instances. */
    private static void awaitTwoHosts(RunningPurser purser) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Set<String> hosts = new HashSet<>();
            for (StreamsMetadata metadata : purser.ledger().streams().metadataForAllStreamsClients()) {
                if (!metadata.topicPartitions().isEmpty()) {
                    hosts.add(metadata.host() + ":" + metadata.port());
                }
            }
            if (hosts.size() == 2 && purser.ledger().streams().state()
                    == org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the partitions never spread over both instances");
    }

    /** Retries while the answer is 503 (a partition moving during the rebalance). */
    private static Answer retry(Supplier<Answer> call) throws InterruptedException {
        Answer answer = call.get();
        for (int i = 0; i < 100 && answer.status() == 503; i++) {
            Thread.sleep(100);
            answer = call.get();
        }
        return answer;
    }
}
