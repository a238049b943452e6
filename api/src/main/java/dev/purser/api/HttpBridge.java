package dev.purser.api;

import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.InvalidRequestException;
import dev.purser.schemas.audit.Jwks;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.http.UriCompliance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP bridge: builds an <em>unstarted</em> Javalin app from its dependencies, with every route
 * declared here, in one place (PROTOCOL.md §7). Handlers only translate between HTTP and commands
 * or reads; the ledger decides.
 */
public final class HttpBridge {
    private static final Logger LOG = LoggerFactory.getLogger(HttpBridge.class);
    private static final String STARTED = "purser.started";

    private HttpBridge() {
    }

    public static Javalin create(BridgeDependencies deps) {
        InFlightLimit limit = new InFlightLimit(deps.settings().maxInFlight());
        HttpAuth auth = new HttpAuth(deps.credentials());
        ReserveRateLimit reserveRate = new ReserveRateLimit(deps.settings().maxReservesPerSecondPerTenant(),
                System::nanoTime);
        CommandRoutes commands = new CommandRoutes(deps.gateway(), limit, reserveRate);
        EventRoutes events = new EventRoutes(deps.feed());
        ReadRoutes reads = new ReadRoutes(deps.reads(), deps.settings().tls().isPresent() ? "https" : "http");
        byte[] jwks = Jwks.render(deps.verificationKeys());
        byte[] openApi = resource("/openapi.json");
        deps.metrics().gauge("purser.http.in_flight", "requests waiting for a ledger reply", limit::inFlight);
        deps.metrics().gauge("purser.http.pending_replies", "replies awaited", deps.gateway()::pending);
        return Javalin.create(config -> {
            configure(config, deps.settings());
            config.events.serverStopping(events::closeAll);
            config.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
            config.routes.before("/v1/*", auth::authenticate);
            config.routes.post("/v1/reservations", commands::reserve);
            config.routes.post("/v1/reservations/{reservation_id}/commit", commands::commit);
            config.routes.post("/v1/reservations/{reservation_id}/release", commands::release);
            config.routes.post("/v1/reservations/{reservation_id}/refund", commands::refund);
            config.routes.post("/v1/reservations/{reservation_id}/extend", commands::extend);
            config.routes.get("/v1/reservations/{reservation_id}", reads::reservation);
            config.routes.get("/v1/reservations", reads::openReservations);
            config.routes.get("/v1/budgets", reads::budgets);
            config.routes.get("/v1/budgets/<budget_id>", reads::budget);
            config.routes.put("/v1/budgets/<budget_id>", commands::defineBudget);
            config.routes.post("/v1/budgets/<budget_id>/freeze", commands::freeze);
            config.routes.post("/v1/budgets/<budget_id>/unfreeze", commands::unfreeze);
            config.routes.get("/v1/events", events::events);
            config.routes.get("/dashboard", ctx -> Dashboard.page(ctx));
            config.routes.get("/dashboard/{file}", Dashboard::asset);
            config.routes.get("/.well-known/asp-jwks.json", ctx -> Responses.json(ctx, 200, jwks));
            config.routes.get("/openapi.json", ctx -> Responses.json(ctx, 200, openApi));
            config.routes.get("/healthz", ctx -> Responses.json(ctx, 200, bytes("{\"status\":\"up\"}")));
            config.routes.get("/readyz", ctx -> ready(ctx, deps.readiness()));
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(deps.metrics().scrape()));
            config.routes.after(ctx -> record(ctx, deps.metrics()));
            errors(config);
        });
    }

    private static void configure(JavalinConfig config, BridgeSettings settings) {
        config.http.maxRequestSize = settings.maxBodyBytes();
        config.http.prefer405over404 = true;
        config.http.defaultContentType = Responses.JSON;
        config.jetty.modifyHttpConfiguration(http -> {
            http.setUriCompliance(UriCompliance.DEFAULT.with("encoded-slash",
                    UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
            http.setSendServerVersion(false);
            // Jetty's header cache matches cached fields case-insensitively by default: after "Bearer abc"
            // on a keep-alive connection, a later "Bearer ABC" would be read as "Bearer abc"
            http.setHeaderCacheCaseSensitive(true);
        });
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(10_000);
            server.setErrorHandler(new JettyJsonErrors());
        });
        settings.tls().ifPresent(tls -> tls.install(config));
    }

    private static void errors(JavalinConfig config) {
        config.routes.exception(ApiError.class, (e, ctx) -> Responses.error(ctx, e));
        config.routes.exception(InvalidRequestException.class, (e, ctx) -> Responses.error(ctx,
                new ApiError(ErrorCode.INVALID_REQUEST, e.getMessage(), e.field())));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> Responses.error(ctx,
                new ApiError(errorCodeOf(e.getStatus()), e.getStatus(), e.getMessage(), null)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            Responses.error(ctx, new ApiError(ErrorCode.UNAVAILABLE, 500, "internal error", null));
        });
        config.routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                Responses.error(ctx, new ApiError(ErrorCode.NOT_FOUND, "no such route", null));
            }
        });
        config.routes.error(405, ctx -> Responses.error(ctx,
                new ApiError(ErrorCode.INVALID_REQUEST, 405, "method not allowed on this route", null)));
    }

    static ErrorCode errorCodeOf(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 503 -> ErrorCode.UNAVAILABLE;
            case 504 -> ErrorCode.TIMEOUT;
            default -> ErrorCode.INVALID_REQUEST;
        };
    }

    private static void ready(Context ctx, Map<String, BooleanSupplier> checks) {
        StringBuilder body = new StringBuilder("{");
        boolean all = true;
        for (Map.Entry<String, BooleanSupplier> check : new java.util.TreeMap<>(checks).entrySet()) {
            boolean ok = check.getValue().getAsBoolean();
            all &= ok;
            body.append(body.length() > 1 ? "," : "").append('"').append(check.getKey()).append("\":").append(ok);
        }
        body.append(",\"ready\":").append(all).append('}');
        Responses.json(ctx, all ? 200 : 503, bytes(body.toString()));
    }

    private static void record(Context ctx, BridgeMetrics metrics) {
        Long started = ctx.attribute(STARTED);
        // the matched route, not ctx.endpoint(): inside an after handler that is the after handler ("*")
        Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
        if (started == null || matched == null) {
            return;
        }
        String route = matched.path;
        if (route.equals("/metrics")) {
            return;
        }
        metrics.record(route, ctx.method().name(), ctx.statusCode(), BridgeMetrics.decisionTag(ctx),
                System.nanoTime() - started);
    }

    private static byte[] resource(String name) {
        try (InputStream in = HttpBridge.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
