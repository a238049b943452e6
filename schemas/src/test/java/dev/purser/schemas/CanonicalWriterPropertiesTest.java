package dev.purser.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The direct canonical writer and the RFC 8785 reference implementation agree on Purser's kind of JSON:
 * 500 random documents, each from its own seed ({@code -Dproperty.seed} moves the base), so a failure
 * names the seed and the document that broke it.
 */
class CanonicalWriterPropertiesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long BASE_SEED = Long.getLong("property.seed", 8785L);
    private static final int TRIES = 500;
    private static final String SPECIAL_CHARS = "\"\\/\b\f\n\r\t\u0000\u001f\u007f\u2028\u00e9\u20ac ";
    private static final String[] KEYS = {"a", "b", "B", "é", "€", "\u00e9a", "aa", "_", "\ud83d\ude00"};
    private static final String[] TRICKY = {"\ud83d\ude00", "a\ud834\udd1eb", "line\nbreak"};

    @TestFactory
    Stream<DynamicTest> shouldWriteWhatTheReferenceImplementationWrites() {
        return IntStream.range(0, TRIES).mapToObj(i -> {
            long seed = BASE_SEED + i;
            return DynamicTest.dynamicTest("seed " + seed, () -> {
                ObjectNode document = object(new Random(seed), 3);
                String reference = new JsonCanonicalizer(Json.MAPPER.writeValueAsString(document)).getEncodedString();
                assertThat(CanonicalWriter.write(document)).as("seed=%d document=%s", seed, document)
                        .isEqualTo(reference);
                assertThat(CanonicalWriter.write(Json.MAPPER.convertValue(document, Map.class)))
                        .as("seed=%d document=%s (as maps)", seed, document).isEqualTo(reference);
            });
        });
    }

    private static ObjectNode object(Random random, int depth) {
        ObjectNode node = NODES.objectNode();
        int size = random.nextInt(7);
        for (int i = 0; i < size; i++) {
            String key = random.nextBoolean() ? string(random) : KEYS[random.nextInt(KEYS.length)];
            node.set(key, value(random, depth));
        }
        return node;
    }

    /** Scalars six times as often as arrays or objects (each once), as deep as {@code depth}. */
    private static JsonNode value(Random random, int depth) {
        int pick = depth == 0 ? 0 : random.nextInt(8);
        if (pick == 6) {
            ArrayNode array = NODES.arrayNode();
            int size = random.nextInt(5);
            for (int i = 0; i < size; i++) {
                array.add(value(random, depth - 1));
            }
            return array;
        }
        if (pick == 7) {
            return object(random, depth - 1);
        }
        return switch (random.nextInt(4)) {
            case 0 -> NODES.textNode(string(random));
            case 1 -> NODES.numberNode(random.nextLong(-9007199254740992L, 9007199254740993L));
            case 2 -> NODES.booleanNode(random.nextBoolean());
            default -> NODES.nullNode();
        };
    }

    /** Any well-formed UTF-16 (any char, surrogate pairs included), JSON's escapes, or a tricky literal. */
    private static String string(Random random) {
        switch (random.nextInt(3)) {
            case 0 -> {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(13);
                while (s.length() < length) {
                    int codePoint = random.nextInt(8) == 0 ? random.nextInt(0x10000, 0x110000) : random.nextInt(0x10000);
                    if (codePoint < Character.MIN_SURROGATE || codePoint > Character.MAX_SURROGATE) {
                        s.appendCodePoint(codePoint);
                    }
                }
                return s.toString();
            }
            case 1 -> {
                StringBuilder s = new StringBuilder();
                int length = random.nextInt(9);
                for (int i = 0; i < length; i++) {
                    s.append(SPECIAL_CHARS.charAt(random.nextInt(SPECIAL_CHARS.length())));
                }
                return s.toString();
            }
            default -> {
                return TRICKY[random.nextInt(TRICKY.length)];
            }
        }
    }
}
