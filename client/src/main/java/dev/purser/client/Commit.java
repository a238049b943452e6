package dev.purser.client;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a call really cost: the amount (atomic units), and optionally the provider's usage (recorded
 * in the ledger as given) and the token counts for the span. Build with {@link #of(long)}.
 */
public final class Commit {
    final long amount;
    Map<String, Object> usage;
    Long inputTokens;
    Long outputTokens;

    private Commit(long amount) {
        Amounts.format(amount);
        this.amount = amount;
    }

    public static Commit of(long amount) {
        return new Commit(amount);
    }

    /** One usage entry (tokens in and out, model, ...), recorded in the ledger; numbers must be integers. */
    public Commit usage(String key, Object value) {
        if (usage == null) {
            usage = new LinkedHashMap<>();
        }
        usage.put(key, value);
        return this;
    }

    /** Token counts, for the span ({@code gen_ai.usage.input_tokens} / {@code output_tokens}) and the usage record. */
    public Commit tokens(long input, long output) {
        this.inputTokens = input;
        this.outputTokens = output;
        usage("input_tokens", input);
        usage("output_tokens", output);
        return this;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", Amounts.format(amount));
        if (usage != null) {
            body.put("usage", usage);
        }
        return body;
    }
}
