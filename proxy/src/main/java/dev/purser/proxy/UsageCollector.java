package dev.purser.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.pricing.ApiShape;

/**
 * Follows an answer, whole or streamed, and keeps the last word on its {@code usage} (docs/PROXY.md, SSE):
 * Chat Completions streams it in a final chunk with empty {@code choices} (only with
 * {@code stream_options.include_usage}); Responses in {@code response.completed} (or
 * {@code .incomplete}/{@code .failed}) under {@code response.usage}; Messages in {@code message_start}
 * ({@code message.usage}: input and cache counts) updated by each {@code message_delta} ({@code usage}:
 * cumulative output).
 */
final class UsageCollector {
    private final ApiShape shape;
    private final boolean usageChunkInjected;
    private ObjectNode usage;
    private boolean complete;

    UsageCollector(ApiShape shape, boolean usageChunkInjected) {
        this.shape = shape;
        this.usageChunkInjected = usageChunkInjected;
    }

    /** A whole (non-streamed) answer. */
    void whole(JsonNode answer) {
        if (answer != null && answer.path("usage").isObject()) {
            usage = (ObjectNode) answer.get("usage").deepCopy();
            complete = true;
        }
    }

    /**
     * One streamed event's data; returns false when the event must not reach the caller: the usage
     * chunk the proxy asked for on the caller's behalf.
     */
    boolean event(JsonNode data) {
        if (data == null || !data.isObject()) {
            return true;
        }
        switch (shape) {
            case OPENAI_CHAT:
                if (data.path("usage").isObject()) {
                    usage = (ObjectNode) data.get("usage").deepCopy();
                    complete = true;
                    boolean usageOnly = data.path("choices").isArray() && data.path("choices").isEmpty();
                    return !(usageChunkInjected && usageOnly);
                }
                return true;
            case OPENAI_RESPONSES:
                String type = data.path("type").asText();
                if ((type.equals("response.completed") || type.equals("response.incomplete") || type.equals("response.failed"))
                        && data.path("response").path("usage").isObject()) {
                    usage = (ObjectNode) data.path("response").get("usage").deepCopy();
                    complete = true;
                }
                return true;
            case ANTHROPIC_MESSAGES:
                String kind = data.path("type").asText();
                if (kind.equals("message_start") && data.path("message").path("usage").isObject()) {
                    usage = (ObjectNode) data.path("message").get("usage").deepCopy();
                } else if (kind.equals("message_delta") && data.path("usage").isObject()) {
                    if (usage == null) {
                        usage = Json.MAPPER.createObjectNode();
                    }
                    data.get("usage").properties().forEach(e -> {
                        if (!e.getValue().isNull()) {
                            usage.set(e.getKey(), e.getValue());
                        }
                    });
                    complete = true; // message_delta carries the cumulative output count of the whole answer
                }
                return true;
            default:
                return true;
        }
    }

    /**
     * The answer's final usage, or null while it is not known: a stream that broke before its final
     * usage event (an Anthropic stream's {@code message_start} counts only the input) has none, and the
     * caller settles it as a call of unknown cost.
     */
    JsonNode usage() {
        return complete ? usage : null;
    }
}
