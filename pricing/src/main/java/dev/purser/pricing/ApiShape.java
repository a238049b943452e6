package dev.purser.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * The three provider APIs the proxy speaks, and for each: how to read what a request may cost and
 * how to lower its output limit, and how its answer's {@code usage} counts tokens (docs/PRICING.md):
 * <ul>
 *   <li>OpenAI Chat Completions: {@code prompt_tokens} <b>includes</b> {@code prompt_tokens_details.cached_tokens};
 *       {@code completion_tokens} includes {@code completion_tokens_details.reasoning_tokens}; the output
 *       limit is {@code max_completion_tokens} (or the older {@code max_tokens}).</li>
 *   <li>OpenAI Responses: {@code input_tokens} includes {@code input_tokens_details.cached_tokens};
 *       {@code output_tokens} includes {@code output_tokens_details.reasoning_tokens}; limit {@code max_output_tokens}.</li>
 *   <li>Anthropic Messages: {@code input_tokens} <b>excludes</b> {@code cache_read_input_tokens} and
 *       {@code cache_creation_input_tokens}, which come on top; {@code output_tokens} includes thinking;
 *       limit {@code max_tokens} (required).</li>
 * </ul>
 */
public enum ApiShape {
    OPENAI_CHAT(Provider.OPENAI, "messages") {
        @Override
        public TokenUsage usage(JsonNode usage) {
            return includedCache(count(usage, "prompt_tokens"), count(usage.path("prompt_tokens_details"), "cached_tokens"),
                    count(usage, "completion_tokens"), count(usage.path("completion_tokens_details"), "reasoning_tokens"));
        }

        @Override
        Long requestedOutput(JsonNode body) {
            Long limit = limit(body, "max_completion_tokens");
            return limit != null ? limit : limit(body, "max_tokens");
        }

        @Override
        public void limitOutput(ObjectNode body, long maxOutputTokens) {
            body.put(body.has("max_tokens") && !body.has("max_completion_tokens") ? "max_tokens" : "max_completion_tokens",
                    maxOutputTokens);
        }
    },
    OPENAI_RESPONSES(Provider.OPENAI, "input", "instructions") {
        @Override
        public TokenUsage usage(JsonNode usage) {
            return includedCache(count(usage, "input_tokens"), count(usage.path("input_tokens_details"), "cached_tokens"),
                    count(usage, "output_tokens"), count(usage.path("output_tokens_details"), "reasoning_tokens"));
        }

        @Override
        Long requestedOutput(JsonNode body) {
            return limit(body, "max_output_tokens");
        }

        @Override
        public void limitOutput(ObjectNode body, long maxOutputTokens) {
            body.put("max_output_tokens", maxOutputTokens);
        }
    },
    ANTHROPIC_MESSAGES(Provider.ANTHROPIC, "messages", "system") {
        @Override
        public TokenUsage usage(JsonNode usage) {
            return new TokenUsage(count(usage, "input_tokens"), count(usage, "cache_read_input_tokens"),
                    count(usage, "cache_creation_input_tokens"), count(usage, "output_tokens"), 0);
        }

        @Override
        Long requestedOutput(JsonNode body) {
            return limit(body, "max_tokens");
        }

        @Override
        public void limitOutput(ObjectNode body, long maxOutputTokens) {
            body.put("max_tokens", maxOutputTokens);
        }
    };

    /** Request fields counted as their JSON text (definitions the model reads). */
    private static final Set<String> DEFINITIONS = Set.of("tools", "tool_choice", "response_format", "text", "functions");
    /** Part types counted as {@link TokenEstimator#ATTACHMENT_TOKENS} each. */
    private static final Set<String> ATTACHMENTS = Set.of("image_url", "input_image", "image", "input_audio", "file",
            "input_file", "document");

    private final Provider provider;
    private final String[] contentFields;

    ApiShape(Provider provider, String... contentFields) {
        this.provider = provider;
        this.contentFields = contentFields;
    }

    public Provider provider() {
        return provider;
    }

    /** The answer's {@code usage} object as a {@link TokenUsage}; a missing count is 0, a malformed one refused. */
    public abstract TokenUsage usage(JsonNode usage);

    /** Writes {@code maxOutputTokens} as the request's output limit (ALLOW_WITH_CAPS lowers it). */
    public abstract void limitOutput(ObjectNode body, long maxOutputTokens);

    abstract Long requestedOutput(JsonNode body);

    /** The model a request body names, or null. */
    public static String model(JsonNode body) {
        JsonNode model = body.path("model");
        return model.isTextual() ? model.asText() : null;
    }

    /**
     * What a request may use at most: estimated input tokens and the output limit (the request's, else
     * the model's maximum).
     */
    public RequestEstimate estimate(JsonNode body, ModelPrice price, TokenEstimator tokens) {
        long count = TokenEstimator.REPLY_PRIMING;
        for (String field : contentFields) {
            count = Math.addExact(count, content(body.path(field), price, tokens));
        }
        for (String field : DEFINITIONS) {
            if (body.has(field)) {
                count = Math.addExact(count, tokens.countText(price, body.get(field).toString()));
            }
        }
        Long requested = requestedOutput(body);
        return new RequestEstimate(price, tokens.withMargin(price, count),
                requested != null ? requested : price.maxOutputTokens(), requested != null);
    }

    /** Strings are tokenized, attachments counted flat, every array element (message, part) pays the per-message overhead. */
    private static long content(JsonNode node, ModelPrice price, TokenEstimator tokens) {
        if (node.isTextual()) {
            return tokens.countText(price, node.asText());
        }
        if (node.isArray()) {
            long sum = 0;
            for (JsonNode element : node) {
                sum = Math.addExact(sum, Math.addExact(TokenEstimator.PER_MESSAGE, content(element, price, tokens)));
            }
            return sum;
        }
        if (node.isObject()) {
            if (ATTACHMENTS.contains(node.path("type").asText())) {
                return TokenEstimator.ATTACHMENT_TOKENS;
            }
            long sum = 0;
            for (JsonNode value : node) {
                sum = Math.addExact(sum, content(value, price, tokens));
            }
            return sum;
        }
        return 0;
    }

    private static TokenUsage includedCache(long input, long cached, long output, long reasoning) {
        if (cached > input) {
            throw new IllegalArgumentException("cached_tokens " + cached + " exceed the input tokens " + input
                    + " that include them");
        }
        return new TokenUsage(input - cached, cached, 0, output, reasoning);
    }

    private static Long limit(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
            throw new IllegalArgumentException(field + " must be a positive integer, got " + value);
        }
        return value.asLong();
    }

    static long count(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException("usage." + field + " is not a token count: " + value);
        }
        return value.asLong();
    }
}
