package dev.purser.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares a command record with the JSON it was parsed from, through the command's schema: every
 * record component is a schema property ({@code reservationId} ↔ {@code reservation_id}) holding
 * the same value, or the schema's {@code default} when the JSON leaves it out, and every schema
 * property but {@code type} is a record component.
 */
final class CommandRecords {
    /** Schema properties a record deliberately does not carry (described as informational). */
    private static final Map<Verb, Set<String>> INFORMATIONAL = Map.of(Verb.TICK, Set.of("partition"),
            Verb.KEY_ACTIVATED, Set.of("partition"), Verb.DECIDER_ACTIVATED, Set.of("partition"));

    private CommandRecords() {
    }

    static void assertSaysWhatTheJsonSays(Command command, JsonNode json) throws ReflectiveOperationException {
        Verb verb = command.verb();
        JsonNode properties = GoldenFiles.classpathJson("schemas/command-" + WireNames.of(verb) + ".schema.json")
                .get("properties");
        Set<String> schemaFields = new TreeSet<>();
        properties.fieldNames().forEachRemaining(schemaFields::add);
        schemaFields.remove("type");
        schemaFields.removeAll(INFORMATIONAL.getOrDefault(verb, Set.of()));
        Set<String> recordFields = new TreeSet<>();
        for (RecordComponent component : command.getClass().getRecordComponents()) {
            String field = component.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
            recordFields.add(field);
            JsonNode given = json.has(field) ? json.get(field) : properties.path(field).get("default");
            assertThat(canonical(wire(component.getAccessor().invoke(command)))).as(field).isEqualTo(canonical(given));
        }
        assertThat(recordFields).as("record components of %s = schema properties", verb).isEqualTo(schemaFields);
    }

    private static JsonNode wire(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OpaqueJson opaque) {
            try {
                return Json.MAPPER.readTree(opaque.canonical());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        if (value instanceof Enum<?> e) {
            return TextNode.valueOf(WireNames.of(e));
        }
        if (value instanceof Amount amount) {
            return TextNode.valueOf(amount.toString());
        }
        return Json.MAPPER.valueToTree(value);
    }

    private static String canonical(JsonNode node) {
        return node == null ? null : CanonicalJson.canonicalize(Json.MAPPER.createObjectNode().set("v", node));
    }
}
