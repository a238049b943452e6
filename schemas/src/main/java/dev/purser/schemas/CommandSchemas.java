package dev.purser.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schemas of Purser (files under {@code schemas/} on the class path, draft 2020-12),
 * loaded once. The schema files are the contract; this class only validates against them.
 */
public final class CommandSchemas {
    public static final String BASE_URI = "https://purser.dev/schemas/";
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(ids -> ids.mapPrefix(BASE_URI, "classpath:schemas/")));
    private static final Map<Verb, Schema> COMMANDS = new EnumMap<>(Verb.class);

    static {
        for (Verb verb : Verb.values()) {
            COMMANDS.put(verb, load("command-" + WireNames.of(verb) + ".schema.json"));
        }
    }

    private CommandSchemas() {
    }

    /** Loads any schema file of the contract by its file name. */
    public static Schema load(String fileName) {
        Schema schema = REGISTRY.getSchema(SchemaLocation.of(BASE_URI + fileName));
        schema.initializeValidators();
        return schema;
    }

    /** Throws {@link InvalidRequestException} naming the first offending field. */
    public static void validate(Verb verb, JsonNode command) {
        List<Error> errors = COMMANDS.get(verb).validate(command);
        if (!errors.isEmpty()) {
            throw toInvalidRequest(errors.get(0));
        }
    }

    public static InvalidRequestException toInvalidRequest(Error error) {
        String field = dotted(error.getInstanceLocation().toString());
        if (error.getProperty() != null) {
            field = field.isEmpty() ? error.getProperty() : field + "." + error.getProperty();
        }
        return new InvalidRequestException(field.isEmpty() ? null : field, error.getMessage());
    }

    /** {@code /metadata/run} or {@code $.metadata.run} → {@code metadata.run}; array indexes stay {@code [0]}. */
    static String dotted(String location) {
        StringBuilder out = new StringBuilder();
        String body = location.startsWith("$") ? location.substring(1) : location;
        for (String part : body.split("[/.]")) {
            if (part.isEmpty()) {
                continue;
            }
            String unescaped = part.replace("~1", "/").replace("~0", "~");
            if (unescaped.chars().allMatch(Character::isDigit)) {
                out.append('[').append(unescaped).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(unescaped);
            }
        }
        return out.toString();
    }
}
