package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.GRACE;
import static dev.purser.ledger.LedgerFixture.TTL;
import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.decision;
import static dev.purser.ledger.LedgerFixture.error;
import static dev.purser.ledger.LedgerFixture.holds;
import static dev.purser.ledger.LedgerFixture.reasonCodes;
import static dev.purser.ledger.LedgerFixture.refusingBudget;
import static dev.purser.ledger.LedgerFixture.status;
import static dev.purser.ledger.LedgerFixture.type;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.BudgetSpec;
import dev.purser.ledger.LedgerFixture.ReserveSpec;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.audit.AuditTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** reserve (PROTOCOL.md §3) on a single budget: ALLOW, ALLOW_WITH_CAPS and every DENY reason. */
class ReserveTest {
    private final LedgerFixture ledger = new LedgerFixture();

    @Test
    void shouldAllowAndHoldWhenAmountFits() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.reserve("res-1", "acme", 200);

        assertThat(type(outcome)).isEqualTo(AuditType.RESERVE);
        assertThat(status(outcome)).isEqualTo(200);
        assertThat(decision(outcome)).isEqualTo("ALLOW");
        assertThat(reasonCodes(outcome)).isEmpty();
        assertThat(data(outcome)).containsEntry("amount_reserved", "200").containsEntry("caps", List.of());
        assertThat(ledger.view("acme")).isEqualTo(new LedgerFixture.View(1000, 0, 200, 0, 800));
        assertThat(ledger.reservation("res-1").state()).isEqualTo(Reservation.State.RESERVED);
    }

    @Test
    void shouldAllowExactlyTheAvailableAmount() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 600);

        Outcome outcome = ledger.reserve("res-2", "acme", 400);

        assertThat(decision(outcome)).isEqualTo("ALLOW");
        assertThat(ledger.available("acme")).isZero();
    }

    @Test
    void shouldDenyWhenBudgetIsExhaustedAndHoldNothing() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 600);

        Outcome outcome = ledger.reserve("res-2", "acme", 401);

        assertThat(decision(outcome)).isEqualTo("DENY");
        assertThat(status(outcome)).isEqualTo(403);
        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_EXHAUSTED");
        assertThat(refusingBudget(outcome)).isEqualTo("acme");
        assertThat(holds(outcome)).isEmpty();
        assertThat(data(outcome)).containsEntry("amount_reserved", "0");
        assertThat(ledger.reserved("acme")).isEqualTo(600);
        assertThat(ledger.state.reservation("acme", "res-2")).isEmpty();
    }

    @Test
    void shouldDenyBudgetNotFoundWhenTheNamedBudgetIsUndefined() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.reserve("res-1", "acme/eng", 10);

        assertThat(decision(outcome)).isEqualTo("DENY");
        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_NOT_FOUND");
        assertThat(refusingBudget(outcome)).isEqualTo("acme/eng");
        assertThat(ledger.reserved("acme")).isZero();
    }

    @Test
    void shouldDenyUnitMismatchWithoutConverting() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.reserve(ReserveSpec.of("acme", 10).id("res-1").unit("tokens"));

        assertThat(reasonCodes(outcome)).containsExactly("UNIT_MISMATCH");
        assertThat(refusingBudget(outcome)).isEqualTo("acme");
        assertThat(ledger.reserved("acme")).isZero();
    }

    @Test
    void shouldDenyWhenTheBudgetIsFrozen() {
        ledger.define(BudgetSpec.of("acme", 1000).status(BudgetStatus.FROZEN));

        Outcome outcome = ledger.reserve("res-1", "acme", 10);

        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_FROZEN");
        assertThat(refusingBudget(outcome)).isEqualTo("acme");
    }

    @Test
    void shouldDenyWhenTheBudgetIsClosed() {
        ledger.define(BudgetSpec.of("acme", 1000).status(BudgetStatus.CLOSED));

        Outcome outcome = ledger.reserve("res-1", "acme", 10);

        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_CLOSED");
        assertThat(refusingBudget(outcome)).isEqualTo("acme");
    }

    @Test
    void shouldAllowWithCapsWhenOnlyMinAmountFits() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 887);

        Outcome outcome = ledger.reserve(ReserveSpec.of("acme", 200).id("res-2").min(100));

        assertThat(decision(outcome)).isEqualTo("ALLOW_WITH_CAPS");
        assertThat(status(outcome)).isEqualTo(200);
        assertThat(data(outcome)).containsEntry("caps", List.of(Map.of("type", "max_amount", "value", "113")))
                .containsEntry("amount_reserved", "113").containsEntry("amount_requested", "200");
        assertThat(holds(outcome)).containsExactly(Map.of("budget_id", "acme", "window", "all", "amount", "113"));
        assertThat(ledger.reservation("res-2").held().units()).isEqualTo(113);
        assertThat(ledger.available("acme")).isZero();
    }

    @Test
    void shouldAllowWithoutCapsWhenTheFullAmountFitsDespiteMinAmount() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.reserve(ReserveSpec.of("acme", 200).id("res-1").min(100));

        assertThat(decision(outcome)).isEqualTo("ALLOW");
        assertThat(data(outcome)).containsEntry("amount_reserved", "200").containsEntry("caps", List.of());
    }

    @Test
    void shouldDenyWhenEvenMinAmountDoesNotFit() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 950);

        Outcome outcome = ledger.reserve(ReserveSpec.of("acme", 200).id("res-2").min(51));

        assertThat(decision(outcome)).isEqualTo("DENY");
        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_EXHAUSTED");
        assertThat(ledger.reserved("acme")).isEqualTo(950);
    }

    @Test
    void shouldNeverUseOverdraftHeadroomForAHold() {
        ledger.define(BudgetSpec.of("acme", 100).overdraft(1_000));

        Outcome outcome = ledger.reserve("res-1", "acme", 101);

        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_EXHAUSTED");
    }

    @Test
    void shouldDenyTooManyReservationsOverTheTenantsOpenLimit() {
        LedgerFixture small = new LedgerFixture(new LedgerRules(GRACE, 90 * LedgerRules.DAY, LedgerRules.DAY, 2));
        small.define("acme", 1000);
        small.reserve("res-1", "acme", 10);
        small.reserve("res-2", "acme", 10);

        Outcome outcome = small.reserve("res-3", "acme", 10);

        assertThat(decision(outcome)).isEqualTo("DENY");
        assertThat(reasonCodes(outcome)).containsExactly("TOO_MANY_RESERVATIONS");
        assertThat(refusingBudget(outcome)).isEqualTo("acme");
        assertThat(small.reserved("acme")).isEqualTo(20);
    }

    @Test
    void shouldAllowAgainOnceAnOpenReservationIsSettled() {
        LedgerFixture small = new LedgerFixture(new LedgerRules(GRACE, 90 * LedgerRules.DAY, LedgerRules.DAY, 2));
        small.define("acme", 1000);
        small.reserve("res-1", "acme", 10);
        small.reserve("res-2", "acme", 10);
        small.commit("res-1", 5);

        Outcome outcome = small.reserve("res-3", "acme", 10);

        assertThat(decision(outcome)).isEqualTo("ALLOW");
        assertThat(small.state.openReservations("acme")).isEqualTo(2);
    }

    @Test
    void shouldRefuseAReservationIdAlreadyUsedWithReservationExists() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 10);

        Outcome outcome = ledger.reserve("res-1", "acme", 20);

        assertThat(error(outcome).code()).isEqualTo(ErrorCode.RESERVATION_EXISTS);
        assertThat(error(outcome).decisionId()).isEqualTo("d_" + ledger.offset() + "_0");
        assertThat(outcome.events()).isEmpty();
        assertThat(ledger.reservation("res-1").held().units()).isEqualTo(10);
        assertThat(ledger.reserved("acme")).isEqualTo(10);
    }

    @Test
    void shouldGenerateAnRPrefixedReservationIdFromTheLogPosition() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.reserve(ReserveSpec.of("acme", 10));

        String expected = "r_" + ledger.offset();
        assertThat(data(outcome)).containsEntry("reservation_id", expected);
        assertThat(ledger.reservation(expected).held().units()).isEqualTo(10);
    }

    @Test
    void shouldDeriveTheDecisionIdFromOffsetAndOutputIndex() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.reserve("res-1", "acme", 10);

        assertThat(LedgerFixture.event(outcome).decisionId()).isEqualTo("d_" + ledger.offset() + "_0");
        assertThat(data(outcome)).containsEntry("decision_id", "d_" + ledger.offset() + "_0");
    }

    @Test
    void shouldRecordDeadlineAndGraceOnTheReservation() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.reserve(ReserveSpec.of("acme", 10).id("res-1").ttl(5_000));

        Reservation reservation = ledger.reservation("res-1");
        assertThat(reservation.deadline()).isEqualTo(ledger.time() + 5_000);
        assertThat(reservation.graceMs()).isEqualTo(GRACE);
        assertThat(data(outcome)).containsEntry("ttl_expires_at", AuditTime.format(ledger.time() + 5_000))
                .containsEntry("grace_ms", GRACE).containsEntry("ttl_ms", 5_000L);
    }

    @Test
    void shouldCarryTheBalancesAfterTheDecision() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.reserve("res-1", "acme", 300);

        assertThat(LedgerFixture.balances(outcome)).singleElement().satisfies(balance -> assertThat(balance)
                .containsEntry("budget_id", "acme").containsEntry("window", "all")
                .containsEntry("limit", "1000").containsEntry("committed", "0").containsEntry("reserved", "300")
                .containsEntry("debt", "0").containsEntry("available", "700"));
    }

    @Test
    void shouldAnswerNotFoundForABudgetOfAnotherTenant() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.send("globex", ReserveSpec.of("acme", 10).command("key-x"));

        assertThat(error(outcome).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(outcome.events()).isEmpty();
        assertThat(ledger.reserved("acme")).isZero();
    }

    @Test
    void shouldUseTheDefaultTtlOfSixtySeconds() {
        ledger.define("acme", 1000);

        ledger.reserve("res-1", "acme", 10);

        assertThat(ledger.reservation("res-1").deadline() - ledger.reservation("res-1").reservedAt()).isEqualTo(TTL);
    }
}
