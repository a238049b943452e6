package dev.purser.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file in {@code src/test/resources/usage-vectors}: a provider's {@code usage} as it comes back,
 * and the token split and cost (usd_micros) it must give with the shipped table (docs/PRICING.md).
 */
class UsageVectorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PriceTable TABLE = PriceTable.shipped();

    static Stream<Path> vectors() throws IOException {
        Path dir = Path.of("src/test/resources/usage-vectors");
        return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void the_usage_gives_the_expected_tokens_and_cost(Path file) throws IOException {
        JsonNode vector = JSON.readTree(file.toFile());
        ApiShape shape = ApiShape.valueOf(vector.path("shape").asText());
        ModelPrice price = TABLE.find(vector.path("model").asText()).orElseThrow();
        JsonNode expected = vector.path("expected");

        TokenUsage usage = shape.usage(vector.path("usage"));

        assertThat(usage).as(vector.path("name").asText()).isEqualTo(new TokenUsage(expected.path("input").asLong(),
                expected.path("cached_input").asLong(), expected.path("cache_write").asLong(), expected.path("output").asLong(),
                expected.path("reasoning").asLong()));
        assertThat(usage.costUsdMicros(price)).as(vector.path("name").asText())
                .isEqualTo(expected.path("cost_usd_micros").asLong());
    }

    @org.junit.jupiter.api.Test
    void there_are_vectors_for_both_providers_with_cache_and_reasoning() throws IOException {
        long openai = vectors().filter(p -> p.getFileName().toString().startsWith("openai")).count();
        long anthropic = vectors().filter(p -> p.getFileName().toString().startsWith("anthropic")).count();
        assertThat(openai).isGreaterThanOrEqualTo(5);
        assertThat(anthropic).isGreaterThanOrEqualTo(4);
    }
}
