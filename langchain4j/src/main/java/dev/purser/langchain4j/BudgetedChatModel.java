package dev.purser.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.purser.client.PurserClient;
import dev.purser.pricing.PriceTable;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link ChatModel} that asks Purser before every call of the model it wraps (docs/LANGCHAIN4J.md).
 * A decorator and not a {@code ChatModelListener}: a listener cannot stop a call. The wrapped model's
 * own listeners, defaults and retries keep working.
 *
 * <pre>{@code
 * ChatModel model = BudgetedChatModel.wrap(openAiChatModel).purser(purserClient).budget("acme/eng/bot").build();
 * model.chat("Say hello.");   // BudgetDenied when the budget cannot afford the worst case
 * }</pre>
 */
public final class BudgetedChatModel implements ChatModel {
    private final ChatModel delegate;
    private final SpendGuard guard;

    private BudgetedChatModel(ChatModel delegate, SpendGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    public static Builder<BudgetedChatModel> wrap(ChatModel delegate) {
        Objects.requireNonNull(delegate, "delegate");
        return new Builder<>(guard -> new BudgetedChatModel(delegate, guard));
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        SpendGuard.Guarded guarded = guard.reserve(request);
        ChatResponse response;
        try {
            response = delegate.chat(guarded.request());
        } catch (RuntimeException | Error e) {
            guard.failed(guarded, e);
            throw e;
        }
        guard.completed(guarded, response);
        return response;
    }

    @Override
    public ChatRequestParameters defaultRequestParameters() {
        return delegate.defaultRequestParameters();
    }

    @Override
    public ModelProvider provider() {
        return delegate.provider();
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return delegate.supportedCapabilities();
    }

    /** Settings shared by both decorators. */
    public static final class Builder<M> {
        private final java.util.function.Function<SpendGuard, M> make;
        private PurserClient purser;
        private PriceTable prices = PriceTable.shipped();
        private String budget;
        private String identity;
        private String unpricedModelPricedAs;
        private long minOutputTokens = 256;
        private long holdTtlMs = 120_000;

        Builder(java.util.function.Function<SpendGuard, M> make) {
            this.make = make;
        }

        /** The Purser client (one per process; see docs/CLIENT.md). */
        public Builder<M> purser(PurserClient purser) {
            this.purser = purser;
            return this;
        }

        /** The budget every call is reserved on. */
        public Builder<M> budget(String budgetId) {
            this.budget = budgetId;
            return this;
        }

        /** The price table (default: the shipped one; {@code PriceTable.shippedWith(path)} for local prices). */
        public Builder<M> prices(PriceTable prices) {
            this.prices = prices;
            return this;
        }

        /** Recorded as every reservation's identity. */
        public Builder<M> identity(String identity) {
            this.identity = identity;
            return this;
        }

        /** Price models missing from the table as this one (default: refuse them). */
        public Builder<M> unpricedModelPricedAs(String model) {
            this.unpricedModelPricedAs = model;
            return this;
        }

        /** The fewest output tokens a capped hold must afford (default 256). */
        public Builder<M> minOutputTokens(long tokens) {
            this.minOutputTokens = tokens;
            return this;
        }

        /** The hold's TTL (default 120 s). */
        public Builder<M> holdTtlMs(long ttlMs) {
            this.holdTtlMs = ttlMs;
            return this;
        }

        public M build() {
            Objects.requireNonNull(purser, "purser");
            Objects.requireNonNull(budget, "budget");
            return make.apply(new SpendGuard(purser, prices, budget, identity, unpricedModelPricedAs, minOutputTokens, holdTtlMs));
        }
    }
}
