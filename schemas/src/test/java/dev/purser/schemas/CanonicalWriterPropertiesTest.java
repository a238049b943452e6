package dev.purser.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.erdtman.jcs.JsonCanonicalizer;

/** The direct canonical writer and the RFC 8785 reference implementation agree on Purser's kind of JSON. */
class CanonicalWriterPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 500)
    void shouldWriteWhatTheReferenceImplementationWrites(@ForAll("documents") ObjectNode document) throws Exception {
        String reference = new JsonCanonicalizer(Json.MAPPER.writeValueAsString(document)).getEncodedString();
        assertThat(CanonicalWriter.write(document)).isEqualTo(reference);
        assertThat(CanonicalWriter.write(Json.MAPPER.convertValue(document, Map.class))).isEqualTo(reference);
    }

    @Provide
    Arbitrary<ObjectNode> documents() {
        return objects(3);
    }

    private Arbitrary<ObjectNode> objects(int depth) {
        return Arbitraries.maps(keys(), values(depth)).ofMaxSize(6).map(map -> {
            ObjectNode node = NODES.objectNode();
            map.forEach(node::set);
            return node;
        });
    }

    private Arbitrary<JsonNode> values(int depth) {
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                strings().map(NODES::textNode),
                Arbitraries.longs().between(-9007199254740992L, 9007199254740992L).map(NODES::numberNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<JsonNode> arrays = values(depth - 1).list().ofMaxSize(4).map(list -> {
            ArrayNode array = NODES.arrayNode();
            list.forEach(array::add);
            return array;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalars),
                net.jqwik.api.Tuple.of(1, arrays),
                net.jqwik.api.Tuple.of(1, objects(depth - 1).map(o -> (JsonNode) o)));
    }

    private Arbitrary<String> keys() {
        return Arbitraries.oneOf(strings(), Arbitraries.of("a", "b", "B", "é", "€", "\u00e9a", "aa", "_", "\ud83d\ude00"));
    }

    private Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withChars("\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028\u00e9\u20ac ").ofMaxLength(8),
                Arbitraries.of("\ud83d\ude00", "a\ud834\udd1eb", "line\nbreak"))
                .filter(s -> isWellFormed(s));
    }

    private static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

}
