package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.DAY;
import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.errorCode;
import static dev.purser.ledger.LedgerFixture.type;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.BudgetSpec;
import dev.purser.ledger.LedgerFixture.View;
import dev.purser.schemas.Amount;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.Period;
import org.junit.jupiter.api.Test;

/** refund (PROTOCOL.md §3): after commit, within the refund window, debt first, idempotent by refund_id. */
class RefundTest {
    private static final long REFUND_WINDOW = LedgerRules.DEFAULTS.refundWindowMs();
    private final LedgerFixture ledger = new LedgerFixture();

    private void committed(String budgetId, long limit, long charge) {
        ledger.define(budgetId, limit);
        ledger.reserve("res-1", budgetId, charge);
        ledger.commit("res-1", charge);
    }

    @Test
    void shouldGiveTheRefundBackOnTheCharge() {
        committed("acme", 1000, 300);

        Outcome outcome = ledger.refund("res-1", "rf-1", 120);

        assertThat(type(outcome)).isEqualTo(AuditType.REFUND);
        assertThat(data(outcome)).containsEntry("refund_id", "rf-1").containsEntry("amount_refunded", "120")
                .containsEntry("charged", "300").containsEntry("refunded_total", "120");
        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 180, 0, 0, 820));
        assertThat(ledger.reservation("res-1").state()).isEqualTo(Reservation.State.COMMITTED);
    }

    @Test
    void shouldPayOffDebtFirst() {
        ledger.define(BudgetSpec.of("acme", 300).overdraft(500));
        ledger.reserve("res-1", "acme", 300);
        ledger.commit("res-1", 450);

        ledger.refund("res-1", "rf-1", 200);

        assertThat(ledger.view("acme")).isEqualTo(new View(300, 250, 0, 0, 50));
    }

    @Test
    void shouldAllowSeveralRefundsUntilTheChargeIsUsedUp() {
        committed("acme", 1000, 300);
        ledger.refund("res-1", "rf-1", 100);
        ledger.refund("res-1", "rf-2", 150);

        Outcome last = ledger.refund("res-1", "rf-3", 50);

        assertThat(data(last)).containsEntry("refunded_total", "300");
        assertThat(ledger.committed("acme")).isZero();
        assertThat(ledger.reservation("res-1").refunded().units()).isEqualTo(300);
    }

    @Test
    void shouldRefuseARefundExceedingWhatIsLeftOfTheCharge() {
        committed("acme", 1000, 300);
        ledger.refund("res-1", "rf-1", 250);

        Outcome outcome = ledger.refund("res-1", "rf-2", 51);

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.REFUND_EXCEEDS_CHARGE);
        assertThat(LedgerFixture.error(outcome).decisionId()).isNotNull();
        assertThat(outcome.events()).isEmpty();
        assertThat(ledger.committed("acme")).isEqualTo(50);
    }

    @Test
    void shouldRefuseARefundBeforeCommit() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 300);

        Outcome outcome = ledger.refund("res-1", "rf-1", 10);

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.RESERVATION_NOT_COMMITTED);
        assertThat(ledger.reserved("acme")).isEqualTo(300);
    }

    @Test
    void shouldAllowARefundAtTheVeryEndOfTheRefundWindow() {
        committed("acme", 1000, 300);

        Outcome outcome = ledger.advance(REFUND_WINDOW).refund("res-1", "rf-1", 10);

        assertThat(type(outcome)).isEqualTo(AuditType.REFUND);
    }

    @Test
    void shouldRefuseARefundAfterTheRefundWindow() {
        committed("acme", 1000, 300);

        Outcome outcome = ledger.advance(REFUND_WINDOW + 1).refund("res-1", "rf-1", 10);

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.REFUND_WINDOW_CLOSED);
        assertThat(ledger.committed("acme")).isEqualTo(300);
    }

    @Test
    void shouldKeepAnsweringRefundWindowClosedForATombstoneDayThenForgetTheReservation() {
        committed("acme", 1000, 300);

        Outcome tombstone = ledger.advance(REFUND_WINDOW + LedgerRules.TOMBSTONE_MS).refund("res-1", "rf-1", 10);
        Outcome purged = ledger.advance(1).refund("res-1", "rf-2", 10);

        assertThat(errorCode(tombstone)).isEqualTo(ErrorCode.REFUND_WINDOW_CLOSED);
        assertThat(errorCode(purged)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ledger.state.reservation("acme", "res-1")).isEmpty();
    }

    @Test
    void shouldAnswerARepeatedRefundIdWithTheOriginalRefundEvenUnderANewKey() {
        committed("acme", 1000, 300);
        Command.Refund first = new Command.Refund("key-a", "res-1", "rf-1", Amount.of(100), null);
        Outcome original = ledger.send(first);

        Outcome retry = ledger.send(new Command.Refund("key-b", "res-1", "rf-1", Amount.of(100), null));

        assertThat(retry.reply()).isInstanceOf(DecidedReply.Replay.class);
        assertThat(((DecidedReply.Replay) retry.reply()).original().body())
                .isEqualTo(LedgerFixture.remembered(LedgerFixture.fingerprint(first), original).body());
        assertThat(retry.events()).isEmpty();
        assertThat(ledger.committed("acme")).isEqualTo(200);
    }

    @Test
    void shouldRejectARepeatedRefundIdForADifferentAmountAsReplayConflict() {
        committed("acme", 1000, 300);
        ledger.refund("res-1", "rf-1", 100);

        Outcome outcome = ledger.refund("res-1", "rf-1", 50);

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.REPLAY_CONFLICT);
        assertThat(LedgerFixture.types(outcome)).containsExactly(AuditType.REPLAY_REJECTED);
        assertThat(ledger.committed("acme")).isEqualTo(200);
    }

    @Test
    void shouldScopeRefundIdsToTheirReservation() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        ledger.commit("res-1", 100);
        ledger.reserve("res-2", "acme", 100);
        ledger.commit("res-2", 100);
        ledger.refund("res-1", "rf-1", 40);

        Outcome outcome = ledger.refund("res-2", "rf-1", 40);

        assertThat(type(outcome)).isEqualTo(AuditType.REFUND);
        assertThat(ledger.committed("acme")).isEqualTo(120);
    }

    @Test
    void shouldRefundInTheWindowOfTheChargeAfterTheBoundary() {
        ledger.define(BudgetSpec.of("acme", 1000).period(Period.DAY));
        ledger.reserve("res-1", "acme", 300);
        ledger.commit("res-1", 300);

        ledger.advance(DAY).refund("res-1", "rf-1", 100);

        assertThat(ledger.view("acme", "2026-05-13")).isEqualTo(new View(1000, 200, 0, 0, 800));
        assertThat(ledger.view("acme", "2026-05-14")).isEqualTo(new View(1000, 0, 0, 0, 1000));
    }

    @Test
    void shouldRefundOnEveryBudgetOfTheHoldSet() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 500);
        ledger.reserve("res-1", "acme/eng", 300);
        ledger.commit("res-1", 300);

        ledger.refund("res-1", "rf-1", 100);

        assertThat(ledger.committed("acme")).isEqualTo(200);
        assertThat(ledger.committed("acme/eng")).isEqualTo(200);
    }

    @Test
    void shouldPayEachBudgetsOwnDebtFirst() {
        ledger.define(BudgetSpec.of("acme", 120).overdraft(1000));
        ledger.define("acme/eng", 1000);
        ledger.reserve("res-1", "acme/eng", 100);
        ledger.commit("res-1", 200);

        ledger.refund("res-1", "rf-1", 50);

        assertThat(ledger.view("acme")).isEqualTo(new View(120, 120, 0, 30, -30));
        assertThat(ledger.view("acme/eng")).isEqualTo(new View(1000, 150, 0, 0, 850));
    }

    @Test
    void shouldRefundOnAClosedBudget() {
        committed("acme", 1000, 300);
        ledger.define(BudgetSpec.of("acme", 1000).status(BudgetStatus.CLOSED));

        Outcome outcome = ledger.refund("res-1", "rf-1", 100);

        assertThat(type(outcome)).isEqualTo(AuditType.REFUND);
        assertThat(ledger.committed("acme")).isEqualTo(200);
    }

    @Test
    void shouldNeverTakeAWindowsCommittedBelowZeroWhenTheDebtCameFromAnotherWindow() {
        ledger.define(BudgetSpec.of("acme", 100).period(Period.DAY).overdraft(100));
        ledger.reserve("res-1", "acme", 100);
        ledger.commit("res-1", 100);
        ledger.advance(DAY).reserve("res-2", "acme", 100);
        ledger.commit("res-2", 200);
        ledger.refund("res-1", "rf-1", 100);

        Outcome outcome = ledger.refund("res-2", "rf-1", 200);

        assertThat(type(outcome)).isEqualTo(AuditType.REFUND);
        assertThat(ledger.view("acme", "2026-05-13")).isEqualTo(new View(100, 100, 0, 0, 0));
        assertThat(ledger.view("acme", "2026-05-14")).isEqualTo(new View(100, 0, 0, 0, 100));
    }
}
