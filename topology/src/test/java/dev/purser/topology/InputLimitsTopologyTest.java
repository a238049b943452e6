package dev.purser.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The input limits on the command topic ({@code purser.commands}: key = tenant, value = command
 * JSON): a command nested deeper than 32 levels is dead-lettered with a reason that names the
 * limit, and its sender gets {@code 400 INVALID_REQUEST} with the same message; the next good
 * command is decided as usual.
 */
class InputLimitsTopologyTest {
    private LedgerDriver ledger;

    @BeforeEach
    void start() {
        ledger = new LedgerDriver();
    }

    @AfterEach
    void stop() {
        ledger.close();
    }

    @Test
    void shouldDeadLetterACommandNestedTooDeepNamingTheLimit() {
        String deep = "{\"type\":\"reserve\",\"idempotency_key\":\"k\",\"budget_id\":\"acme\",\"unit\":\"tokens\","
                + "\"amount\":\"1\",\"metadata\":" + "{\"a\":".repeat(100) + "1" + "}".repeat(100) + "}";

        ledger.send("acme", deep, LedgerDriver.T0, "c-deep");
        ledger.send("acme", CommandJson.define("def-1", "acme", "100").toString(), LedgerDriver.T0 + 1, "c-good");

        List<TestRecord<byte[], byte[]>> dead = ledger.deadLetters();
        assertThat(dead).hasSize(1);
        Header reason = dead.get(0).headers().lastHeader(Topics.HEADER_DLQ_REASON);
        assertThat(new String(reason.value(), StandardCharsets.UTF_8)).isEqualTo("JSON nested deeper than 32 levels");
        List<JsonNode> replies = ledger.replies();
        assertThat(replies.get(0).get("status").asInt()).isEqualTo(400);
        assertThat(replies.get(0).at("/body/error/message").asText()).isEqualTo("JSON nested deeper than 32 levels");
        assertThat(replies.get(1).get("status").asInt()).isEqualTo(200);
    }
}
