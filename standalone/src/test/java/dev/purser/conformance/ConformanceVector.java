package dev.purser.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One ledger conformance vector, as written in {@code conformance/ledger/*.json} (format:
 * docs/CONFORMANCE.md): a named sequence of HTTP-shaped steps, each with the ledger time it is
 * decided at and what the answer must show. {@code clock: "controlled"} marks a vector whose steps
 * need the ledger time set (expiry, grace, windows that roll): only a runner that controls the
 * clock can run it.
 */
public record ConformanceVector(String name, String description, boolean needsClock, List<String> covers,
                                List<Step> steps) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One request and its expectation. {@code at}: the ledger time (RFC 3339) or null (the previous
     * step's time plus 1 ms); {@code as}: {@code admin} or {@code agent}; {@code body}: the JSON body
     * or null; {@code expect}: {@code {"status", "body", "absent"}}; {@code save}: variable name →
     * JSON pointer into the answer, usable as {@code ${name}} in later steps.
     */
    public record Step(String name, String at, String as, String method, String path, JsonNode body,
                       JsonNode expect, Map<String, String> save) {
    }

    /** Every {@code *.json} vector of {@code folder}, by file name. */
    public static List<ConformanceVector> loadAll(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted()
                    .map(ConformanceVector::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The repository's {@code conformance/<kind>} folder, found from the working directory upwards. */
    public static Path folder(String kind) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("conformance").resolve(kind);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no conformance/" + kind + " folder above " + Path.of("").toAbsolutePath());
    }

    static ConformanceVector read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": not JSON", e);
        }
        String name = required(root, "name", file).asText();
        String stem = file.getFileName().toString().replaceFirst("\\.json$", "");
        if (!name.equals(stem)) {
            throw new IllegalArgumentException(file + ": name " + name + " differs from the file name");
        }
        if (!name.matches("[a-z0-9][a-z0-9.-]{0,54}")) {
            throw new IllegalArgumentException(file + ": a name is 1-55 of a-z 0-9 . - (it becomes a budget-id segment)");
        }
        String clock = root.path("clock").asText("free");
        if (!clock.equals("free") && !clock.equals("controlled")) {
            throw new IllegalArgumentException(file + ": clock must be \"free\" or \"controlled\"");
        }
        List<String> covers = new ArrayList<>();
        root.path("covers").forEach(c -> covers.add(c.asText()));
        List<Step> steps = new ArrayList<>();
        for (JsonNode s : required(root, "steps", file)) {
            JsonNode request = required(s, "request", file);
            Map<String, String> save = new LinkedHashMap<>();
            s.path("save").fields().forEachRemaining(e -> save.put(e.getKey(), e.getValue().asText()));
            String as = s.path("as").asText("agent");
            if (!as.equals("agent") && !as.equals("admin")) {
                throw new IllegalArgumentException(file + ": \"as\" must be agent or admin");
            }
            steps.add(new Step(required(s, "name", file).asText(), s.hasNonNull("at") ? s.get("at").asText() : null,
                    as, required(request, "method", file).asText(), required(request, "path", file).asText(),
                    request.get("body"), required(s, "expect", file), save));
        }
        return new ConformanceVector(name, root.path("description").asText(""), clock.equals("controlled"),
                List.copyOf(covers), List.copyOf(steps));
    }

    private static JsonNode required(JsonNode node, String field, Path file) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException(file + ": \"" + field + "\" is missing");
        }
        return value;
    }
}
