package dev.purser.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The variables of one vector run, written {@code ${name}} in paths, bodies and expectations:
 * {@code tenant} (the tenant the credentials act for), {@code run} (a budget-id segment unique to
 * this run of this vector, so that vectors can run again against a long-lived server) and every
 * value a step saved. An unknown variable is an error of the vector.
 */
final class Bindings {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([a-z_][a-z0-9_]*)}");
    private final Map<String, String> values = new HashMap<>();

    Bindings(String tenant, String run) {
        values.put("tenant", tenant);
        values.put("run", run);
    }

    void put(String name, String value) {
        values.put(name, value);
    }

    String apply(String text) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException("unknown variable ${" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        return m.appendTail(out).toString();
    }

    /** A copy of {@code node} with every string value substituted. */
    JsonNode apply(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return TextNode.valueOf(apply(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                copy.set(member.getKey(), apply(member.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(apply(element)));
            return copy;
        }
        return node;
    }
}
