package dev.purser.pricing;

import java.util.Locale;

/** Whose price list and whose usage rules apply. */
public enum Provider {
    OPENAI,
    ANTHROPIC;

    static Provider of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** The name as the OpenTelemetry GenAI conventions spell it ({@code gen_ai.provider.name}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
