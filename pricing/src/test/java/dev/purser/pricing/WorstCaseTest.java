package dev.purser.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * docs/PRICING.md, worst case and caps. The property checks run seeded random cases (no jqwik): a
 * failure prints its seed and case, and rerunning gives the same cases.
 */
class WorstCaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 20261205L;
    private final PriceTable table = PriceTable.shipped();
    private final TokenEstimator tokens = new TokenEstimator();

    @Test
    void the_worst_case_is_never_below_what_any_usage_within_the_limits_costs() {
        Random random = new Random(SEED);
        List<ModelPrice> models = List.copyOf(table.models().values());
        for (int i = 0; i < 20_000; i++) {
            ModelPrice price = models.get(random.nextInt(models.size()));
            long input = random.nextInt(200_000);
            long maxOutput = 1 + random.nextInt((int) price.maxOutputTokens());
            long worst = WorstCase.usdMicros(price, input, maxOutput);
            // any split of at most `input` tokens over the three input rates, at most maxOutput out
            long cached = input == 0 ? 0 : random.nextLong(input + 1);
            long write = price.provider() == Provider.ANTHROPIC ? random.nextLong(input - cached + 1) : 0;
            long full = random.nextLong(input - cached - write + 1);
            long output = random.nextLong(maxOutput + 1);
            TokenUsage usage = new TokenUsage(full, cached, write, output, 0);
            assertThat(usage.costUsdMicros(price)).as("seed %d case %d %s %s", SEED, i, price.model(), usage)
                    .isLessThanOrEqualTo(worst);
        }
    }

    @Test
    void the_capped_output_limit_never_costs_more_than_the_cap_and_one_more_token_would() {
        Random random = new Random(SEED + 1);
        List<ModelPrice> models = List.copyOf(table.models().values());
        for (int i = 0; i < 20_000; i++) {
            ModelPrice price = models.get(random.nextInt(models.size()));
            long input = random.nextInt(100_000);
            long cap = random.nextLong(5_000_000);
            long output = WorstCase.affordableOutputTokens(price, input, cap);
            String where = "seed " + SEED + " case " + i + " " + price.model() + " input " + input + " cap " + cap;
            if (output == 0) {
                assertThat(WorstCase.usdMicros(price, input, 1)).as(where).isGreaterThan(cap);
                continue;
            }
            assertThat(WorstCase.usdMicros(price, input, output)).as(where).isLessThanOrEqualTo(cap);
            assertThat(output).as(where).isLessThanOrEqualTo(price.maxOutputTokens());
            if (output < price.maxOutputTokens()) {
                assertThat(WorstCase.usdMicros(price, input, output + 1)).as(where).isGreaterThan(cap);
            }
        }
    }

    @Test
    void a_worst_case_that_would_overflow_is_refused_not_wrapped() {
        ModelPrice opus = table.find("claude-opus-4-1").orElseThrow();
        assertThatThrownBy(() -> WorstCase.usdMicros(opus, Long.MAX_VALUE / 2, 1)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> new TokenUsage(0, 0, 0, Long.MAX_VALUE, 0).costUsdMicros(opus))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void a_chat_request_is_priced_by_its_messages_and_its_output_limit() throws Exception {
        ModelPrice gpt4o = table.find("gpt-4o").orElseThrow();
        ObjectNode body = (ObjectNode) JSON.readTree("""
                {"model":"gpt-4o","max_completion_tokens":200,
                 "messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"Say hello."}]}
                """);

        RequestEstimate estimate = ApiShape.OPENAI_CHAT.estimate(body, gpt4o, tokens);

        assertThat(estimate.maxOutputTokens()).isEqualTo(200);
        assertThat(estimate.outputLimitRequested()).isTrue();
        // o200k: the texts, roles, 3 per message, 3 to prime the reply; never below the bare text count
        long bare = tokens.countText(gpt4o, "You are terse.") + tokens.countText(gpt4o, "Say hello.");
        assertThat(estimate.inputTokens()).isBetween(bare + 9, bare + 20);
        assertThat(estimate.worstCaseUsdMicros()).isEqualTo(WorstCase.usdMicros(gpt4o, estimate.inputTokens(), 200));
    }

    @Test
    void without_an_output_limit_the_models_maximum_is_assumed() throws Exception {
        ModelPrice mini = table.find("gpt-4o-mini").orElseThrow();
        RequestEstimate estimate = ApiShape.OPENAI_RESPONSES.estimate(JSON.readTree("{\"model\":\"gpt-4o-mini\",\"input\":\"hi\"}"),
                mini, tokens);
        assertThat(estimate.maxOutputTokens()).isEqualTo(mini.maxOutputTokens());
        assertThat(estimate.outputLimitRequested()).isFalse();
    }

    @Test
    void anthropic_counts_carry_the_documented_margin_and_images_a_flat_count() throws Exception {
        ModelPrice sonnet = table.find("claude-sonnet-4").orElseThrow();
        String text = "The quick brown fox jumps over the lazy dog. ".repeat(40);
        ObjectNode body = (ObjectNode) JSON.createObjectNode().put("model", "claude-sonnet-4").put("max_tokens", 1024);
        body.putArray("messages").addObject().put("role", "user").put("content", text);

        long estimate = ApiShape.ANTHROPIC_MESSAGES.estimate(body, sonnet, tokens).inputTokens();

        long raw = tokens.countText(sonnet, text);
        assertThat(estimate).isGreaterThanOrEqualTo(raw * 3 / 2);

        ObjectNode withImage = body.deepCopy();
        ((ObjectNode) withImage.withArray("messages").get(0)).putArray("content").addObject().put("type", "image")
                .putObject("source").put("type", "base64").put("data", "iVBORw0KGgo".repeat(1000));
        assertThat(ApiShape.ANTHROPIC_MESSAGES.estimate(withImage, sonnet, tokens).inputTokens())
                .isGreaterThanOrEqualTo(TokenEstimator.ATTACHMENT_TOKENS * 3 / 2);
    }

    @Test
    void a_lowered_output_limit_is_written_where_each_api_reads_it() throws Exception {
        ObjectNode chat = (ObjectNode) JSON.readTree("{\"model\":\"gpt-4o\",\"max_tokens\":900,\"messages\":[]}");
        ApiShape.OPENAI_CHAT.limitOutput(chat, 300);
        assertThat(chat.path("max_tokens").asLong()).isEqualTo(300);

        ObjectNode chatNew = (ObjectNode) JSON.readTree("{\"model\":\"o3\",\"messages\":[]}");
        ApiShape.OPENAI_CHAT.limitOutput(chatNew, 300);
        assertThat(chatNew.path("max_completion_tokens").asLong()).isEqualTo(300);

        ObjectNode responses = (ObjectNode) JSON.readTree("{\"model\":\"o3\",\"input\":\"x\"}");
        ApiShape.OPENAI_RESPONSES.limitOutput(responses, 300);
        assertThat(responses.path("max_output_tokens").asLong()).isEqualTo(300);

        ObjectNode messages = (ObjectNode) JSON.readTree("{\"model\":\"claude-sonnet-4\",\"max_tokens\":4096,\"messages\":[]}");
        ApiShape.ANTHROPIC_MESSAGES.limitOutput(messages, 300);
        assertThat(messages.path("max_tokens").asLong()).isEqualTo(300);
    }

    @Test
    void inconsistent_or_malformed_usage_is_refused() throws Exception {
        assertThatThrownBy(() -> ApiShape.OPENAI_CHAT.usage(JSON.readTree(
                "{\"prompt_tokens\":10,\"prompt_tokens_details\":{\"cached_tokens\":11}}"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiShape.ANTHROPIC_MESSAGES.usage(JSON.readTree("{\"input_tokens\":-1}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiShape.ANTHROPIC_MESSAGES.usage(JSON.readTree("{\"input_tokens\":1.5}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ApiShape.OPENAI_CHAT.estimate(JSON.readTree("{\"model\":\"gpt-4o\",\"max_tokens\":0}"),
                table.find("gpt-4o").orElseThrow(), tokens)).isInstanceOf(IllegalArgumentException.class);
    }
}
