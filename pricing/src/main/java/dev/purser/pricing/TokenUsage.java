package dev.purser.pricing;

/**
 * What a call used, split by rate: {@code input} tokens at the full input rate, {@code cachedInput}
 * read from the prompt cache, {@code cacheWrite} written to it, {@code output} (reasoning included);
 * {@code reasoning} is the part of {@code output} spent thinking (informational, already in output).
 * Read one from a provider's {@code usage} with {@link UsageShape#read}.
 */
public record TokenUsage(long input, long cachedInput, long cacheWrite, long output, long reasoning) {
    public TokenUsage {
        if (input < 0 || cachedInput < 0 || cacheWrite < 0 || output < 0 || reasoning < 0) {
            throw new IllegalArgumentException("token counts are never negative: " + this);
        }
        if (reasoning > output) {
            throw new IllegalArgumentException("reasoning tokens are part of the output tokens: " + this);
        }
    }

    /** Every input token, whatever its rate. */
    public long totalInput() {
        return Math.addExact(Math.addExact(input, cachedInput), cacheWrite);
    }

    /** What this usage costs at {@code price}, in usd_micros, rounded up once over the sum. */
    public long costUsdMicros(ModelPrice price) {
        long scaled = MicroDollars.scaled(input, price.inputPerMillion());
        scaled = Math.addExact(scaled, MicroDollars.scaled(cachedInput, price.cachedInputPerMillion()));
        scaled = Math.addExact(scaled, MicroDollars.scaled(cacheWrite, price.cacheWritePerMillion()));
        scaled = Math.addExact(scaled, MicroDollars.scaled(output, price.outputPerMillion()));
        return MicroDollars.toMicrosRoundedUp(scaled);
    }
}
