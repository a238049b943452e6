package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.type;
import static dev.purser.ledger.LedgerFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.BudgetSpec;
import dev.purser.ledger.LedgerFixture.View;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.OveragePolicy;
import org.junit.jupiter.api.Test;

/** commit (PROTOCOL.md §3): charge up to the hold, then the overage policies of the hold set. */
class CommitOverageTest {
    private final LedgerFixture ledger = new LedgerFixture();

    @Test
    void shouldChargeTheObservedAmountAndReleaseTheRestOfTheHold() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 200);

        Outcome outcome = ledger.commit("res-1", 150);

        assertThat(types(outcome)).containsExactly(AuditType.COMMIT);
        assertThat(data(outcome)).containsEntry("charged", "150").containsEntry("released", "50")
                .containsEntry("overage", "0").containsEntry("amount_observed", "150")
                .containsEntry("amount_reserved", "200");
        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 150, 0, 0, 850));
        assertThat(ledger.reservation("res-1").state()).isEqualTo(Reservation.State.COMMITTED);
        assertThat(ledger.reservation("res-1").charged().units()).isEqualTo(150);
    }

    @Test
    void shouldChargeNothingAndReleaseEverythingOnAZeroCommit() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 200);

        Outcome outcome = ledger.commit("res-1", 0);

        assertThat(data(outcome)).containsEntry("charged", "0").containsEntry("released", "200");
        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 0, 0, 0, 1000));
    }

    @Test
    void shouldChargeOnlyTheHoldUnderRejectAndRecordOverageRejected() {
        ledger.define(BudgetSpec.of("acme", 1000).policy(OveragePolicy.REJECT));
        ledger.reserve("res-1", "acme", 200);

        Outcome outcome = ledger.commit("res-1", 260);

        assertThat(types(outcome)).containsExactly(AuditType.COMMIT, AuditType.OVERAGE_REJECTED);
        assertThat(data(outcome)).containsEntry("charged", "200").containsEntry("released", "0")
                .containsEntry("overage", "60");
        assertThat(outcome.events().get(1).data()).containsEntry("overage_rejected", "60")
                .containsEntry("excess", "60").containsEntry("commit_decision_id", LedgerFixture.event(outcome)
                        .decisionId());
        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 200, 0, 0, 800));
    }

    @Test
    void shouldChargeTheWholeExcessUnderAllowIfAvailableWhenItFits() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 200);

        Outcome outcome = ledger.commit("res-1", 260);

        assertThat(types(outcome)).containsExactly(AuditType.COMMIT);
        assertThat(data(outcome)).containsEntry("charged", "260").containsEntry("overage", "0");
        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 260, 0, 0, 740));
    }

    @Test
    void shouldChargeTheExcessOnlyUpToAvailableUnderAllowIfAvailable() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 200);
        ledger.reserve("res-2", "acme", 780);

        Outcome outcome = ledger.commit("res-1", 260);

        assertThat(types(outcome)).containsExactly(AuditType.COMMIT, AuditType.OVERAGE_REJECTED);
        assertThat(data(outcome)).containsEntry("charged", "220").containsEntry("overage", "40");
        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 220, 780, 0, 0));
    }

    @Test
    void shouldTurnTheExcessPastTheLimitIntoDebtUnderOverdraft() {
        ledger.define(BudgetSpec.of("acme", 300).overdraft(500));
        ledger.reserve("res-1", "acme", 200);

        Outcome outcome = ledger.commit("res-1", 450);

        assertThat(types(outcome)).containsExactly(AuditType.COMMIT, AuditType.OVERAGE_CHARGED);
        assertThat(data(outcome)).containsEntry("charged", "450").containsEntry("overage", "0")
                .containsEntry("overage_charged", "150");
        assertThat(outcome.events().get(1).data()).containsEntry("overage_charged", "150")
                .containsEntry("overage_rejected", "0");
        assertThat(ledger.view("acme")).isEqualTo(new View(300, 300, 0, 150, -150));
    }

    @Test
    void shouldNeverLetDebtExceedTheOverdraftLimit() {
        ledger.define(BudgetSpec.of("acme", 300).overdraft(100));
        ledger.reserve("res-1", "acme", 200);

        Outcome outcome = ledger.commit("res-1", 450);

        assertThat(types(outcome)).containsExactly(AuditType.COMMIT, AuditType.OVERAGE_REJECTED);
        assertThat(data(outcome)).containsEntry("charged", "400").containsEntry("overage", "50")
                .containsEntry("overage_charged", "100");
        assertThat(outcome.events().get(1).data()).containsEntry("overage_rejected", "50")
                .containsEntry("overage_charged", "100");
        assertThat(ledger.view("acme")).isEqualTo(new View(300, 300, 0, 100, -100));
    }

    @Test
    void shouldUseOnlyTheOverdraftHeadroomLeftByEarlierDebt() {
        ledger.define(BudgetSpec.of("acme", 300).overdraft(100));
        ledger.reserve("res-1", "acme", 300);
        ledger.commit("res-1", 360);
        ledger.define(BudgetSpec.of("acme", 400).overdraft(100));
        ledger.reserve("res-2", "acme", 40);

        Outcome outcome = ledger.commit("res-2", 200);

        assertThat(data(outcome)).containsEntry("charged", "80").containsEntry("overage", "120");
        assertThat(ledger.debt("acme")).isEqualTo(100);
        assertThat(ledger.committed("acme")).isEqualTo(340);
    }

    @Test
    void shouldChargeOnAllTheLeastThatAnyBudgetAllows() {
        ledger.define(BudgetSpec.of("acme", 1000).policy(OveragePolicy.REJECT));
        ledger.define(BudgetSpec.of("acme/eng", 1000).overdraft(1000));
        ledger.reserve("res-1", "acme/eng", 100);

        Outcome outcome = ledger.commit("res-1", 150);

        assertThat(data(outcome)).containsEntry("charged", "100").containsEntry("overage", "50");
        assertThat(types(outcome)).containsExactly(AuditType.COMMIT, AuditType.OVERAGE_REJECTED);
        assertThat(ledger.committed("acme")).isEqualTo(100);
        assertThat(ledger.committed("acme/eng")).isEqualTo(100);
    }

    @Test
    void shouldLimitTheExcessByTheAncestorsAvailableUnderAllowIfAvailable() {
        ledger.define("acme", 130);
        ledger.define(BudgetSpec.of("acme/eng", 1000).overdraft(1000));
        ledger.reserve("res-1", "acme/eng", 100);

        Outcome outcome = ledger.commit("res-1", 200);

        assertThat(data(outcome)).containsEntry("charged", "130").containsEntry("overage", "70");
        assertThat(ledger.view("acme")).isEqualTo(new View(130, 130, 0, 0, 0));
        assertThat(ledger.view("acme/eng")).isEqualTo(new View(1000, 130, 0, 0, 870));
    }

    @Test
    void shouldPutTheExcessIntoDebtOnlyWhereItPassesThatBudgetsLimit() {
        ledger.define(BudgetSpec.of("acme", 120).overdraft(1000));
        ledger.define("acme/eng", 1000);
        ledger.reserve("res-1", "acme/eng", 100);

        Outcome outcome = ledger.commit("res-1", 200);

        assertThat(types(outcome)).containsExactly(AuditType.COMMIT, AuditType.OVERAGE_CHARGED);
        assertThat(data(outcome)).containsEntry("charged", "200").containsEntry("overage_charged", "80");
        assertThat(ledger.view("acme")).isEqualTo(new View(120, 120, 0, 80, -80));
        assertThat(ledger.view("acme/eng")).isEqualTo(new View(1000, 200, 0, 0, 800));
    }

    @Test
    void shouldRecordBothRejectedAndChargedOverageInOneOverageRejectedEvent() {
        ledger.define(BudgetSpec.of("acme", 120).overdraft(1000));
        ledger.define("acme/eng", 150);
        ledger.reserve("res-1", "acme/eng", 100);

        Outcome outcome = ledger.commit("res-1", 200);

        assertThat(types(outcome)).containsExactly(AuditType.COMMIT, AuditType.OVERAGE_REJECTED);
        assertThat(outcome.events().get(1).data()).containsEntry("excess", "100").containsEntry("excess_charged", "50")
                .containsEntry("overage_rejected", "50").containsEntry("overage_charged", "30");
        assertThat(ledger.view("acme")).isEqualTo(new View(120, 120, 0, 30, -30));
        assertThat(ledger.view("acme/eng")).isEqualTo(new View(150, 150, 0, 0, 0));
    }

    @Test
    void shouldSettleACommitOnAFrozenBudget() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 200);
        ledger.define(BudgetSpec.of("acme", 1000).status(BudgetStatus.FROZEN));

        Outcome outcome = ledger.commit("res-1", 100);

        assertThat(type(outcome)).isEqualTo(AuditType.COMMIT);
        assertThat(ledger.committed("acme")).isEqualTo(100);
    }

    @Test
    void shouldGiveTheSecondEventItsOwnDecisionId() {
        ledger.define(BudgetSpec.of("acme", 1000).policy(OveragePolicy.REJECT));
        ledger.reserve("res-1", "acme", 200);

        Outcome outcome = ledger.commit("res-1", 260);

        assertThat(outcome.events()).extracting(LedgerEvent::decisionId)
                .containsExactly("d_" + ledger.offset() + "_0", "d_" + ledger.offset() + "_1");
    }
}
