package dev.purser.proxy;

import dev.purser.pricing.ApiShape;
import dev.purser.pricing.Provider;

/** The provider routes the proxy serves; an agent changes only its base URL. */
enum Route {
    CHAT_COMPLETIONS("/v1/chat/completions", ApiShape.OPENAI_CHAT),
    RESPONSES("/v1/responses", ApiShape.OPENAI_RESPONSES),
    MESSAGES("/v1/messages", ApiShape.ANTHROPIC_MESSAGES);

    final String path;
    final ApiShape shape;

    Route(String path, ApiShape shape) {
        this.path = path;
        this.shape = shape;
    }

    Provider provider() {
        return shape.provider();
    }
}
