package dev.purser.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run of one vector against one target, step by step: substitute the variables, send the
 * request at the step's ledger time, compare status and body with the expectation, save the values
 * later steps use. Each step returns what did not match (empty: it passed).
 */
public final class VectorRun {
    /** The ledger time of a first step that names none. */
    public static final Instant T0 = Instant.parse("2026-05-13T10:00:00.000Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConformanceVector vector;
    private final ConformanceTarget target;
    private final Bindings bindings;
    private Instant now = T0.minusMillis(1);

    /** {@code runPrefix}: empty, or a lower-case prefix that makes this run's ids unique. */
    public VectorRun(ConformanceVector vector, ConformanceTarget target, String runPrefix) {
        this.vector = vector;
        this.target = target;
        this.bindings = new Bindings(target.tenant(), runPrefix.isEmpty() ? vector.name() : runPrefix + "-" + vector.name());
        target.begin(vector);
    }

    /** Runs step {@code index} (steps must run in order) and returns its mismatches. */
    public List<String> step(int index) {
        ConformanceVector.Step step = vector.steps().get(index);
        now = step.at() != null ? Instant.parse(step.at()) : now.plusMillis(1);
        JsonNode body = bindings.apply(step.body());
        ConformanceTarget.Answer answer = target.send(new ConformanceTarget.Request(step.as(), step.method(),
                bindings.apply(step.path()), body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8),
                now));
        List<String> problems = new ArrayList<>();
        JsonNode expect = bindings.apply(step.expect());
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        if (expect.has("status") && expect.get("status").asInt() != answer.status()) {
            problems.add("status: expected " + expect.get("status").asInt() + ", got " + answer.status());
        }
        JsonNode actual;
        try {
            actual = JSON.readTree(answer.body());
        } catch (IOException e) {
            problems.add("the body is not JSON: " + text);
            return problems;
        }
        if (expect.has("body")) {
            problems.addAll(JsonPattern.mismatches(expect.get("body"), actual));
        }
        for (JsonNode absent : expect.path("absent")) {
            if (actual.has(absent.asText())) {
                problems.add("/" + absent.asText() + ": present, expected absent");
            }
        }
        for (Map.Entry<String, String> save : step.save().entrySet()) {
            JsonNode value = actual.at(save.getValue());
            if (value.isMissingNode() || value.isNull()) {
                problems.add(save.getValue() + ": missing, cannot save it as ${" + save.getKey() + "}");
            } else {
                bindings.put(save.getKey(), value.asText());
            }
        }
        if (!problems.isEmpty()) {
            problems.add("answer: " + answer.status() + " " + text);
        }
        return problems;
    }
}
