package dev.purser.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.Command;
import dev.purser.schemas.CommandCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The generator's commands are the ledger's: every one parses with Purser's own schemas and codec. */
class WireFormatTest {
    private final LoadRequest reserve = new LoadRequest(LoadRequest.Kind.RESERVE, "lg0", "lg0/run-t1/a2", "run-7",
            "run-7-r", 1234, 60000, LoadRequest.Plan.COMMIT, 200);

    @Test
    void shouldWriteAReserveTheLedgerAccepts() {
        Command.Reserve command = (Command.Reserve) CommandCodec.parse(WireFormat.command(reserve)).command();
        assertThat(command.budgetId()).isEqualTo("lg0/run-t1/a2");
        assertThat(command.reservationId()).isEqualTo("run-7");
        assertThat(command.idempotencyKey()).isEqualTo("run-7-r");
        assertThat(command.ttlMs()).isEqualTo(60000);
    }

    @Test
    void shouldWriteCommitReleaseAndDefineTheLedgerAccepts() {
        assertThat(CommandCodec.parse(WireFormat.command(reserve.followUp(LoadRequest.Kind.COMMIT, "run-7-c", 1000)))
                .command()).isInstanceOf(Command.Commit.class);
        assertThat(CommandCodec.parse(WireFormat.command(reserve.followUp(LoadRequest.Kind.RELEASE, "run-7-x", 0)))
                .command()).isInstanceOf(Command.Release.class);
        LoadRequest define = LoadRequest.define("lg0", "lg0/run-t1", "run-def-lg0.run-t1", 5000);
        assertThat(CommandCodec.parse(WireFormat.command(define)).command()).isInstanceOf(Command.DefineBudget.class);
    }

    @Test
    void shouldSendAReplayByteForByteAsTheOriginal() {
        assertThat(WireFormat.command(reserve.replay(200))).isEqualTo(WireFormat.command(reserve));
        assertThat(WireFormat.httpBody(reserve.replay(403))).isEqualTo(WireFormat.httpBody(reserve));
    }

    @Test
    void shouldPutIdsInTheHttpPathAndNotRepeatThemInTheBody() {
        LoadRequest commit = reserve.followUp(LoadRequest.Kind.COMMIT, "run-7-c", 1000);
        assertThat(WireFormat.httpPath(commit)).isEqualTo("/v1/reservations/run-7/commit");
        assertThat(new String(WireFormat.httpBody(commit), StandardCharsets.UTF_8))
                .isEqualTo("{\"idempotency_key\":\"run-7-c\",\"amount\":\"1000\"}");
        LoadRequest define = LoadRequest.define("lg0", "lg0/run-t1", "k", 5);
        assertThat(WireFormat.httpMethod(define) + " " + WireFormat.httpPath(define))
                .isEqualTo("PUT /v1/budgets/lg0/run-t1");
        assertThat(new String(WireFormat.httpBody(define), StandardCharsets.UTF_8)).doesNotContain("budget_id", "type");
    }
}
