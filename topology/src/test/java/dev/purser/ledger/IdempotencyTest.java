package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.DAY;
import static dev.purser.ledger.LedgerFixture.decision;
import static dev.purser.ledger.LedgerFixture.error;
import static dev.purser.ledger.LedgerFixture.errorCode;
import static dev.purser.ledger.LedgerFixture.type;
import static dev.purser.ledger.LedgerFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.BudgetSpec;
import dev.purser.ledger.LedgerFixture.ReserveSpec;
import dev.purser.schemas.Amount;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import org.junit.jupiter.api.Test;

/** Idempotency (PROTOCOL.md §4): same key and request replays, a different request conflicts. */
class IdempotencyTest {
    private final LedgerFixture ledger = new LedgerFixture();

    private static Remembered original(Outcome outcome, Command command) {
        return LedgerFixture.remembered(LedgerFixture.fingerprint(command), outcome);
    }

    private static byte[] replayed(Outcome outcome) {
        assertThat(outcome.reply()).isInstanceOf(DecidedReply.Replay.class);
        return ((DecidedReply.Replay) outcome.reply()).original().body();
    }

    @Test
    void shouldReplayTheOriginalAnswerForTheSameKeyAndRequest() {
        ledger.define("acme", 1000);
        Command.Reserve reserve = ReserveSpec.of("acme", 100).id("res-1").command("key-r");
        Outcome first = ledger.send(reserve);
        String before = ledger.state.dump();

        Outcome retry = ledger.send(reserve);

        assertThat(replayed(retry)).isEqualTo(original(first, reserve).body());
        assertThat(((DecidedReply.Replay) retry.reply()).original().status()).isEqualTo(200);
        assertThat(retry.events()).isEmpty();
        assertThat(retry.rememberAs()).isNull();
        assertThat(ledger.state.dump()).isEqualTo(before);
    }

    @Test
    void shouldReplayAGeneratedReservationIdInsteadOfReservingAgain() {
        ledger.define("acme", 1000);
        Command.Reserve reserve = ReserveSpec.of("acme", 100).command("key-r");
        Outcome first = ledger.send(reserve);

        Outcome retry = ledger.send(reserve);

        assertThat(replayed(retry)).isEqualTo(original(first, reserve).body());
        assertThat(ledger.reserved("acme")).isEqualTo(100);
    }

    @Test
    void shouldReplayADenyEvenAfterRoomHasFreed() {
        ledger.define("acme", 100);
        ledger.reserve("res-1", "acme", 100);
        Command.Reserve reserve = ReserveSpec.of("acme", 50).id("res-2").command("key-r");
        Outcome deny = ledger.send(reserve);
        ledger.release("res-1");

        Outcome retry = ledger.send(reserve);

        assertThat(decision(deny)).isEqualTo("DENY");
        assertThat(replayed(retry)).isEqualTo(original(deny, reserve).body());
        assertThat(((DecidedReply.Replay) retry.reply()).original().status()).isEqualTo(403);
        assertThat(ledger.reserved("acme")).isZero();
    }

