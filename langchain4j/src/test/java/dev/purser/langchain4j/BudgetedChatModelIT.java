package dev.purser.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.purser.client.BudgetDenied;
import dev.purser.client.PurserClient;
import dev.purser.proxy.FakeUpstream;
import dev.purser.standalone.InProcessPurser;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LangChain4j's own OpenAI models, wrapped, against the fake upstream, deciding on a real Purser
 * (docs/LANGCHAIN4J.md). Every test ends with nothing held on its budget.
 */
class BudgetedChatModelIT {
    private static final String ADMIN = "pt_lc4j_it_admin_0123456789";
    private static final String AGENT = "pt_lc4j_it_agent_0123456789";
    private static final AtomicInteger BUDGETS = new AtomicInteger();
    /** gpt-4o-mini, 1000 tokens in and 50 out: 180 usd_micros. */
    private static final long CALL = 180;

    @TempDir
    static Path dir;
    private static InProcessPurser purser;
    private static FakeUpstream upstream;
    private static PurserClient client;

    @BeforeAll
    static void start() throws Exception {
        purser = InProcessPurser.start(dir.resolve("purser"), InProcessPurser.credentials(dir, ADMIN, AGENT));
        upstream = new FakeUpstream();
        client = PurserClient.builder(URI.create(purser.url()), AGENT).build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (upstream != null) {
            upstream.close();
        }
        if (purser != null) {
            purser.close();
        }
    }

    @BeforeEach
    void reset() {
        upstream.script.failure = FakeUpstream.Failure.NONE;
        upstream.script.inputTokens = 1000;
        upstream.script.outputTokens = 50;
    }

    private static ChatModel model(String budget, String modelName) {
        OpenAiChatModel openAi = OpenAiChatModel.builder().baseUrl(upstream.url() + "/v1").apiKey("sk-test").modelName(modelName)
                .maxRetries(0).timeout(Duration.ofSeconds(10)).build();
        return BudgetedChatModel.wrap(openAi).purser(client).budget(budget).build();
    }

    private static StreamingChatModel streaming(String budget) {
        OpenAiStreamingChatModel openAi = OpenAiStreamingChatModel.builder().baseUrl(upstream.url() + "/v1").apiKey("sk-test")
                .modelName("gpt-4o-mini").timeout(Duration.ofSeconds(10)).build();
        return BudgetedStreamingChatModel.wrap(openAi).purser(client).budget(budget).build();
    }

    @Test
    void an_allowed_call_commits_the_cost_of_its_token_usage() throws Exception {
        String budget = budget(1_000_000);

        String answer = model(budget, "gpt-4o-mini").chat("Say hello.");

        assertThat(answer).isEqualTo("Hello from the fake");
        assertThat(settled(budget).path("committed").asLong()).isEqualTo(CALL);
    }

    @Test
    void a_denied_call_throws_and_the_model_is_never_called() throws Exception {
        String budget = budget(10);
        int before = upstream.calls.get();

        assertThatThrownBy(() -> model(budget, "gpt-4o-mini").chat("Say hello.")).isInstanceOfSatisfying(BudgetDenied.class, e -> {
            assertThat(e.budgetId()).isEqualTo(budget);
            assertThat(e.reasonCodes()).containsExactly("BUDGET_EXHAUSTED");
        });
        assertThat(upstream.calls.get()).isEqualTo(before);
    }

    @Test
    void a_capped_hold_lowers_max_output_tokens() throws Exception {
        String budget = budget(2_000);
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from("Say hello.")).maxOutputTokens(16_000).build();

        model(budget, "gpt-4o-mini").chat(request);

        JsonNode sent = upstream.lastRequest();
        long limit = sent.has("max_completion_tokens") ? sent.path("max_completion_tokens").asLong() : sent.path("max_tokens").asLong();
        assertThat(limit).isLessThan(16_000).isGreaterThanOrEqualTo(256);
        assertThat(settled(budget).path("committed").asLong()).isEqualTo(CALL);
    }

    @Test
    void an_unpriced_model_is_refused_before_the_call() throws Exception {
        String budget = budget(1_000_000);
        int before = upstream.calls.get();

        assertThatThrownBy(() -> model(budget, "gpt-unknown-9").chat("Say hello.")).isInstanceOf(UnpricedModelException.class);
        assertThat(upstream.calls.get()).isEqualTo(before);
    }

    @Test
    void a_provider_error_releases_the_hold() throws Exception {
        String budget = budget(1_000_000);
        upstream.script.failure = FakeUpstream.Failure.STATUS_500;

        assertThatThrownBy(() -> model(budget, "gpt-4o-mini").chat("Say hello.")).isInstanceOf(RuntimeException.class);

        JsonNode balance = settled(budget);
        assertThat(balance.path("committed").asLong()).isZero();
    }

    @Test
    void a_streamed_call_commits_the_cost_of_its_usage() throws Exception {
        String budget = budget(1_000_000);
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        streaming(budget).chat("Say hello.", handler(done));

        ChatResponse response = done.get(20, TimeUnit.SECONDS);
        assertThat(response.aiMessage().text()).isEqualTo(String.join("", FakeUpstream.PARTS));
        assertThat(settled(budget).path("committed").asLong()).isEqualTo(CALL);
    }

    @Test
    void a_stream_that_breaks_settles_once_through_on_error() throws Exception {
        String budget = budget(1_000_000);
        upstream.script.failure = FakeUpstream.Failure.DROP_AFTER_EVENTS;
        upstream.script.failAfterEvents = 2;
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        streaming(budget).chat("Say hello.", handler(done));

        assertThatThrownBy(() -> done.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(Throwable.class);
        JsonNode balance = settled(budget);
        assertThat(balance.path("committed").asLong()).as("the provider may bill a broken stream: the whole hold").isPositive();
    }

    @Test
    void a_denied_stream_goes_to_on_error_and_the_model_is_never_called() throws Exception {
        String budget = budget(10);
        int before = upstream.calls.get();
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();

        streaming(budget).chat("Say hello.", handler(done));

        assertThatThrownBy(() -> done.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(BudgetDenied.class);
        assertThat(upstream.calls.get()).isEqualTo(before);
    }

    @Test
    void a_handler_that_throws_does_not_leave_the_hold_open() throws Exception {
        String budget = budget(1_000_000);
        CompletableFuture<Void> called = new CompletableFuture<>();

        streaming(budget).chat("Say hello.", new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse response) {
                called.complete(null);
                throw new IllegalStateException("the caller's handler fails");
            }

            @Override
            public void onError(Throwable error) {
                called.complete(null);
            }
        });

        called.get(20, TimeUnit.SECONDS);
        assertThat(settled(budget).path("committed").asLong()).isEqualTo(CALL);
    }

    private static StreamingChatResponseHandler handler(CompletableFuture<ChatResponse> done) {
        return new StreamingChatResponseHandler() {
            @Override
            public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
            }

            @Override
            public void onError(Throwable error) {
                done.completeExceptionally(error);
            }
        };
    }

    private static String budget(long limit) throws Exception {
        String id = "acme/lc4j-" + BUDGETS.incrementAndGet();
        purser.defineBudget(ADMIN, id, limit);
        return id;
    }

    /** The budget's balance once nothing is held on it any more. */
    private static JsonNode settled(String budget) throws Exception {
        return purser.settledBalance(AGENT, budget);
    }
}
