package dev.purser.ledger;

import static dev.purser.ledger.LedgerFixture.data;
import static org.assertj.core.api.Assertions.assertThat;

import dev.purser.schemas.Period;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A denial says which budget tripped, by how much, and when its window resets (PROTOCOL.md §3 reserve). */
class DenialDetailsTest {
    private final LedgerFixture ledger = new LedgerFixture();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(Outcome outcome) {
        return (Map<String, Object>) data(outcome).get("details");
    }

    @Test
    void shouldNameTheBindingBudgetItsWindowAndTheShortfall() {
        ledger.define(LedgerFixture.BudgetSpec.of("acme", 1000).period(Period.MONTH));
        ledger.define("acme/eng", 500);
        ledger.reserve("r1", "acme", 900);

        Outcome outcome = ledger.reserve("r2", "acme/eng", 250);

        assertThat(details(outcome)).containsEntry("budget_id", "acme").containsEntry("window", "2026-05")
                .containsEntry("window_resets_at", "2026-06-01T00:00:00.000Z").containsEntry("requested", "250")
                .containsEntry("available", "100").containsEntry("shortfall", "150");
    }

    @Test
    void shouldMeasureTheShortfallAgainstMinAmountAndSayNoResetForPeriodNone() {
        ledger.define("acme", 100);
        ledger.reserve("r1", "acme", 100);

        Outcome outcome = ledger.reserve(LedgerFixture.ReserveSpec.of("acme", 500).id("r2").min(40));

        assertThat(details(outcome)).containsEntry("window", "all").containsEntry("window_resets_at", null)
                .containsEntry("requested", "40").containsEntry("available", "0").containsEntry("shortfall", "40");
    }

    @Test
    void shouldOnlyNameTheBudgetForOtherReasons() {
        assertThat(details(ledger.reserve("r1", "acme/none", 1))).isEqualTo(Map.of("budget_id", "acme/none"));
    }
}
