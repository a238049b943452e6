package dev.purser.api;

import dev.purser.schemas.reply.LedgerReply;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.Verb;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/**
 * The mutating routes: map the request to a command, send it, answer with the ledger's reply as
 * it is (status and body). Thin: no rule of the ledger lives here.
 */
final class CommandRoutes {
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    private final CommandGateway gateway;
    private final InFlightLimit limit;
    private final ReserveRateLimit reserveRate;

    CommandRoutes(CommandGateway gateway, InFlightLimit limit, ReserveRateLimit reserveRate) {
        this.gateway = gateway;
        this.limit = limit;
        this.reserveRate = reserveRate;
    }

    void reserve(Context ctx) {
        Principal who = HttpAuth.principal(ctx);
        byte[] command = RequestMapper.reserve(who, body(ctx), ctx.header(IDEMPOTENCY_HEADER));
        // only valid reserves count: a malformed one is refused (400) without reaching the topic anyway
        reserveRate.acquire(who.tenant());
        send(ctx, who, command);
    }

    void commit(Context ctx) {
        onReservation(ctx, Verb.COMMIT);
    }

    void release(Context ctx) {
        onReservation(ctx, Verb.RELEASE);
    }

    void refund(Context ctx) {
        onReservation(ctx, Verb.REFUND);
    }

    void extend(Context ctx) {
        onReservation(ctx, Verb.EXTEND);
    }

    void defineBudget(Context ctx) {
        Principal who = admin(ctx, "define budgets");
        String budgetId = PathIds.budgetId(ctx);
        send(ctx, who, RequestMapper.onBudget(Verb.DEFINE_BUDGET, who, budgetId, body(ctx),
                ctx.header(IDEMPOTENCY_HEADER)));
    }

    void freeze(Context ctx) {
        onBudget(ctx, Verb.FREEZE, "freeze budgets");
    }

    void unfreeze(Context ctx) {
        onBudget(ctx, Verb.UNFREEZE, "unfreeze budgets");
    }

    private void onBudget(Context ctx, Verb verb, String what) {
        Principal who = admin(ctx, what);
        String budgetId = PathIds.budgetId(ctx);
        send(ctx, who, RequestMapper.onBudget(verb, who, budgetId, body(ctx), ctx.header(IDEMPOTENCY_HEADER)));
    }

    private static Principal admin(Context ctx, String what) {
        Principal who = HttpAuth.principal(ctx);
        if (who.role() != Role.ADMIN) {
            throw new ApiError(ErrorCode.FORBIDDEN, "only an admin credential may " + what, null);
        }
        return who;
    }

    private void onReservation(Context ctx, Verb verb) {
        Principal who = HttpAuth.principal(ctx);
        String reservationId = PathIds.reservationId(ctx);
        send(ctx, who, RequestMapper.onReservation(verb, reservationId, body(ctx), ctx.header(IDEMPOTENCY_HEADER)));
    }

    private void send(Context ctx, Principal who, byte[] command) {
        limit.acquire();
        CompletableFuture<LedgerReply> reply;
        try {
            reply = gateway.send(who.tenant(), command);
        } catch (RuntimeException e) {
            limit.release();
            throw new ApiError(ErrorCode.UNAVAILABLE, "the command could not be sent", null);
        }
        ctx.future(() -> reply.handle((answer, error) -> {
            limit.release();
            if (error != null) {
                ApiError failure = failure(error);
                Responses.error(ctx, failure);
            } else {
                BridgeMetrics.tagDecision(ctx, answer.summary().decision());
                Responses.json(ctx, answer.status(), answer.body());
            }
            return null;
        }));
    }

    private static ApiError failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            return new ApiError(ErrorCode.TIMEOUT, "no reply from the ledger in time; the command may still be "
                    + "decided: retry with the same idempotency key", null);
        }
        return new ApiError(ErrorCode.UNAVAILABLE, "the ledger is not reachable; retry with the same idempotency key",
                null);
    }

    private static byte[] body(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (body.length > 0) {
            String type = ctx.contentType();
            if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                throw new ApiError(ErrorCode.INVALID_REQUEST, 415, "Content-Type must be application/json", null);
            }
        }
        return body;
    }
}
