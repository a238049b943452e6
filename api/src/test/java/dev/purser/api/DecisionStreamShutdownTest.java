package dev.purser.api;

import static dev.purser.api.TestBridge.ACME_ADMIN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A bridge that stops while a dashboard still follows {@code GET /v1/events}: the server closes the
 * stream itself, first, so the stream ends for the follower, its subscription is given back, and
 * nothing touches the request after Jetty has recycled it (which once sent Javalin's error handling
 * into an endless loop of logged exceptions that filled the disk).
 */
class DecisionStreamShutdownTest {

    @Test
    void shouldEndAnOpenStreamAndGiveBackItsSubscriptionWhenTheBridgeStops() throws Exception {
        OneEventFeed feed = new OneEventFeed();
        Javalin app = new TestBridge().feed(feed).app().start(0);
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /v1/events HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ACME_ADMIN
                    + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!seen.toString(UTF_8).contains("id: ev-1")) {
                int n = in.read(buffer);
                assertThat(n).as("the stream answered before the stop").isPositive();
                seen.write(buffer, 0, n);
            }

            app.stop();

            int n;
            while ((n = in.read(buffer)) > 0) {
                seen.write(buffer, 0, n);
            }
            assertThat(n).as("the stream ended").isEqualTo(-1);
        }
        assertThat(feed.subscribed.get()).isEqualTo(1);
        assertThat(feed.listeners).as("subscription given back").isEmpty();
    }

    /** A feed holding one decision of acme's, counting subscriptions. */
    private static final class OneEventFeed implements DecisionFeed {
        final AtomicInteger subscribed = new AtomicInteger();
        final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public AutoCloseable subscribe(String tenant, String lastEventId, Consumer<Event> listener) {
            subscribed.incrementAndGet();
            listener.accept(new Event("ev-1", "reserve", "{\"tenant\":\"acme\"}".getBytes(UTF_8)));
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public void close() {
        }
    }
}
