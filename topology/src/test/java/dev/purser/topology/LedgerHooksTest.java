package dev.purser.topology;

import dev.purser.schemas.Decision;
import dev.purser.schemas.reply.LedgerReply;
import static dev.purser.topology.LedgerDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the ledger tells the rest of its process, beside its topics: every reply handed over in memory
 * to a bridge ({@code ReplyHandoff}), and when a tick can next expire something ({@link DeadlineWatch}).
 */
class LedgerHooksTest {
    private static final int PARTITION = 0;
    private static final long EXPIRY = T0 + 60_000 + 30_000;
    private LedgerDriver ledger;

    @BeforeEach
    void setUp() {
        ledger = new LedgerDriver();
    }

    @AfterEach
    void tearDown() {
        ledger.close();
    }


    @Test
    void shouldHandEveryReplyOverExactlyAsItIsWrittenToTheReplyTopic() {
        List<LedgerReply> handed = new ArrayList<>();
        ledger.handoff.attach(handed::add);

        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("acme", Commands.reserve("k1", "acme", "200", "run-1"), T0 + 1);
        ledger.send("acme", Commands.reserve("k2", "acme", "5000", "run-2"), T0 + 2);
        ledger.sendRaw("acme".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8), T0 + 3,
                "c-poison");

        List<JsonNode> replies = ledger.replies();
        assertThat(replies).hasSize(4);
        assertThat(handed).hasSize(4);
        for (int i = 0; i < replies.size(); i++) {
            JsonNode reply = replies.get(i);
            assertThat(handed.get(i).correlationId()).isEqualTo(reply.get("correlation_id").asText());
            assertThat(handed.get(i).status()).isEqualTo(reply.get("status").asInt());
            assertThat(new String(handed.get(i).body(), StandardCharsets.UTF_8))
                    .isEqualTo(reply.get("body").toString());
        }
        assertThat(handed.get(1).summary().decision()).isEqualTo(Decision.ALLOW);
        assertThat(handed.get(2).status()).isEqualTo(403);
        assertThat(handed.get(2).summary().decision()).isEqualTo(Decision.DENY);
        assertThat(handed.get(3).status()).isEqualTo(400);
        assertThat(handed.get(3).summary().errorCode()).isEqualTo("INVALID_REQUEST");
    }

    @Test
    void shouldWantATickFromANewTaskUntilItKnowsItsEarliestDeadline() {
        assertThat(ledger.deadlines.partitions()).containsExactly(PARTITION);
        assertThat(ledger.deadlines.due(PARTITION, T0)).isTrue();

        ledger.send(null, Commands.tick(), T0, null);

        assertThat(ledger.deadlines.due(PARTITION, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void shouldWantATickOnlyOnceTheEarliestDeadlineHasPassed() {
        ledger.send(null, Commands.tick(), T0, null);
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("acme", Commands.reserve("k1", "acme", "200", "run-1"), T0);

        assertThat(ledger.deadlines.due(PARTITION, EXPIRY)).isFalse();
        assertThat(ledger.deadlines.due(PARTITION, EXPIRY + 1)).isTrue();
    }

    @Test
    void shouldKeepACancelledDeadlineAsALowerBoundUntilTheNextTickThenKnowTheExactOne() {
        ledger.send(null, Commands.tick(), T0, null);
        ledger.send("acme", Commands.define("d1", "acme", "1000"), T0);
        ledger.send("acme", Commands.reserve("k1", "acme", "200", "run-1"), T0);
        ledger.send("acme", Commands.commit("k2", "run-1", "150"), T0 + 10);
        assertThat(ledger.deadlines.due(PARTITION, EXPIRY + 1)).isTrue();

        ledger.send(null, Commands.tick(), EXPIRY + 1, null);

        assertThat(ledger.auditEvents()).extracting(e -> e.type())
                .doesNotContain("dev.purser.audit.ttl_expired");
        assertThat(ledger.deadlines.due(PARTITION, EXPIRY + 2)).isFalse();
        // the idempotency records are purged a day later: that is the next thing a tick can do
        assertThat(ledger.deadlines.due(PARTITION, T0 + 2 * 86_400_000L)).isTrue();
    }

    @Test
    void shouldForgetAPartitionWhoseTaskHasLeft() {
        ledger.close();

        assertThat(ledger.deadlines.partitions()).isEmpty();
        assertThat(ledger.deadlines.due(PARTITION, Long.MAX_VALUE)).isFalse();
        ledger = new LedgerDriver();
    }
}
