package dev.purser.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The comparison rule of the ledger vectors (docs/CONFORMANCE.md, "expect.body"). */
class JsonPatternTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void shouldIgnoreMembersThePatternDoesNotName() throws Exception {
        assertThat(JsonPattern.mismatches(json("{\"a\":\"1\"}"), json("{\"a\":\"1\",\"b\":2}"))).isEmpty();
    }

    @Test
    void shouldReportAMissingMemberAndAnotherValueWithTheirPaths() throws Exception {
        assertThat(JsonPattern.mismatches(json("{\"a\":{\"b\":\"1\",\"c\":\"2\"}}"), json("{\"a\":{\"b\":\"9\"}}")))
                .containsExactly("/a/b: expected \"1\", got \"9\"", "/a/c: missing (expected \"2\")");
    }

    @Test
    void shouldTellAStringFromANumber() throws Exception {
        assertThat(JsonPattern.mismatches(json("{\"a\":\"1\"}"), json("{\"a\":1}"))).hasSize(1);
    }

    @Test
    void shouldMatchArraysByLengthAndInOrder() throws Exception {
        assertThat(JsonPattern.mismatches(json("[{\"x\":\"1\"},{\"x\":\"2\"}]"), json("[{\"x\":\"1\",\"y\":0},{\"x\":\"2\"}]"))).isEmpty();
        assertThat(JsonPattern.mismatches(json("[\"a\",\"b\"]"), json("[\"b\",\"a\"]"))).hasSize(2);
        assertThat(JsonPattern.mismatches(json("[\"a\"]"), json("[\"a\",\"b\"]"))).hasSize(1);
    }

    @Test
    void shouldMatchAnyPresentValueButNullWithAny() throws Exception {
        assertThat(JsonPattern.mismatches(json("{\"id\":\"$any\"}"), json("{\"id\":\"d_1\"}"))).isEmpty();
        assertThat(JsonPattern.mismatches(json("{\"id\":\"$any\"}"), json("{\"id\":null}"))).hasSize(1);
        assertThat(JsonPattern.mismatches(json("{\"id\":\"$any\"}"), json("{}"))).hasSize(1);
    }
}
