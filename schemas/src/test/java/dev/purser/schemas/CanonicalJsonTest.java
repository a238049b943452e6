package dev.purser.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785 (JCS): the examples of the RFC, and the SHA-256 used by the audit chain. */
class CanonicalJsonTest {

    @Test
    void shouldCanonicalizeTheRfc8785Example() {
        String input = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }
                """;
        assertThat(CanonicalJson.canonicalize(input)).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void shouldSortKeysByUtf16CodeUnits() {
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }
                """;
        assertThat(CanonicalJson.canonicalize(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\","
                + "\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1E30 | 1e+30", "4.50 | 4.5", "2e-3 | 0.002", "0.000000000000000000000000001 | 1e-27", "-0 | 0",
        "1e21 | 1e+21", "1e20 | 100000000000000000000", "9007199254740992 | 9007199254740992", "-1.5 | -1.5",
        "0.1 | 0.1", "100 | 100"})
    void shouldFormatNumbersLikeEcmaScript(String number, String canonical) {
        assertThat(CanonicalJson.canonicalize("{\"n\":" + number + "}")).isEqualTo("{\"n\":" + canonical + "}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`\"\\u000F\"` | `\"\\u000f\"`", "`\"\\/\"` | `\"/\"`", "`\"\\u0041\"` | `\"A\"`", "`\"\\t\"` | `\"\\t\"`",
        "`\"\\u001f\"` | `\"\\u001f\"`", "`\"\\u2028\"` | `\"\u2028\"`"})
    void shouldEscapeOnlyWhatMustBeEscaped(String string, String canonical) {
        assertThat(CanonicalJson.canonicalize("{\"s\":" + string + "}")).isEqualTo("{\"s\":" + canonical + "}");
    }

    @Test
    void shouldGiveTheSameTextForATreeReadStrictly() throws Exception {
        String input = "{\"b\":[1,2.50,{\"z\":null,\"a\":true}],\"a\":\"x\",\"n\":9007199254740992}";
        JsonNode tree = Json.MAPPER.readTree(input);
        assertThat(CanonicalJson.canonicalize(tree)).isEqualTo(CanonicalJson.canonicalize(input))
                .isEqualTo("{\"a\":\"x\",\"b\":[1,2.5,{\"a\":true,\"z\":null}],\"n\":9007199254740992}");
    }

    @Test
    void shouldHashWithSha256() {
        assertThat(CanonicalJson.sha256Hex(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(CanonicalJson.sha256Hex("abc".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
