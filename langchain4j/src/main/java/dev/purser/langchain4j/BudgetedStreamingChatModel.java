package dev.purser.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link StreamingChatModel} that asks Purser before every call (docs/LANGCHAIN4J.md): a DENY is given
 * to the handler's {@code onError} and the model is never called; the hold is settled exactly once, in
 * {@code onCompleteResponse} (the usage's cost) or {@code onError}, before the caller's handler hears of it.
 */
public final class BudgetedStreamingChatModel implements StreamingChatModel {
    private final StreamingChatModel delegate;
    private final SpendGuard guard;

    private BudgetedStreamingChatModel(StreamingChatModel delegate, SpendGuard guard) {
        this.delegate = delegate;
        this.guard = guard;
    }

    public static BudgetedChatModel.Builder<BudgetedStreamingChatModel> wrap(StreamingChatModel delegate) {
        Objects.requireNonNull(delegate, "delegate");
        return new BudgetedChatModel.Builder<>(guard -> new BudgetedStreamingChatModel(delegate, guard));
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
        SpendGuard.Guarded guarded;
        try {
            guarded = guard.reserve(request);
        } catch (RuntimeException denied) {
            handler.onError(denied);
            return;
        }
        AtomicBoolean settled = new AtomicBoolean();
        StreamingChatResponseHandler settling = new StreamingChatResponseHandler() {
            @Override
            public void onPartialResponse(String partial) {
                handler.onPartialResponse(partial);
            }

            @Override
            public void onPartialResponse(PartialResponse partial, PartialResponseContext context) {
                handler.onPartialResponse(partial, context);
            }

            @Override
            public void onPartialThinking(PartialThinking thinking) {
                handler.onPartialThinking(thinking);
            }

            @Override
            public void onPartialToolCall(PartialToolCall call) {
                handler.onPartialToolCall(call);
            }

            @Override
            public void onCompleteToolCall(CompleteToolCall call) {
                handler.onCompleteToolCall(call);
            }

            @Override
            public void onCompleteResponse(ChatResponse response) {
                if (settled.compareAndSet(false, true)) {
                    guard.completed(guarded, response);
                }
                handler.onCompleteResponse(response);
            }

            @Override
            public void onError(Throwable error) {
                if (settled.compareAndSet(false, true)) {
                    guard.failed(guarded, error);
                }
                handler.onError(error);
            }
        };
        try {
            delegate.chat(guarded.request(), settling);
        } catch (RuntimeException | Error e) {
            if (settled.compareAndSet(false, true)) {
                guard.failed(guarded, e);
            }
            throw e;
        }
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
}
