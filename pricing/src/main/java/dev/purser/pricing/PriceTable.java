package dev.purser.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Model prices: the dated, versioned table shipped in this module ({@code dev/purser/pricing/prices.json}),
 * optionally with a local table merged over it (same format; its models replace or add, its version is
 * appended). Every decision taken with a table records {@link #version()} (docs/PRICING.md).
 *
 * <p>A model is found by its exact name, then without a dated snapshot suffix ({@code gpt-4o-2024-08-06}
 * is {@code gpt-4o}, {@code claude-sonnet-4-20250514} is {@code claude-sonnet-4}), then through the
 * table's {@code aliases}. An unknown model is {@link Optional#empty()}: the caller denies it.
 */
public final class PriceTable {
    static final String RESOURCE = "/dev/purser/pricing/prices.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SNAPSHOT = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

    private final String version;
    private final LocalDate asOf;
    private final Map<String, ModelPrice> models;
    private final Map<String, String> aliases;

    private PriceTable(String version, LocalDate asOf, Map<String, ModelPrice> models, Map<String, String> aliases) {
        this.version = version;
        this.asOf = asOf;
        this.models = Map.copyOf(models);
        this.aliases = Map.copyOf(aliases);
    }

    /** The table shipped with this module. */
    public static PriceTable shipped() {
        try (InputStream in = PriceTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the shipped price table " + RESOURCE + " is missing");
            }
            return parse(JSON.readTree(in), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The shipped table with {@code overrides} (a local file in the same format) merged over it. */
    public static PriceTable shippedWith(Path overrides) {
        return shipped().mergedWith(read(overrides));
    }

    /** A table from a file of this format on its own. */
    public static PriceTable read(Path file) {
        try {
            return parse(JSON.readTree(Files.readAllBytes(file)), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the price table " + file, e);
        }
    }

    /** This table with {@code other}'s models and aliases over its own; the version names both. */
    public PriceTable mergedWith(PriceTable other) {
        Map<String, ModelPrice> merged = new LinkedHashMap<>(models);
        merged.putAll(other.models);
        Map<String, String> mergedAliases = new LinkedHashMap<>(aliases);
        mergedAliases.putAll(other.aliases);
        LocalDate newest = other.asOf.isAfter(asOf) ? other.asOf : asOf;
        return new PriceTable(version + "+" + other.version, newest, merged, mergedAliases);
    }

    /** Recorded in every decision's metadata ({@code price_table}). */
    public String version() {
        return version;
    }

    public LocalDate asOf() {
        return asOf;
    }

    public Optional<ModelPrice> find(String model) {
        if (model == null) {
            return Optional.empty();
        }
        ModelPrice exact = models.get(model);
        if (exact != null) {
            return Optional.of(exact);
        }
        String undated = SNAPSHOT.matcher(model).replaceFirst("");
        if (models.containsKey(undated)) {
            return Optional.of(models.get(undated));
        }
        String target = aliases.getOrDefault(model, aliases.get(undated));
        return Optional.ofNullable(target == null ? null : models.get(target));
    }

    public Map<String, ModelPrice> models() {
        return models;
    }

    static PriceTable parse(JsonNode root, String origin) {
        String version = text(root, "version", origin);
        LocalDate asOf = LocalDate.parse(text(root, "as_of", origin));
        Map<String, ModelPrice> models = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.path("models").properties()) {
            models.put(e.getKey(), model(e.getKey(), e.getValue(), origin));
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        root.path("aliases").properties().forEach(e -> aliases.put(e.getKey(), e.getValue().asText()));
        aliases.forEach((alias, target) -> {
            if (origin.equals(RESOURCE) && !models.containsKey(target)) {
                throw new IllegalArgumentException(origin + ": alias " + alias + " names no model (" + target + ")");
            }
        });
        return new PriceTable(version, asOf, models, aliases);
    }

    private static ModelPrice model(String name, JsonNode m, String origin) {
        long input = price(m, "input", name, origin);
        return new ModelPrice(name, Provider.of(text(m, "provider", origin + " " + name)), input,
                m.has("cached_input") ? price(m, "cached_input", name, origin) : input,
                m.has("cache_write") ? price(m, "cache_write", name, origin) : input,
                price(m, "output", name, origin), price(m, "context_window", name, origin),
                price(m, "max_output_tokens", name, origin), m.path("source").asText(""));
    }

    private static long price(JsonNode m, String field, String model, String origin) {
        JsonNode value = m.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException(origin + ": model " + model + " needs " + field
                    + " as a non-negative integer (micro-dollars per million tokens for prices), got " + value);
        }
        return value.asLong();
    }

    private static String text(JsonNode node, String field, String origin) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(origin + ": " + field + " is required");
        }
        return value.asText();
    }
}
