package dev.purser.client;

import com.fasterxml.jackson.databind.JsonNode;

/** One HTTP answer from Purser: its status and its JSON body. */
record Answer(int status, JsonNode body) {
    boolean ok() {
        return status >= 200 && status < 300;
    }

    /** A reserve's decision body: 200 ALLOW / ALLOW_WITH_CAPS, or 403 with {@code decision} DENY. */
    boolean isDecision() {
        return (status == 200 || status == 403) && body.hasNonNull("decision");
    }

    String text(String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    long amount(String field) {
        String text = text(field);
        return text == null ? 0 : Amounts.parse(text);
    }

    PurserRejected rejection() {
        JsonNode error = body.path("error");
        String code = error.path("code").asText("HTTP_" + status);
        String message = error.path("message").asText(body.toString());
        String field = error.hasNonNull("field") ? error.get("field").asText() : null;
        return new PurserRejected(status, code, message, field);
    }
}
