package dev.purser.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.client.Commit;
import dev.purser.client.Decision;
import dev.purser.client.Hold;
import dev.purser.client.PurserClient;
import dev.purser.client.PurserException;
import dev.purser.client.PurserUnavailable;
import dev.purser.client.Reservation;
import dev.purser.pricing.ApiShape;
import dev.purser.pricing.ModelPrice;
import dev.purser.pricing.PriceTable;
import dev.purser.pricing.RequestEstimate;
import dev.purser.pricing.TokenEstimator;
import dev.purser.pricing.TokenUsage;
import dev.purser.pricing.WorstCase;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before forwarding: prices the request's worst case and reserves it; after: commits what the
 * provider's usage says it cost, or releases (docs/PROXY.md, the gate). Every admitted call is
 * settled exactly once by {@link #settle}.
 */
final class BudgetGate {
    private static final Logger LOG = LoggerFactory.getLogger(BudgetGate.class);
    static final String BUDGET_HEADER = "x-purser-budget";
    static final String IDENTITY_HEADER = "x-purser-identity";

    private final PurserClient purser;
    private final PriceTable prices;
    private final TokenEstimator tokens = new TokenEstimator();
    private final ProxySettings settings;

    BudgetGate(PurserClient purser, PriceTable prices, ProxySettings settings) {
        this.purser = purser;
        this.prices = prices;
        this.settings = settings;
    }

    Admission admit(Route route, ObjectNode body, Map<String, String> headers) {
        String budget = settings.allowBudgetHeader() && headers.containsKey(BUDGET_HEADER) ? headers.get(BUDGET_HEADER)
                : settings.defaultBudget();
        if (budget == null || budget.isBlank()) {
            return new Admission.Refuse(400, "budget_missing", "no budget: send " + BUDGET_HEADER
                    + " or configure the proxy's default budget", null);
        }
        String model = ApiShape.model(body);
        Optional<ModelPrice> price = priceOf(model);
        if (price.isEmpty()) {
            return new Admission.Refuse(403, "model_not_priced", "model " + model + " has no price in table "
                    + prices.version() + "; denied before the provider was called", null);
        }
        try {
            Admission first = reserve(route, body, price.get(), budget, headers, null);
            String cheaper = settings.degradeTo().get(price.get().model());
            if (first instanceof Admission.Refuse refused && "BUDGET_EXHAUSTED".equals(refused.code()) && cheaper != null) {
                Optional<ModelPrice> cheaperPrice = prices.find(cheaper);
                if (cheaperPrice.isPresent()) {
                    ObjectNode degraded = body.deepCopy().put("model", cheaper);
                    Admission second = reserve(route, degraded, cheaperPrice.get(), budget, headers, model);
                    if (second instanceof Admission.Forward) {
                        LOG.info("budget {} low: {} degraded to {}", budget, model, cheaper);
                        return second;
                    }
                }
            }
            return first;
        } catch (PurserUnavailable e) {
            LOG.warn("Purser unavailable, call refused (fail closed): {}", e.getMessage());
            return new Admission.Refuse(503, "spend_authority_unavailable",
                    "the spend authority could not be reached; the call was not made", null);
        } catch (PurserException e) {
            LOG.warn("Purser refused the reserve: {}", e.getMessage());
            return new Admission.Refuse(400, "spend_authority_rejected", e.getMessage(), null);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return new Admission.Refuse(400, "invalid_request", e.getMessage(), null);
        }
    }

    private Admission reserve(Route route, ObjectNode body, ModelPrice price, String budget, Map<String, String> headers,
            String degradedFrom) {
        RequestEstimate estimate = route.shape.estimate(body, price, tokens);
        long worst = estimate.worstCaseUsdMicros();
        long least = WorstCase.usdMicros(price, estimate.inputTokens(),
                Math.min(settings.minOutputTokens(), estimate.maxOutputTokens()));
        Reservation reservation = Reservation.on(budget, "usd_micros", worst).minAmount(Math.max(1, Math.min(least, worst)))
                .ttlMs(settings.holdTtlMs()).provider(price.provider().wireName()).model(price.model())
                .metadata("via", "purser-proxy").metadata("api", route.path).metadata("model", price.model())
                .metadata("price_table", prices.version()).metadata("input_tokens_estimate", estimate.inputTokens())
                .metadata("max_output_tokens", estimate.maxOutputTokens());
        if (degradedFrom != null) {
            reservation.metadata("degraded_from", degradedFrom);
        }
        String identity = headers.getOrDefault(IDENTITY_HEADER, settings.identity());
        if (identity != null) {
            reservation.identity(identity);
        }
        Hold hold = purser.reserve(reservation);
        if (hold.decision() == Decision.DENY) {
            return new Admission.Refuse(403, hold.reasonCodes().isEmpty() ? "budget_denied" : hold.reasonCodes().get(0),
                    "spend denied by Purser on budget " + hold.deniedBudgetId() + ": " + String.join(",", hold.reasonCodes())
                            + " (decision " + hold.decisionId() + "); the provider was not called", hold.decisionId());
        }
        ObjectNode toSend = body;
        if (hold.decision() == Decision.ALLOW_WITH_CAPS) {
            long affordable = WorstCase.affordableOutputTokens(price, estimate.inputTokens(), hold.amountHeld());
            if (affordable < 1) {
                hold.release("cap affords no output");
                return new Admission.Refuse(403, "BUDGET_EXHAUSTED", "spend capped by Purser on budget " + budget
                        + " below the input's cost (decision " + hold.decisionId() + "); the provider was not called",
                        hold.decisionId());
            }
            toSend = body.deepCopy();
            route.shape.limitOutput(toSend, affordable);
        }
        return new Admission.Forward(toSend, hold, price);
    }

    private Optional<ModelPrice> priceOf(String model) {
        Optional<ModelPrice> price = prices.find(model);
        if (price.isEmpty() && settings.unpricedModelPricedAs() != null) {
            LOG.warn("model {} has no price; priced as {} (proxy.unpriced-model)", model, settings.unpricedModelPricedAs());
            return prices.find(settings.unpricedModelPricedAs());
        }
        return price;
    }

    /** Commit the usage's cost, or the whole hold when the provider may bill but no usage came, or release. */
    void settle(Route route, Admission.Forward admitted, Outcome outcome) {
        Hold hold = admitted.hold();
        try {
            if (outcome.usage() != null) {
                TokenUsage usage = route.shape.usage(outcome.usage());
                long cost = usage.costUsdMicros(admitted.price());
                hold.commit(Commit.of(cost).tokens(usage.totalInput(), usage.output()).usage("model", admitted.price().model())
                        .usage("cached_input_tokens", usage.cachedInput()).usage("cache_write_tokens", usage.cacheWrite())
                        .usage("reasoning_tokens", usage.reasoning()).usage("ending", outcome.ending().name()));
            } else if (outcome.mayBeBilled()) {
                LOG.warn("{} without usage ({}): committing the whole hold {} of {}", route.path, outcome.ending(),
                        hold.amountHeld(), hold.reservationId());
                hold.commit(Commit.of(hold.amountHeld()).usage("ending", outcome.ending().name()).usage("usage_known", 0));
            } else {
                hold.release(outcome.ending().name().toLowerCase(java.util.Locale.ROOT)
                        + (outcome.status() > 0 ? " " + outcome.status() : ""));
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("unreadable usage ({}); committing the whole hold {}", e.getMessage(), hold.reservationId());
            hold.commit(Commit.of(hold.amountHeld()).usage("ending", outcome.ending().name()).usage("usage_known", 0));
        } catch (PurserException e) {
            LOG.warn("settling {} failed: {} (the client's journal keeps it when configured)", hold.reservationId(),
                    e.getMessage());
        }
    }
}
