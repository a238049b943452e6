package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.decision;
import static dev.purser.ledger.LedgerFixture.error;
import static dev.purser.ledger.LedgerFixture.errorCode;
import static dev.purser.ledger.LedgerFixture.reasonCodes;
import static dev.purser.ledger.LedgerFixture.type;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.BudgetSpec;
import dev.purser.ledger.LedgerFixture.View;
import dev.purser.schemas.AuditType;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.OveragePolicy;
import dev.purser.schemas.Period;
import org.junit.jupiter.api.Test;

/** define budget (PROTOCOL.md §3): create or change; unit fixed, closed terminal, limits never lose money. */
class BudgetDefinitionTest {
    private final LedgerFixture ledger = new LedgerFixture();

    @Test
    void shouldCreateABudgetAndAuditIt() {
        Outcome outcome = ledger.define(BudgetSpec.of("acme", 1000).period(Period.DAY).overdraft(50));

        assertThat(type(outcome)).isEqualTo(AuditType.BUDGET_DEFINED);
        assertThat(data(outcome)).containsEntry("created", true).containsEntry("limit", "1000")
                .containsEntry("period", "day").containsEntry("period_in_effect", "day")
                .containsEntry("overage_policy", "allow_with_overdraft").containsEntry("overdraft_limit", "50")
                .containsEntry("status", "active").containsEntry("budget_id", "acme");
        assertThat(LedgerFixture.event(outcome).subject()).isEqualTo("acme");
        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 0, 0, 0, 1000));
    }

    @Test
    void shouldReplaceEverySettingOnRedefinition() {
        ledger.define(BudgetSpec.of("acme", 1000).overdraft(50));

        Outcome outcome = ledger.define("acme", 2000);

        assertThat(data(outcome)).containsEntry("created", false);
        BudgetState budget = ledger.budget("acme");
        assertThat(budget.limit().units()).isEqualTo(2000);
        assertThat(budget.overagePolicy()).isEqualTo(OveragePolicy.ALLOW_IF_AVAILABLE);
        assertThat(budget.overdraftLimit().units()).isZero();
    }

    @Test
    void shouldRefuseToChangeTheUnitOfABudget() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.define(BudgetSpec.of("acme", 1000).unit("tokens"));

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(error(outcome).field()).isEqualTo("unit");
        assertThat(outcome.rememberAs()).isNull();
        assertThat(outcome.events()).isEmpty();
        assertThat(ledger.budget("acme").unit()).isEqualTo(LedgerFixture.USD);
    }

    @Test
    void shouldRefuseAUnitDifferentFromTheNearestDefinedAncestor() {
        ledger.define("acme", 1000);

        Outcome outcome = ledger.define(BudgetSpec.of("acme/eng/bot", 100).unit("tokens"));

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ledger.state.budget("acme/eng/bot")).isEmpty();
    }

    @Test
    void shouldRefuseAUnitDifferentFromADefinedDescendant() {
        ledger.define(BudgetSpec.of("acme/eng", 100).unit("tokens"));

        Outcome outcome = ledger.define("acme", 1000);

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ledger.state.budget("acme")).isEmpty();
    }

    @Test
    void shouldNotTreatASiblingWithASharedPrefixAsADescendant() {
        ledger.define(BudgetSpec.of("acme/eng2", 100).unit("tokens"));

        Outcome outcome = ledger.define(BudgetSpec.of("acme/eng", 100));

        assertThat(type(outcome)).isEqualTo(AuditType.BUDGET_DEFINED);
    }

    @Test
    void shouldTreatClosedAsTerminal() {
        ledger.define(BudgetSpec.of("acme", 1000).status(BudgetStatus.CLOSED));

        Outcome outcome = ledger.define("acme", 1000);

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(error(outcome).field()).isEqualTo("status");
        assertThat(ledger.budget("acme").status()).isEqualTo(BudgetStatus.CLOSED);
    }

    @Test
    void shouldAllowReservesAgainWhenAFrozenBudgetIsReactivated() {
        ledger.define(BudgetSpec.of("acme", 1000).status(BudgetStatus.FROZEN));
        ledger.define("acme", 1000);

        Outcome outcome = ledger.reserve("res-1", "acme", 10);

        assertThat(decision(outcome)).isEqualTo("ALLOW");
    }

    @Test
    void shouldReleaseOnAFrozenBudget() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 100);
        ledger.define(BudgetSpec.of("acme", 1000).status(BudgetStatus.FROZEN));

        Outcome outcome = ledger.release("res-1");

        assertThat(type(outcome)).isEqualTo(AuditType.RELEASE);
        assertThat(ledger.reserved("acme")).isZero();
    }

    @Test
    void shouldKeepHoldsAndSpendWhenTheLimitIsLowered() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 300);
        ledger.reserve("res-2", "acme", 400);
        ledger.commit("res-2", 400);

        Outcome outcome = ledger.define("acme", 500);

        assertThat(ledger.view("acme")).isEqualTo(new View(500, 400, 300, 0, -200));
        assertThat(LedgerFixture.balances(outcome)).singleElement()
                .satisfies(b -> assertThat(b).containsEntry("available", "-200"));
        assertThat(ledger.reservation("res-1").held().units()).isEqualTo(300);
    }

    @Test
    void shouldStillCommitAHoldMadeBeforeTheLimitWasLowered() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 300);
        ledger.define("acme", 100);

        Outcome outcome = ledger.commit("res-1", 300);

        assertThat(data(outcome)).containsEntry("charged", "300");
        assertThat(ledger.view("acme")).isEqualTo(new View(100, 300, 0, 0, -200));
    }

    @Test
    void shouldDenyEveryReserveWhileAvailableIsNotPositive() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 600);
        ledger.define("acme", 600);

        Outcome outcome = ledger.reserve("res-2", "acme", 1);

        assertThat(ledger.available("acme")).isZero();
        assertThat(reasonCodes(outcome)).containsExactly("BUDGET_EXHAUSTED");
    }

    @Test
    void shouldAllowReservesAgainOnceAvailableIsPositive() {
        ledger.define("acme", 1000);
        ledger.reserve("res-1", "acme", 600);
        ledger.reserve("res-2", "acme", 300);
        ledger.define("acme", 500);
        ledger.release("res-2");
        assertThat(ledger.available("acme")).isEqualTo(-100);
        assertThat(reasonCodes(ledger.reserve("res-3", "acme", 1))).containsExactly("BUDGET_EXHAUSTED");
        ledger.commit("res-1", 450);

        Outcome outcome = ledger.reserve("res-4", "acme", 50);

        assertThat(decision(outcome)).isEqualTo("ALLOW");
        assertThat(ledger.available("acme")).isZero();
    }

    @Test
    void shouldKeepDebtWhenRedefined() {
        ledger.define(BudgetSpec.of("acme", 100).overdraft(100));
        ledger.reserve("res-1", "acme", 100);
        ledger.commit("res-1", 160);

        ledger.define("acme", 1000);

        assertThat(ledger.view("acme")).isEqualTo(new View(1000, 100, 0, 60, 840));
    }

    @Test
    void shouldAnswerNotFoundWhenDefiningABudgetOfAnotherTenant() {
        Outcome outcome = ledger.send("globex", BudgetSpec.of("acme", 100).command("key-x"));

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ledger.state.budget("acme")).isEmpty();
    }

    @Test
    void shouldRememberADefinitionForTheIdempotencyRetentionOnly() {
        Outcome outcome = ledger.define("acme", 100);

        assertThat(outcome.rememberUntil()).isEqualTo(ledger.time() + LedgerRules.DEFAULTS.idempotencyRetentionMs());
    }
}