    @Test
    void shouldRejectTheSameKeyForADifferentRequestAsReplayConflict() {
        ledger.define("acme", 1000);
        ledger.send(ReserveSpec.of("acme", 100).id("res-1").command("key-r"));
        String before = ledger.state.dump();

        Outcome outcome = ledger.send(ReserveSpec.of("acme", 101).id("res-1").command("key-r"));

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.REPLAY_CONFLICT);
        assertThat(error(outcome).field()).isEqualTo("idempotency_key");
        assertThat(types(outcome)).containsExactly(AuditType.REPLAY_REJECTED);
        assertThat(outcome.events().get(0).decisionId()).isEqualTo(error(outcome).decisionId());
        assertThat(outcome.events().get(0).data()).containsEntry("verb", "reserve")
                .containsEntry("idempotency_key", "key-r");
        assertThat(outcome.rememberAs()).isNull();
        assertThat(ledger.state.dump()).isEqualTo(before);
    }

    @Test
    void shouldKeepAnsweringWithTheOriginalAfterAConflict() {
        ledger.define("acme", 1000);
        Command.Reserve reserve = ReserveSpec.of("acme", 100).id("res-1").command("key-r");
        Outcome first = ledger.send(reserve);
        ledger.send(ReserveSpec.of("acme", 101).id("res-1").command("key-r"));

        Outcome retry = ledger.send(reserve);

        assertThat(replayed(retry)).isEqualTo(original(first, reserve).body());
    }

    @Test
    void shouldNeverRememberAnInvalidRequest() {
        ledger.define("acme", 1000);
        Command.DefineBudget changeUnit = BudgetSpec.of("acme", 1000).unit("tokens").command("key-d");
        Outcome invalid = ledger.send(changeUnit);

        Outcome valid = ledger.send(BudgetSpec.of("acme", 2000).command("key-d"));

        assertThat(errorCode(invalid)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(invalid.rememberAs()).isNull();
        assertThat(type(valid)).isEqualTo(AuditType.BUDGET_DEFINED);
    }

    @Test
    void shouldRememberLedgerErrorsAndReplayThem() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        ledger.commit("res-1", 50);
        Command.Commit again = new Command.Commit("key-c", "res-1", Amount.of(50), null);
        Outcome settled = ledger.send(again);

        Outcome retry = ledger.send(again);

        assertThat(errorCode(settled)).isEqualTo(ErrorCode.RESERVATION_SETTLED);
        assertThat(replayed(retry)).isEqualTo(original(settled, again).body());
    }

    @Test
    void shouldReplayACommitWithoutChargingTwice() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        Command.Commit commit = new Command.Commit("key-c", "res-1", Amount.of(80), null);
        Outcome first = ledger.send(commit);

        Outcome retry = ledger.send(commit);

        assertThat(replayed(retry)).isEqualTo(original(first, commit).body());
        assertThat(ledger.committed("acme")).isEqualTo(80);
    }

    @Test
    void shouldReplayAnExpiredCommitWithoutASecondReconciliationGap() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        Command.Commit commit = new Command.Commit("key-c", "res-1", Amount.of(80), null);
        ledger.advance(LedgerFixture.TTL + LedgerFixture.GRACE + 1).send(commit);

        Outcome retry = ledger.send(commit);

        assertThat(retry.reply()).isInstanceOf(DecidedReply.Replay.class);
        assertThat(ledger.journal).filteredOn(e -> e.type() == AuditType.RECONCILIATION_GAP).hasSize(1);
    }

    @Test
    void shouldScopeKeysByVerb() {
        ledger.define("acme", 1000);
        ledger.send(ReserveSpec.of("acme", 100).id("res-1").command("key-x"));

        Outcome commit = ledger.send(new Command.Commit("key-x", "res-1", Amount.of(80), null));

        assertThat(type(commit)).isEqualTo(AuditType.COMMIT);
    }

    @Test
    void shouldScopeKeysByTenant() {
        ledger.define("acme", 1000);
        ledger.send("globex", BudgetSpec.of("globex", 1000).command("key-g"));
        ledger.send(ReserveSpec.of("acme", 100).id("res-1").command("key-x"));

        Outcome other = ledger.send("globex", ReserveSpec.of("globex", 100).id("res-1").command("key-x"));

        assertThat(decision(other)).isEqualTo("ALLOW");
        assertThat(ledger.state.reservation("globex", "res-1")).isPresent();
    }

    @Test
    void shouldRememberVerbsOnAReservationAtLeastAsLongAsTheReservationIsKept() {
        ledger.define("acme", 1000);
        Outcome reserve = ledger.reserve(ReserveSpec.of("acme", 100).id("res-1").ttl(LedgerRules.DAY));
        ledger.advance(LedgerRules.DAY + LedgerFixture.GRACE);
        Outcome commit = ledger.commit("res-1", 10);

        long purge = ReservationLifecycle.purgeAt(LedgerRules.DEFAULTS, ledger.reservation("res-1"));
        assertThat(reserve.rememberUntil()).isGreaterThanOrEqualTo(purge);
        assertThat(commit.rememberUntil()).isGreaterThanOrEqualTo(purge);
    }

    @Test
    void shouldDecideAnewOnceAKeyIsPastRetention() {
        Command.DefineBudget define = BudgetSpec.of("acme", 1000).command("key-d");
        ledger.send(define);
        ledger.send(BudgetSpec.of("acme", 500).command("key-e"));

        Outcome later = ledger.advance(DAY + 1).send(define);

        assertThat(type(later)).isEqualTo(AuditType.BUDGET_DEFINED);
        assertThat(ledger.budget("acme").limit().units()).isEqualTo(1000);
    }

    @Test
    void shouldStillReplayAtTheEndOfRetention() {
        Command.DefineBudget define = BudgetSpec.of("acme", 1000).command("key-d");
        ledger.send(define);

        Outcome retry = ledger.advance(DAY).send(define);

        assertThat(retry.reply()).isInstanceOf(DecidedReply.Replay.class);
    }

    @Test
    void shouldNotRememberATick() {
        Outcome tick = ledger.tick();

        assertThat(tick.rememberAs()).isNull();
        assertThat(tick.reply()).isInstanceOf(DecidedReply.None.class);
    }

    @Test
    void shouldExpireDueReservationsEvenWhenTheCommandIsAReplay() {
        ledger.define("acme", 1000);
        Command.Reserve reserve = ReserveSpec.of("acme", 100).id("res-1").command("key-r");
        ledger.send(reserve);

        Outcome retry = ledger.advance(LedgerFixture.TTL + LedgerFixture.GRACE + 1).send(reserve);

        assertThat(retry.reply()).isInstanceOf(DecidedReply.Replay.class);
        assertThat(types(retry)).containsExactly(AuditType.TTL_EXPIRED);
        assertThat(ledger.reserved("acme")).isZero();
    }
}
