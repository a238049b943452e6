package dev.purser.pricing;

/**
 * The most a call can cost before it runs, and the inverse for a capped hold (docs/PRICING.md):
 * worst case = input tokens × the dearest input rate (full, cached or cache-write) + output limit ×
 * output rate, rounded up to usd_micros. Any real usage within those limits costs no more.
 */
public final class WorstCase {
    private WorstCase() {
    }

    public static long usdMicros(ModelPrice price, long inputTokens, long maxOutputTokens) {
        long scaled = Math.addExact(MicroDollars.scaled(inputTokens, price.dearestInputPerMillion()),
                MicroDollars.scaled(maxOutputTokens, price.outputPerMillion()));
        return MicroDollars.toMicrosRoundedUp(scaled);
    }

    /**
     * The largest output-token limit whose worst case fits in {@code capUsdMicros} with {@code inputTokens}
     * of input, never above the model's maximum; 0 when the input alone does not fit (deny the call).
     */
    public static long affordableOutputTokens(ModelPrice price, long inputTokens, long capUsdMicros) {
        if (capUsdMicros < 0) {
            throw new IllegalArgumentException("a cap is never negative: " + capUsdMicros);
        }
        long budget = Math.subtractExact(Math.multiplyExact(capUsdMicros, MicroDollars.PER_MILLION),
                MicroDollars.scaled(inputTokens, price.dearestInputPerMillion()));
        if (budget <= 0) {
            return 0;
        }
        return Math.min(budget / price.outputPerMillion(), price.maxOutputTokens());
    }
}
