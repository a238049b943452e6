package dev.purser.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI and Anthropic Java SDKs as real clients of the proxy (only their base URL
 * changed), over the fake upstream, deciding on a real Purser.
 */
class OfficialSdksIT {
    @TempDir
    static Path dir;
    private static ProxyHarness harness;
    private static ProxyServer proxy;

    @BeforeAll
    static void start() throws Exception {
        harness = new ProxyHarness(dir);
        proxy = harness.proxy(harness.settings(null));
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static OpenAIClient openAi(String budget) {
        return OpenAIOkHttpClient.builder().apiKey("sk-caller").baseUrl("http://127.0.0.1:" + proxy.port() + "/v1")
                .putHeader("X-Purser-Budget", budget).build();
    }

    private static AnthropicClient anthropic(String budget) {
        return AnthropicOkHttpClient.builder().apiKey("sk-ant-caller").baseUrl("http://127.0.0.1:" + proxy.port())
                .putHeader("X-Purser-Budget", budget).build();
    }

    private static ChatCompletionCreateParams chat() {
        return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addUserMessage("Say hello.").maxCompletionTokens(200L).build();
    }

    private static MessageCreateParams message() {
        return MessageCreateParams.builder().model("claude-3-5-haiku-latest").maxTokens(200L).addUserMessage("Say hello.").build();
    }

    @Test
    void openai_chat_completion_through_the_proxy() throws Exception {
        String budget = harness.budget(1_000_000);
        ChatCompletion completion = openAi(budget).chat().completions().create(chat());

        assertThat(completion.choices().get(0).message().content()).contains("Hello from the fake");
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(1000);
        assertThat(harness.settledBalance(budget).path("committed").asLong()).isEqualTo(180);
        assertThat(harness.upstream.apiKeys).contains("Bearer sk-caller");
    }

    @Test
    void openai_chat_completion_streamed_through_the_proxy() throws Exception {
        String budget = harness.budget(1_000_000);
        String text;
        try (com.openai.core.http.StreamResponse<ChatCompletionChunk> stream = openAi(budget).chat().completions().createStreaming(chat())) {
            List<ChatCompletionChunk> chunks = stream.stream().collect(Collectors.toList());
            text = chunks.stream().flatMap(c -> c.choices().stream()).map(c -> c.delta().content().orElse(""))
                    .collect(Collectors.joining());
            assertThat(chunks).allSatisfy(c -> assertThat(c.choices()).as("no usage-only chunk reaches the SDK").isNotEmpty());
        }
        assertThat(text).isEqualTo(String.join("", FakeUpstream.PARTS));
        assertThat(harness.settledBalance(budget).path("committed").asLong()).isEqualTo(180);
    }

    @Test
    void openai_responses_through_the_proxy() throws Exception {
        String budget = harness.budget(1_000_000);
        Response response = openAi(budget).responses().create(ResponseCreateParams.builder().model("gpt-4o-mini")
                .input("Say hello.").maxOutputTokens(200L).build());

        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(50);
        assertThat(harness.settledBalance(budget).path("committed").asLong()).isEqualTo(180);
    }

    @Test
    void openai_sdk_gets_a_permission_denied_and_does_not_retry_a_denial() throws Exception {
        String budget = harness.budget(10);
        int upstreamBefore = harness.upstream.calls.get();
        long requestsBefore = proxy.requestsReceived();

        assertThatThrownBy(() -> openAi(budget).chat().completions().create(chat()))
                .isInstanceOf(com.openai.errors.PermissionDeniedException.class)
                .hasMessageContaining("BUDGET_EXHAUSTED").hasMessageContaining(budget);

        assertThat(proxy.requestsReceived() - requestsBefore).as("the SDK did not retry").isEqualTo(1);
        assertThat(harness.upstream.calls.get()).isEqualTo(upstreamBefore);
    }

    @Test
    void anthropic_message_through_the_proxy() throws Exception {
        String budget = harness.budget(1_000_000);
        Message message = anthropic(budget).messages().create(message());

        assertThat(message.content().get(0).text().orElseThrow().text()).isEqualTo("Hello from the fake");
        assertThat(message.usage().inputTokens()).isEqualTo(1000);
        assertThat(harness.settledBalance(budget).path("committed").asLong()).isEqualTo(1000);
        assertThat(harness.upstream.apiKeys).as("the caller's key reaches the provider").contains("Bearer sk-ant-caller");
    }

    @Test
    void anthropic_message_streamed_through_the_proxy() throws Exception {
        String budget = harness.budget(1_000_000);
        StringBuilder text = new StringBuilder();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic(budget).messages().createStreaming(message())) {
            stream.stream().forEach(event -> event.contentBlockDelta()
                    .flatMap(delta -> delta.delta().text()).ifPresent(t -> text.append(t.text())));
        }
        assertThat(text.toString()).isEqualTo(String.join("", FakeUpstream.PARTS));
        assertThat(harness.settledBalance(budget).path("committed").asLong()).isEqualTo(1000);
    }

    @Test
    void anthropic_sdk_gets_a_permission_denied_and_does_not_retry_a_denial() throws Exception {
        String budget = harness.budget(10);
        int upstreamBefore = harness.upstream.calls.get();
        long requestsBefore = proxy.requestsReceived();

        assertThatThrownBy(() -> anthropic(budget).messages().create(message()))
                .isInstanceOf(com.anthropic.errors.PermissionDeniedException.class)
                .hasMessageContaining("BUDGET_EXHAUSTED");

        assertThat(proxy.requestsReceived() - requestsBefore).as("the SDK did not retry").isEqualTo(1);
        assertThat(harness.upstream.calls.get()).isEqualTo(upstreamBefore);
    }
}
