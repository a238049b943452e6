package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.decision;
import static dev.purser.ledger.LedgerFixture.errorCode;
import static dev.purser.ledger.LedgerFixture.reasonCodes;
import static dev.purser.ledger.LedgerFixture.refusingBudget;
import static dev.purser.ledger.LedgerFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.ErrorCode;
import org.junit.jupiter.api.Test;

/** freeze and unfreeze (PROTOCOL.md §3): the kill switch, for a budget or a whole tenant. */
class FreezeTest {
    private final LedgerFixture ledger = new LedgerFixture();

    @Test
    void shouldDenyReservesOnAFrozenBudgetAndUnderItUntilUnfrozen() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 1000);

        Outcome frozen = ledger.freeze("acme/eng", false);

        assertThat(types(frozen)).containsExactly(AuditType.FROZEN);
        assertThat(data(frozen)).containsEntry("status", "frozen").containsEntry("scope", "budget")
                .containsEntry("holds_released", 0);
        assertThat(reasonCodes(ledger.reserve("r1", "acme/eng", 1))).containsExactly("BUDGET_FROZEN");
        assertThat(refusingBudget(ledger.reserve("r2", "acme/eng", 1))).isEqualTo("acme/eng");
        assertThat(decision(ledger.reserve("r3", "acme", 1))).isEqualTo("ALLOW");

        assertThat(data(ledger.unfreeze("acme/eng"))).containsEntry("status", "active");
        assertThat(decision(ledger.reserve("r4", "acme/eng", 1))).isEqualTo("ALLOW");
    }

    @Test
    void shouldLetOpenReservationsSettleWhenNotReleased() {
        ledger.define("acme/eng", 1000);
        ledger.reserve("r1", "acme/eng", 100);
        ledger.freeze("acme/eng", false);

        assertThat(data(ledger.commit("r1", 60))).containsEntry("charged", "60");
    }

    @Test
    void shouldReleaseTheOpenHoldsUnderTheBudgetWhenAsked() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 1000);
        ledger.reserve("r1", "acme/eng", 100);
        ledger.reserve("r2", "acme", 50);
        ledger.reserve("r3", "acme/eng", 30);
        ledger.commit("r3", 30);

        Outcome frozen = ledger.freeze("acme/eng", true);

        assertThat(types(frozen)).containsExactly(AuditType.FROZEN, AuditType.RELEASE);
        assertThat(data(frozen)).containsEntry("holds_released", 1);
        assertThat(frozen.events().get(1).data()).containsEntry("reservation_id", "r1")
                .containsEntry("reason", "frozen").containsEntry("forced_by", frozen.events().get(0).decisionId())
                .doesNotContainKey("idempotency_key");
        assertThat(ledger.reserved("acme/eng")).isZero();
        assertThat(ledger.reserved("acme")).isEqualTo(50);
        assertThat(errorCode(ledger.commit("r1", 10))).isEqualTo(ErrorCode.RESERVATION_RELEASED);
        assertThat(ledger.state.openReservations(LedgerFixture.TENANT)).isEqualTo(1);
    }

    @Test
    void shouldFreezeTheWholeTenantBudgetsDefinedOrNot() {
        ledger.define("acme/eng", 1000);
        ledger.reserve("r1", "acme/eng", 100);

        Outcome frozen = ledger.freezeTenant(true);

        assertThat(data(frozen)).containsEntry("scope", "tenant").containsEntry("tenant_frozen", true)
                .containsEntry("status", null).containsEntry("unit", null).containsEntry("holds_released", 1);
        assertThat(reasonCodes(ledger.reserve("r2", "acme/eng", 1))).containsExactly("TENANT_FROZEN");
        assertThat(refusingBudget(ledger.reserve("r3", "acme/nope", 1))).isEqualTo("acme");
        assertThat(data(ledger.unfreezeTenant())).containsEntry("tenant_frozen", false);
        assertThat(decision(ledger.reserve("r4", "acme/eng", 1))).isEqualTo("ALLOW");
    }

    @Test
    void shouldKeepTheTwoScopesApart() {
        ledger.define("acme", 1000);
        ledger.freeze("acme", false);
        ledger.freezeTenant(false);
        ledger.unfreezeTenant();

        assertThat(reasonCodes(ledger.reserve("r1", "acme", 1))).containsExactly("BUDGET_FROZEN");
    }

    @Test
    void shouldRefuseAnUnknownOrClosedBudget() {
        ledger.define(LedgerFixture.BudgetSpec.of("acme/old", 10).status(BudgetStatus.CLOSED));

        assertThat(errorCode(ledger.freeze("acme/nope", false))).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(errorCode(ledger.freeze("acme/old", false))).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(errorCode(ledger.unfreeze("acme/old"))).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void shouldAnswerARetriedFreezeFromItsRecord() {
        ledger.define("acme/eng", 1000);
        dev.purser.schemas.Command.Freeze freeze = new dev.purser.schemas.Command.Freeze("f-1", "acme/eng",
                dev.purser.schemas.FreezeScope.BUDGET, false, "runaway");

        ledger.send(freeze);
        Outcome retry = ledger.send(freeze);

        assertThat(retry.events()).isEmpty();
        assertThat(retry.reply()).isInstanceOf(DecidedReply.Replay.class);
    }
}
