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

        int exit = InvariantChecker.run(new String[] {"--jwks", jwks.toString(), "--bootstrap-servers",
                ledger.bootstrapServers()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(exit).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK ")
                .contains(" events, " + ids.size() + " replies, 3 tenants, 3 budgets, 0 violations");
    }

    private String send(String tenant, JsonNode command) {
        String id = "inv-" + (++sent);
        ledger.send(tenant, command, id);
        return id;
    }
}
