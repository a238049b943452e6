package dev.purser.pricing;

/**
 * One model's prices, each in micro-dollars per million tokens, and its limits.
 *
 * @param inputPerMillion          an input token billed at the full rate
 * @param cachedInputPerMillion    an input token read from the provider's prompt cache
 * @param cacheWritePerMillion     an input token written to the prompt cache (Anthropic's 5-minute writes;
 *                                 OpenAI charges none: equal to the input price there)
 * @param outputPerMillion         an output token, reasoning tokens included
 * @param source                   the key of the table's {@code sources} entry this price was read from
 */
public record ModelPrice(String model, Provider provider, long inputPerMillion, long cachedInputPerMillion,
        long cacheWritePerMillion, long outputPerMillion, long contextWindow, long maxOutputTokens, String source) {
    public ModelPrice {
        if (inputPerMillion < 0 || cachedInputPerMillion < 0 || cacheWritePerMillion < 0 || outputPerMillion <= 0) {
            throw new IllegalArgumentException(model + ": prices are never negative and output is never free");
        }
        if (maxOutputTokens < 1 || contextWindow < 1) {
            throw new IllegalArgumentException(model + ": context_window and max_output_tokens must be positive");
        }
    }

    /** The most an input token can cost: a worst case prices every input token at this rate. */
    public long dearestInputPerMillion() {
        return Math.max(inputPerMillion, Math.max(cachedInputPerMillion, cacheWritePerMillion));
    }
}
