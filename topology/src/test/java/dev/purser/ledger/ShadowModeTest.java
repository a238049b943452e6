package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.decision;
import static dev.purser.ledger.LedgerFixture.reasonCodes;
import static dev.purser.ledger.LedgerFixture.refusingBudget;
import static dev.purser.ledger.LedgerFixture.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.AlertRules;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetMode;
import dev.purser.schemas.Period;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shadow mode (PROTOCOL.md §3 reserve): a limit tried on live traffic, computed and recorded, never refusing. */
class ShadowModeTest {
    private final LedgerFixture ledger = new LedgerFixture();

    private void shadow(String budgetId, long limit) {
        ledger.define(budgetId, limit, Period.NONE, BudgetMode.SHADOW, new AlertRules(List.of(), true, 0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> wouldBe(Outcome outcome) {
        return (Map<String, Object>) data(outcome).get("shadow");
    }

    @Test
    void shouldAllowWhatAShadowBudgetWouldDenyAndRecordTheDenial() {
        ledger.define("acme", 1000);
        shadow("acme/try", 100);

        Outcome outcome = ledger.reserve("r1", "acme/try", 150);

        assertThat(decision(outcome)).isEqualTo("ALLOW");
        assertThat(data(outcome)).containsEntry("amount_reserved", "150");
        assertThat(wouldBe(outcome)).containsEntry("decision", "DENY")
                .containsEntry("reason_codes", List.of("BUDGET_EXHAUSTED"))
                .containsEntry("shadow_budgets", List.of("acme/try"));
        assertThat(ledger.available("acme/try")).isEqualTo(-50);
        assertThat(types(outcome)).containsExactly(AuditType.RESERVE, AuditType.BUDGET_EXHAUSTED);
        assertThat(outcome.events().get(1).data()).containsEntry("shadow", true);
    }

    @Test
    void shouldRecordTheCapAShadowBudgetWouldHaveSet() {
        shadow("acme", 100);

        Outcome outcome = ledger.reserve(LedgerFixture.ReserveSpec.of("acme", 150).id("r1").min(50));

        assertThat(decision(outcome)).isEqualTo("ALLOW");
        assertThat(wouldBe(outcome)).containsEntry("decision", "ALLOW_WITH_CAPS").containsEntry("amount_reserved",
                "100");
    }

    @Test
    void shouldStillBeRefusedByAnEnforcingAncestor() {
        ledger.define("acme", 100);
        shadow("acme/try", 1000);

        Outcome outcome = ledger.reserve("r1", "acme/try", 150);

        assertThat(decision(outcome)).isEqualTo("DENY");
        assertThat(refusingBudget(outcome)).isEqualTo("acme");
        assertThat(wouldBe(outcome)).containsEntry("decision", "DENY");
    }

    @Test
    void shouldStillRefuseAFrozenShadowBudget() {
        shadow("acme/try", 1000);
        ledger.freeze("acme/try", false);

        assertThat(reasonCodes(ledger.reserve("r1", "acme/try", 1))).containsExactly("BUDGET_FROZEN");
    }

    @Test
    void shouldCommitPastTheLimitOfAShadowBudgetWithoutDebt() {
        shadow("acme/try", 100);
        ledger.reserve("r1", "acme/try", 80);

        Outcome outcome = ledger.commit("r1", 150);

        assertThat(data(outcome)).containsEntry("charged", "150").containsEntry("overage_charged", "0");
        assertThat(ledger.committed("acme/try")).isEqualTo(150);
        assertThat(ledger.debt("acme/try")).isZero();
    }

    @Test
    void shouldCarryNoShadowViewWhenNoBudgetIsInShadow() {
        ledger.define("acme", 100);

        assertThat(data(ledger.reserve("r1", "acme", 10))).doesNotContainKey("shadow");
    }

    @Test
    void shouldEnforceAgainOnceRedefinedWithoutShadow() {
        shadow("acme/try", 100);
        ledger.define("acme/try", 100);

        assertThat(decision(ledger.reserve("r1", "acme/try", 150))).isEqualTo("DENY");
    }
}
