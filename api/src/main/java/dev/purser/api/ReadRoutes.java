package dev.purser.api;

import dev.purser.schemas.BudgetPath;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.InvalidRequestException;
import dev.purser.schemas.query.LedgerReads;
import io.javalin.http.Context;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * query_reservation and query_budget over the ledger's own state (Kafka Streams interactive
 * queries). When another instance owns the tenant's partition the request is forwarded to it once,
 * with the caller's credential; a bridge-only instance relays every read to a ledger instance, which
 * may forward it once more, to the owner. Forwarding goes over {@code https} when this bridge listens
 * with TLS (the other instance's certificate must then be trusted by the JVM's default trust store and
 * name its advertised host); nothing is cached here.
 */
final class ReadRoutes {
    static final String FORWARDED_HEADER = "X-Purser-Forwarded";
    /** Sent to the owner: the receiver answers from its stores or says 503, never forwards again. */
    static final String TO_OWNER = "1";
    /** Sent by a bridge-only instance to a ledger instance: the receiver may forward once, to the owner. */
    static final String RELAYED = "relay";
    private static final Pattern WINDOW = Pattern.compile("all|[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-W[0-9]{2}|[0-9]{4}-[0-9]{2}");
    private final LedgerReads reads;
    private final String scheme;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** {@code scheme}: how other instances are reached, {@code http} or {@code https} (as this one). */
    ReadRoutes(LedgerReads reads, String scheme) {
        this.reads = reads;
        this.scheme = scheme;
    }

    void reservation(Context ctx) {
        Principal who = HttpAuth.principal(ctx);
        answer(ctx, reads.reservation(who.tenant(), PathIds.reservationId(ctx)), "no such reservation");
    }

    /** {@code GET /v1/reservations?state=reserved[&limit=n]}: the tenant's open holds, soonest deadline first. */
    void openReservations(Context ctx) {
        Principal who = HttpAuth.principal(ctx);
        if (!"reserved".equals(ctx.queryParam("state"))) {
            throw new InvalidRequestException("state", "only state=reserved can be listed");
        }
        int limit = 100;
        String given = ctx.queryParam("limit");
        if (given != null) {
            if (!given.matches("[1-9][0-9]{0,3}") || Integer.parseInt(given) > 1000) {
                throw new InvalidRequestException("limit", "an integer from 1 to 1000");
            }
            limit = Integer.parseInt(given);
        }
        answer(ctx, reads.openReservations(who.tenant(), limit), "no such tenant");
    }

    void budget(Context ctx) {
        Principal who = HttpAuth.principal(ctx);
        String budgetId = PathIds.budgetId(ctx);
        String window = ctx.queryParam("window");
        if (window != null && !WINDOW.matcher(window).matches()) {
            throw new InvalidRequestException("window", "must be all, YYYY-MM-DD, YYYY-Www or YYYY-MM");
        }
        if (!new BudgetPath(budgetId).belongsTo(who.tenant())) {
            throw new ApiError(ErrorCode.NOT_FOUND, "no such budget", null);
        }
        answer(ctx, reads.budget(who.tenant(), budgetId, window), "no such budget");
    }

    void budgets(Context ctx) {
        Principal who = HttpAuth.principal(ctx);
        String prefix = ctx.queryParam("prefix");
        if (prefix == null || prefix.isEmpty()) {
            prefix = who.tenant();
        }
        String problem = BudgetPath.problem(prefix);
        if (problem != null) {
            throw new InvalidRequestException("prefix", problem);
        }
        if (!new BudgetPath(prefix).belongsTo(who.tenant())) {
            Responses.json(ctx, 200, "{\"budgets\":[]}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        answer(ctx, reads.budgets(who.tenant(), prefix), "no such budget");
    }

    private void answer(Context ctx, LedgerReads.Read read, String notFound) {
        String forwarded = ctx.header(FORWARDED_HEADER);
        if (read instanceof LedgerReads.Found found) {
            Responses.json(ctx, 200, found.json());
        } else if (read instanceof LedgerReads.Missing) {
            throw new ApiError(ErrorCode.NOT_FOUND, notFound, null);
        } else if (read instanceof LedgerReads.Elsewhere elsewhere
                && (forwarded == null || forwarded.equals(RELAYED))) {
            forward(ctx, List.of(elsewhere.hostAndPort()), TO_OWNER, "the owning instance did not answer");
        } else if (read instanceof LedgerReads.Relay relay && forwarded == null) {
            forward(ctx, relay.hostsAndPorts(), RELAYED, "no ledger instance answered");
        } else {
            throw new ApiError(ErrorCode.UNAVAILABLE, "the ledger state for this tenant is not queryable right now",
                    null);
        }
    }

    /** Asks the instances in turn (the next one only when one cannot be reached) and answers as the first that does. */
    private void forward(Context ctx, List<String> hostsAndPorts, String marker, String noAnswer) {
        ctx.future(() -> ask(ctx, hostsAndPorts, 0, marker).handle((response, error) -> {
            if (error != null) {
                Responses.error(ctx, new ApiError(ErrorCode.UNAVAILABLE, noAnswer, null));
            } else {
                Responses.json(ctx, response.statusCode(), response.body());
            }
            return null;
        }));
    }

    private CompletableFuture<HttpResponse<byte[]>> ask(Context ctx, List<String> hostsAndPorts, int index,
                                                        String marker) {
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        HttpRequest request = HttpRequest.newBuilder(URI.create(scheme + "://" + hostsAndPorts.get(index) + ctx.path()
                        + query))
                .timeout(Duration.ofSeconds(5))
                .header("Authorization", ctx.header("Authorization"))
                .header(FORWARDED_HEADER, marker)
                .GET().build();
        CompletableFuture<HttpResponse<byte[]>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        if (index + 1 == hostsAndPorts.size()) {
            return answer;
        }
        return answer.handle((response, error) -> error == null ? CompletableFuture.completedFuture(response)
                : ask(ctx, hostsAndPorts, index + 1, marker)).thenCompose(next -> next);
    }
}
