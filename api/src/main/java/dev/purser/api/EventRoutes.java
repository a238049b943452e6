package dev.purser.api;

import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.InvalidRequestException;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v1/events} (admin): the tenant's decisions as server-sent events, one per audit
 * event — {@code id} the decision id, {@code event} the type suffix, {@code data} the signed
 * CloudEvent — the recent backlog first; {@code Last-Event-ID} resumes after that event while it is
 * still held. A comment every 15 s keeps idle connections open through proxies. When the bridge
 * stops, every open stream is closed first, while its request is still alive: a stream touched
 * after Jetty recycled its request sends Javalin's error handling into an endless loop.
 */
final class EventRoutes {
    static final long KEEP_ALIVE_MS = 15_000;
    private static final java.util.concurrent.ScheduledExecutorService PINGER = java.util.concurrent.Executors
            .newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, "purser-sse-keepalive");
                thread.setDaemon(true);
                return thread;
            });
    private final DecisionFeed feed;
    private final java.util.Set<SseClient> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    EventRoutes(DecisionFeed feed) {
        this.feed = feed;
    }

    void events(Context ctx) throws Exception {
        Principal who = HttpAuth.principal(ctx);
        if (who.role() != Role.ADMIN) {
            throw new ApiError(ErrorCode.FORBIDDEN, "only an admin credential may follow the tenant's decisions", null);
        }
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new InvalidRequestException("Accept", "this route answers text/event-stream only: send Accept: "
                    + "text/event-stream");
        }
        if (!feed.available()) {
            throw new ApiError(ErrorCode.UNAVAILABLE, "this bridge has no decision feed", null);
        }
        new SseHandler(client -> stream(client, who.tenant(), ctx.header("Last-Event-ID"))).handle(ctx);
    }

    /** Closes every open stream and refuses new ones; called as the server begins to stop. */
    void closeAll() {
        stopping = true;
        for (SseClient client : open) {
            client.close();
        }
    }

    private void stream(SseClient client, String tenant, String lastEventId) {
        client.keepAlive();
        open.add(client);
        if (stopping) {
            open.remove(client);
            client.close();
            return;
        }
        AutoCloseable subscription = feed.subscribe(tenant, lastEventId, event -> send(client,
                () -> client.sendEvent(event.type(), new String(event.cloudEvent(), StandardCharsets.UTF_8),
                        event.id())));
        java.util.concurrent.ScheduledFuture<?> pings = PINGER.scheduleAtFixedRate(
                () -> send(client, () -> client.sendComment("keep-alive")),
                KEEP_ALIVE_MS, KEEP_ALIVE_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        Runnable cleanUp = () -> {
            open.remove(client);
            pings.cancel(false);
            try {
                subscription.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        client.onClose(cleanUp);
        if (client.terminated()) {
            cleanUp.run();
        }
    }

    private static void send(SseClient client, Runnable write) {
        if (client.terminated()) {
            return;
        }
        try {
            write.run();
        } catch (RuntimeException gone) {
            client.close();
        }
    }
}
