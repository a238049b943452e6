package dev.purser.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A reserve request: every field of the protocol's reserve (docs/PROTOCOL.md), and two that only
 * describe the call on the span ({@code gen_ai.provider.name}, {@code gen_ai.request.model}).
 * Build with {@link #on(String, String, long)}.
 */
public final class Reservation {
    final String budgetId;
    final String unit;
    final long amount;
    Long minAmount;
    Long ttlMs;
    String reservationId;
    Object identity;
    Map<String, Object> metadata;
    String idempotencyKey;
    String providerName;
    String requestModel;

    private Reservation(String budgetId, String unit, long amount) {
        this.budgetId = Objects.requireNonNull(budgetId, "budgetId");
        this.unit = Objects.requireNonNull(unit, "unit");
        Amounts.formatPositive("amount", amount);
        this.amount = amount;
    }

    /** Hold {@code amount} atomic units of {@code unit} (e.g. {@code usd_micros}) on {@code budgetId}. */
    public static Reservation on(String budgetId, String unit, long amount) {
        return new Reservation(budgetId, unit, amount);
    }

    /** The least the caller can work with: enables ALLOW_WITH_CAPS. */
    public Reservation minAmount(long minAmount) {
        Amounts.formatPositive("minAmount", minAmount);
        if (minAmount > amount) {
            throw new IllegalArgumentException("minAmount " + minAmount + " is above amount " + amount);
        }
        this.minAmount = minAmount;
        return this;
    }

    /** How long the hold lives unless extended (1,000–86,400,000 ms; Purser's default is 60,000). */
    public Reservation ttlMs(long ttlMs) {
        this.ttlMs = ttlMs;
        return this;
    }

    /** A client-chosen reservation id (else Purser makes one). */
    public Reservation reservationId(String reservationId) {
        this.reservationId = reservationId;
        return this;
    }

    /** Who acts: a string or a JSON-able map, recorded as given. */
    public Reservation identity(Object identity) {
        this.identity = identity;
        return this;
    }

    /** One metadata entry (model, provider, run id, ...), recorded as given; numbers must be integers. */
    public Reservation metadata(String key, Object value) {
        if (metadata == null) {
            metadata = new LinkedHashMap<>();
        }
        metadata.put(key, value);
        return this;
    }

    /** The idempotency key; without one the client makes one and reuses it on every retry. */
    public Reservation idempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    /** The provider the call goes to, for the span ({@code gen_ai.provider.name}); not sent. */
    public Reservation provider(String providerName) {
        this.providerName = providerName;
        return this;
    }

    /** The model asked for, for the span ({@code gen_ai.request.model}); not sent. */
    public Reservation model(String requestModel) {
        this.requestModel = requestModel;
        return this;
    }

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("budget_id", budgetId);
        body.put("unit", unit);
        body.put("amount", Amounts.format(amount));
        if (minAmount != null) {
            body.put("min_amount", Amounts.format(minAmount));
        }
        if (ttlMs != null) {
            body.put("ttl_ms", ttlMs);
        }
        if (reservationId != null) {
            body.put("reservation_id", reservationId);
        }
        if (identity != null) {
            body.put("identity", identity);
        }
        if (metadata != null) {
            body.put("metadata", metadata);
        }
        return body;
    }
}
