package dev.purser.pricing;

/**
 * The most a request may use: {@code inputTokens} (estimated, erring high) and {@code maxOutputTokens}
 * (the request's limit, else the model's maximum), and what that costs at most.
 */
public record RequestEstimate(ModelPrice price, long inputTokens, long maxOutputTokens, boolean outputLimitRequested) {
    /** Worst case in usd_micros: every input token at the dearest input rate + every output token allowed. */
    public long worstCaseUsdMicros() {
        return WorstCase.usdMicros(price, inputTokens, maxOutputTokens);
    }
}
