package dev.purser.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.pricing.Provider;

/**
 * Errors in the provider's own shape, so that its SDKs raise their usual exceptions (docs/PROXY.md):
 * OpenAI {@code {"error":{"message","type","param","code"}}}, Anthropic
 * {@code {"type":"error","error":{"type","message"}}}.
 */
final class ProviderErrors {
    private ProviderErrors() {
    }

    static byte[] body(Provider provider, int status, String code, String message) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        if (provider == Provider.ANTHROPIC) {
            root.put("type", "error");
            root.putObject("error").put("type", anthropicType(status)).put("message", message);
        } else {
            ObjectNode error = root.putObject("error");
            error.put("message", message).put("type", openAiType(status)).putNull("param").put("code", code);
        }
        return Json.bytes(root);
    }

    private static String anthropicType(int status) {
        switch (status) {
            case 400: return "invalid_request_error";
            case 401: return "authentication_error";
            case 403: return "permission_error";
            case 404: return "not_found_error";
            case 413: return "request_too_large";
            case 429: return "rate_limit_error";
            case 503: case 529: return "overloaded_error";
            default: return "api_error";
        }
    }

    private static String openAiType(int status) {
        switch (status) {
            case 400: case 404: case 413: return "invalid_request_error";
            case 401: return "authentication_error";
            case 403: return "permission_error";
            case 429: return "rate_limit_error";
            default: return "server_error";
        }
    }
}
