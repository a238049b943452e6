package dev.purser.schemas;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A budget's alerts (PROTOCOL.md §3 define_budget): spend thresholds in percent of the limit,
 * whether the first exhaustion denial is announced, and the burn-rate look-back ({@code 0}: none).
 * Each fires at most once per window (and per limit), decided by the ledger.
 */
public record AlertRules(@JsonProperty("thresholds_percent") List<Integer> thresholdsPercent,
                         @JsonProperty("exhausted") boolean exhausted,
                         @JsonProperty("burn_rate_lookback_ms") long burnRateLookbackMs) {
    public static final AlertRules NONE = new AlertRules(List.of(), false, 0);

    public AlertRules {
        thresholdsPercent = thresholdsPercent == null ? List.of() : List.copyOf(thresholdsPercent);
    }

    public boolean any() {
        return !thresholdsPercent.isEmpty() || exhausted || burnRateLookbackMs > 0;
    }
}
