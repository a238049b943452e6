package dev.purser.langchain4j;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.purser.client.Commit;
import dev.purser.client.Decision;
import dev.purser.client.Hold;
import dev.purser.client.PurserClient;
import dev.purser.client.PurserException;
import dev.purser.client.Reservation;
import dev.purser.pricing.ModelPrice;
import dev.purser.pricing.PriceTable;
import dev.purser.pricing.TokenEstimator;
import dev.purser.pricing.WorstCase;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decorators' one rule (docs/LANGCHAIN4J.md): before the call, price the request's worst case
 * with the {@code pricing} code and reserve it; a DENY throws {@link dev.purser.client.BudgetDenied} and
 * the model is never called; a cap lowers {@code maxOutputTokens}; after the call, commit the cost of
 * the response's token usage; on a failure, release when the provider answered with an error, else
 * commit the whole hold (the provider may have billed).
 */
final class SpendGuard {
    private static final Logger LOG = LoggerFactory.getLogger(SpendGuard.class);

    /** A reserved call: the hold, the price it was computed with, and the request to send. */
    record Guarded(Hold hold, ModelPrice price, ChatRequest request) {
    }

    private final PurserClient purser;
    private final PriceTable prices;
    private final TokenEstimator tokens = new TokenEstimator();
    private final String budgetId;
    private final String identity;
    private final String unpricedModelPricedAs;
    private final long minOutputTokens;
    private final long holdTtlMs;

    SpendGuard(PurserClient purser, PriceTable prices, String budgetId, String identity, String unpricedModelPricedAs,
            long minOutputTokens, long holdTtlMs) {
        this.purser = purser;
        this.prices = prices;
        this.budgetId = budgetId;
        this.identity = identity;
        this.unpricedModelPricedAs = unpricedModelPricedAs;
        this.minOutputTokens = minOutputTokens;
        this.holdTtlMs = holdTtlMs;
    }

    Guarded reserve(ChatRequest request) {
        String model = request.modelName();
        ModelPrice price = priceOf(model);
        RequestTexts texts = RequestTexts.of(request);
        long input = Math.addExact(tokens.estimateMessages(price, texts.texts()),
                tokens.withMargin(price, Math.multiplyExact((long) texts.attachments(), TokenEstimator.ATTACHMENT_TOKENS)));
        long maxOutput = request.maxOutputTokens() != null ? request.maxOutputTokens() : price.maxOutputTokens();
        long worst = WorstCase.usdMicros(price, input, maxOutput);
        long least = Math.max(1, Math.min(worst, WorstCase.usdMicros(price, input, Math.min(minOutputTokens, maxOutput))));
        Reservation reservation = Reservation.on(budgetId, "usd_micros", worst).minAmount(least).ttlMs(holdTtlMs)
                .provider(price.provider().wireName()).model(price.model())
                .metadata("via", "purser-langchain4j").metadata("model", price.model()).metadata("price_table", prices.version())
                .metadata("input_tokens_estimate", input).metadata("max_output_tokens", maxOutput);
        if (identity != null) {
            reservation.identity(identity);
        }
        Hold hold = purser.reserve(reservation).requireAllowed();
        ChatRequest toSend = request;
        if (hold.decision() == Decision.ALLOW_WITH_CAPS) {
            long affordable = WorstCase.affordableOutputTokens(price, input, hold.amountHeld());
            if (affordable < 1) {
                hold.release("cap affords no output");
                throw new CappedBelowInputException(budgetId, hold.amountHeld());
            }
            ChatRequestParameters lowered = request.parameters().overrideWith(
                    ChatRequestParameters.builder().maxOutputTokens((int) Math.min(Integer.MAX_VALUE, affordable)).build());
            toSend = request.toBuilder().parameters(lowered).build();
        }
        return new Guarded(hold, price, toSend);
    }

    /** The call answered: commit the cost of its token usage (the whole hold when it reports none). */
    void completed(Guarded guarded, ChatResponse response) {
        Hold hold = guarded.hold();
        TokenUsage usage = response == null ? null : response.tokenUsage();
        try {
            if (usage == null || usage.inputTokenCount() == null || usage.outputTokenCount() == null) {
                LOG.warn("{} answered without token usage: committing the whole hold {}", guarded.price().model(), hold.reservationId());
                hold.commit(Commit.of(hold.amountHeld()).usage("usage_known", 0));
                return;
            }
            long cost = new dev.purser.pricing.TokenUsage(usage.inputTokenCount(), 0, 0, usage.outputTokenCount(), 0)
                    .costUsdMicros(guarded.price());
            hold.commit(Commit.of(cost).tokens(usage.inputTokenCount(), usage.outputTokenCount())
                    .usage("model", guarded.price().model()));
        } catch (PurserException e) {
            LOG.warn("commit of {} failed: {} (kept in the client's journal when one is configured)", hold.reservationId(),
                    e.getMessage());
        }
    }

    /** The call failed: release when the provider refused it with an error status, else commit the whole hold. */
    void failed(Guarded guarded, Throwable error) {
        Hold hold = guarded.hold();
        try {
            if (providerRefused(error)) {
                hold.release("model error: " + error.getClass().getSimpleName());
            } else {
                LOG.warn("{} failed ({}); the provider may have billed it: committing the whole hold {}", guarded.price().model(),
                        error.toString(), hold.reservationId());
                hold.commit(Commit.of(hold.amountHeld()).usage("usage_known", 0));
            }
        } catch (PurserException e) {
            LOG.warn("settling {} failed: {}", hold.reservationId(), e.getMessage());
        }
    }

    /** An error status from the provider (4xx/5xx answered): nothing was generated, nothing billed. */
    static boolean providerRefused(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof HttpException || t instanceof InvalidRequestException || t instanceof AuthenticationException
                    || t instanceof RateLimitException || t instanceof ModelNotFoundException
                    || t instanceof ContentFilteredException || t instanceof InternalServerException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private ModelPrice priceOf(String model) {
        Optional<ModelPrice> price = prices.find(model);
        if (price.isEmpty() && unpricedModelPricedAs != null) {
            price = prices.find(unpricedModelPricedAs);
        }
        return price.orElseThrow(() -> new UnpricedModelException(model, prices.version()));
    }
}
