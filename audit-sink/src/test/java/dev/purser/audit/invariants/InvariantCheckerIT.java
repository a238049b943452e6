package dev.purser.audit.invariants;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.audit.Jwks;
import dev.purser.topology.AuditedLedger;
import dev.purser.topology.CommandJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The invariant checker against a live system: the real ledger on a real broker (exactly_once_v2),
 * traffic of three tenants with every verb, retries with the same idempotency key (answered with
 * the original decision) and a conflicting reuse of a key ({@code REPLAY_CONFLICT}); then
 * {@code check-invariants} over {@code purser.audit} and {@code purser.replies} says OK.
 */
class InvariantCheckerIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> TENANTS = List.of("acme", "beta", "gamma");
    private AuditedLedger ledger;
    private int sent;

    @BeforeEach
    void setUp() throws Exception {
        ledger = new AuditedLedger();
        ledger.start();
    }

    @AfterEach
    void tearDown() {
        ledger.close();
    }

    @Test
    void shouldFindNoViolationAfterTrafficWithRetriesAndConflicts() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String tenant : TENANTS) {
            ids.add(send(tenant, CommandJson.define("d", tenant, "1000")));
            for (int i = 0; i < 8; i++) {
                String run = "run-" + i;
                ObjectNode reserve = CommandJson.reserve("r-" + i, tenant, "150", run);
                ids.add(send(tenant, reserve));
                ids.add(send(tenant, reserve));
                switch (i % 4) {
                    case 0 -> ids.add(send(tenant, CommandJson.commit("c-" + i, run, "100")));
                    case 1 -> ids.add(send(tenant, CommandJson.release("l-" + i, run)));
                    case 2 -> ids.add(send(tenant, CommandJson.commit("c-" + i, run, "400")));
                    default -> {
                        ids.add(send(tenant, CommandJson.commit("c-" + i, run, "150")));
                        ids.add(send(tenant, CommandJson.refund("f-" + i, run, "f1", "50")));
                        ids.add(send(tenant, CommandJson.refund("f-" + i, run, "f1", "50")));
                    }
                }
            }
            ids.add(send(tenant, CommandJson.reserve("r-0", tenant, "1", "other")));
            ids.add(send(tenant, CommandJson.reserve("big", tenant, "100000", null)));
        }
        ledger.flush();
        Map<String, JsonNode> replies = ledger.awaitReplies(ids, WAIT);
        assertThat(replies).hasSize(ids.size());
        assertThat(replies.values()).extracting(r -> r.get("status").asInt()).contains(200, 403, 409);
        Path jwks = ledger.dir().resolve("jwks.json");
        Files.write(jwks, Jwks.render(List.of(ledger.genesisKey().publicKey())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        Path kafkaConfig = ledger.dir().resolve("kafka.properties");
        Files.writeString(kafkaConfig, "security.protocol=PLAINTEXT\n"); // what a TLS or SASL cluster would need

        int exit = InvariantChecker.run(new String[] {"--jwks", jwks.toString(), "--bootstrap-servers",
                ledger.bootstrapServers(), "--kafka-config", kafkaConfig.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK ")
                .contains(" events, " + ids.size() + " replies, 3 tenants, 3 budgets, 0 violations");
    }

    @Test
    void shouldCheckAgainWhenTheAuditLogMovedWhileTheBalancesWereRead() throws Exception {
        defineAcmeAndReserve150();
        java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        // a bridge that reports a wrong balance, and whose first answer comes with one more decision
        try (StandInBridge bridge = new StandInBridge(() -> {
            if (reads.incrementAndGet() == 1) {
                String id = send("acme", CommandJson.reserve("r-2", "acme", "10", "run-2"));
                ledger.flush();
                ledger.awaitReplies(List.of(id), WAIT);
            }
        })) {
            Result result = check("--http", bridge.url(), "--token", "t");

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err()).containsOnlyOnce("(attempt 1 of 3): checking again")
                    .contains("reserved replayed 160, reported 999").doesNotContain("grew during each");
        }
    }

    @Test
    void shouldReportADifferenceAtOnceWhenTheAuditLogDidNotMove() throws Exception {
        defineAcmeAndReserve150();
        try (StandInBridge bridge = new StandInBridge(() -> { })) {
            Result result = check("--http", bridge.url(), "--token", "t");

            assertThat(result.exit()).isEqualTo(1);
            assertThat(result.err()).doesNotContain("checking again")
                    .contains("VIOLATION GET /v1/budgets/acme?window=all").contains("reserved replayed 150, reported 999");
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private void defineAcmeAndReserve150() {
        List<String> ids = List.of(send("acme", CommandJson.define("d", "acme", "1000")),
                send("acme", CommandJson.reserve("r-1", "acme", "150", "run-1")));
        ledger.flush();
        assertThat(ledger.awaitReplies(ids, WAIT)).hasSize(2);
    }

    private Result check(String... extra) throws Exception {
        Path jwks = ledger.dir().resolve("jwks.json");
        Files.write(jwks, Jwks.render(List.of(ledger.genesisKey().publicKey())));
        List<String> args = new ArrayList<>(List.of("--jwks", jwks.toString(), "--bootstrap-servers",
                ledger.bootstrapServers()));
        args.addAll(List.of(extra));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = InvariantChecker.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Answers every {@code GET /v1/budgets/...} with limit 1000 and reserved 999, after running {@code onRead}. */
    private static final class StandInBridge implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer server;

        StandInBridge(Runnable onRead) throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/budgets/", exchange -> {
                onRead.run();
                byte[] body = "{\"balance\":{\"limit\":\"1000\",\"committed\":\"0\",\"reserved\":\"999\",\"debt\":\"0\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private String send(String tenant, JsonNode command) {
        String id = "inv-" + (++sent);
        ledger.send(tenant, command, id);
        return id;
    }
}
