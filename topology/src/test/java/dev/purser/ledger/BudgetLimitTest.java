package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.data;
import static dev.purser.ledger.LedgerFixture.error;
import static dev.purser.ledger.LedgerFixture.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.ledger.LedgerFixture.BudgetSpec;
import dev.purser.schemas.BudgetStatus;
import dev.purser.schemas.Command;
import dev.purser.schemas.ErrorCode;
import org.junit.jupiter.api.Test;

/**
 * Budgets per tenant ({@code maxBudgetsPerTenant}, PROTOCOL.md §8: a limit fixed by configuration):
 * a new budget past the limit is {@code TOO_MANY_BUDGETS} (409, remembered, its own decision id,
 * no event, nothing stored); redefining an existing budget is always allowed; the count is a
 * per-tenant counter, kept as budgets are created.
 */
class BudgetLimitTest {
    private static final LedgerRules THREE_BUDGETS = new LedgerRules(LedgerRules.DEFAULTS.graceMs(),
            LedgerRules.DEFAULTS.refundWindowMs(), LedgerRules.DEFAULTS.idempotencyRetentionMs(),
            LedgerRules.DEFAULTS.maxOpenReservationsPerTenant(), 3);
    private final LedgerFixture ledger = new LedgerFixture(THREE_BUDGETS);

    @Test
    void shouldDefaultToTenThousandBudgetsPerTenant() {
        assertThat(LedgerRules.DEFAULTS.maxBudgetsPerTenant()).isEqualTo(10_000);
    }

    @Test
    void shouldCountEveryNewBudgetOfTheTenant() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 500);

        assertThat(ledger.state.budgetCount("acme")).isEqualTo(2);
    }

    @Test
    void shouldRefuseANewBudgetPastTheLimitWithTooManyBudgets() {
        givenThreeBudgets();

        Outcome outcome = ledger.define("acme/ops", 100);

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.TOO_MANY_BUDGETS);
        assertThat(ErrorCode.TOO_MANY_BUDGETS.httpStatus()).isEqualTo(409);
        assertThat(error(outcome).field()).isEqualTo("budget_id");
        assertThat(error(outcome).message()).contains("3 budgets");
        assertThat(error(outcome).decisionId()).isNotNull();
        assertThat(outcome.events()).isEmpty();
        assertThat(ledger.state.budget("acme/ops")).isEmpty();
        assertThat(ledger.state.budgetCount("acme")).isEqualTo(3);
    }

    @Test
    void shouldRememberTheRefusalSoARetryGetsItAgain() {
        givenThreeBudgets();
        Command.DefineBudget define = BudgetSpec.of("acme/ops", 100).command("define-ops");
        Outcome first = ledger.send(define);

        Outcome retry = ledger.send(define);

        assertThat(first.rememberAs()).isNotNull();
        assertThat(retry.reply()).isInstanceOf(DecidedReply.Replay.class);
    }

    @Test
    void shouldAlwaysAllowRedefiningAnExistingBudgetAtTheLimit() {
        givenThreeBudgets();

        Outcome outcome = ledger.define(BudgetSpec.of("acme/eng", 900).status(BudgetStatus.FROZEN));

        assertThat(data(outcome)).containsEntry("created", false).containsEntry("limit", "900");
        assertThat(ledger.state.budgetCount("acme")).isEqualTo(3);
    }

    @Test
    void shouldCountEachTenantApart() {
        givenThreeBudgets();

        Outcome outcome = ledger.send("globex", BudgetSpec.of("globex", 100).command(ledger.nextKey()));

        assertThat(data(outcome)).containsEntry("created", true);
        assertThat(ledger.state.budgetCount("globex")).isEqualTo(1);
        assertThat(ledger.state.budgetCount("acme")).isEqualTo(3);
    }

    @Test
    void shouldNotCountARefusedDefinition() {
        ledger.define("acme", 1000);

        ledger.define(BudgetSpec.of("acme/eng", 100).unit("tokens"));

        assertThat(ledger.state.budgetCount("acme")).isEqualTo(1);
    }

    @Test
    void shouldNameAnInvalidNewBudgetInvalidEvenAtTheLimit() {
        givenThreeBudgets();

        Outcome outcome = ledger.define(BudgetSpec.of("acme/ops", 100).unit("tokens"));

        assertThat(errorCode(outcome)).isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void shouldRefuseAConfigurationWithoutRoomForABudget() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new LedgerRules(30_000, 90 * LedgerRules.DAY,
                LedgerRules.DAY, 1, 0)).hasMessageContaining("max budgets per tenant must be at least 1");
    }

    private void givenThreeBudgets() {
        ledger.define("acme", 1000);
        ledger.define("acme/eng", 500);
        ledger.define("acme/eng/bot", 100);
    }
}
