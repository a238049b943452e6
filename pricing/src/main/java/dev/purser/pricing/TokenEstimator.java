package dev.purser.pricing;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.Locale;

/**
 * Counts input tokens before a call, always erring high (docs/PRICING.md, token estimate).
 * OpenAI models: the model family's own encoding with jtokkit ({@code o200k_base} for gpt-4o, gpt-4.1,
 * gpt-5 and the o-series; {@code cl100k_base} for gpt-4 and gpt-3.5). Anthropic publishes no local
 * tokenizer: the larger of the two counts × {@link #ANTHROPIC_MARGIN_NUM}/{@link #ANTHROPIC_MARGIN_DEN},
 * rounded up.
 */
public final class TokenEstimator {
    /** Anthropic's margin, 3/2: Claude's tokenizers have been reported to produce up to about 1.35 times the tokens of OpenAI's. */
    public static final long ANTHROPIC_MARGIN_NUM = 3;
    public static final long ANTHROPIC_MARGIN_DEN = 2;
    /** Tokens counted for an image, audio or file part (the content itself is not tokenized locally). */
    public static final long ATTACHMENT_TOKENS = 1_600;
    /** OpenAI's documented overhead: 3 tokens per message, 3 to prime the reply. */
    public static final long PER_MESSAGE = 3;
    public static final long REPLY_PRIMING = 3;

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();

    private final Encoding o200k = REGISTRY.getEncoding(EncodingType.O200K_BASE);
    private final Encoding cl100k = REGISTRY.getEncoding(EncodingType.CL100K_BASE);

    /** The tokens of {@code text} for {@code model} before any margin (special tokens counted as text). */
    public long countText(ModelPrice model, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        if (model.provider() == Provider.ANTHROPIC) {
            return Math.max(o200k.countTokensOrdinary(text), cl100k.countTokensOrdinary(text));
        }
        return encodingOf(model.model()).countTokensOrdinary(text);
    }

    /** The margin for a provider without a local tokenizer, applied once to a whole request's count. */
    public long withMargin(ModelPrice model, long tokens) {
        if (model.provider() != Provider.ANTHROPIC) {
            return tokens;
        }
        long scaled = Math.multiplyExact(tokens, ANTHROPIC_MARGIN_NUM);
        return Math.floorDiv(Math.addExact(scaled, ANTHROPIC_MARGIN_DEN - 1), ANTHROPIC_MARGIN_DEN);
    }

    /** Plain texts (e.g. the messages of a LangChain4j request): per-message overhead, reply priming, margin. */
    public long estimateMessages(ModelPrice model, Iterable<String> messages) {
        long tokens = REPLY_PRIMING;
        for (String message : messages) {
            tokens = Math.addExact(tokens, Math.addExact(PER_MESSAGE, countText(model, message)));
        }
        return withMargin(model, tokens);
    }

    Encoding encodingOf(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        if (m.startsWith("gpt-4o") || m.startsWith("chatgpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5")
                || m.startsWith("gpt-5") || m.matches("^o\\d.*")) {
            return o200k;
        }
        return cl100k;
    }
}
