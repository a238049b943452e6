package dev.purser.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * How a vector's expected body is compared with an answer: an expected object matches when every
 * member it names is present and matches (members it does not name are not checked); an array
 * matches when it has the same length and each element matches in order; a scalar matches when it
 * is equal (a string {@code "1"} is not the number {@code 1}). The string {@code "$any"} matches any
 * value that is present and not null.
 */
public final class JsonPattern {
    public static final String ANY = "$any";

    private JsonPattern() {
    }

    /** Where {@code actual} differs from {@code expected}; empty when it matches. */
    public static List<String> mismatches(JsonNode expected, JsonNode actual) {
        List<String> problems = new ArrayList<>();
        compare("", expected, actual, problems);
        return problems;
    }

    private static void compare(String at, JsonNode expected, JsonNode actual, List<String> problems) {
        String where = at.isEmpty() ? "/" : at;
        if (actual == null || actual.isMissingNode()) {
            problems.add(where + ": missing (expected " + expected + ")");
        } else if (expected.isTextual() && ANY.equals(expected.textValue())) {
            if (actual.isNull()) {
                problems.add(where + ": null (expected a value)");
            }
        } else if (expected.isObject()) {
            if (!actual.isObject()) {
                problems.add(where + ": expected an object, got " + actual);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                compare(at + "/" + member.getKey(), member.getValue(), actual.get(member.getKey()), problems);
            }
        } else if (expected.isArray()) {
            if (!actual.isArray() || actual.size() != expected.size()) {
                problems.add(where + ": expected " + expected + ", got " + actual);
                return;
            }
            for (int i = 0; i < expected.size(); i++) {
                compare(at + "/" + i, expected.get(i), actual.get(i), problems);
            }
        } else if (!expected.equals(actual)) {
            problems.add(where + ": expected " + expected + ", got " + actual);
        }
    }
}
