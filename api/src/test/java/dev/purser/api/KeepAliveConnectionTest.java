package dev.purser.api;

import static dev.purser.api.TestBridge.ACME_AGENT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several requests on one keep-alive connection, as a reverse proxy's connection pool sends them:
 * each request is authenticated by its own credential, byte for byte. (Jetty caches header fields
 * per connection and by default matches the cache case-insensitively, so without care a token
 * that differs from an earlier one only in case would be read as the earlier one.)
 */
class KeepAliveConnectionTest {
    private final TestBridge bridge = new TestBridge();
    private Javalin app;

    @BeforeEach
    void start() {
        bridge.reads.withBudget("acme", "{\"budget_id\":\"acme\"}");
        app = bridge.app().start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void shouldNotAcceptATokenThatDiffersOnlyInCaseFromOneSeenEarlierOnTheConnection() throws IOException {
        try (Connection connection = new Connection(app.port())) {
            String first = connection.get("/v1/budgets/acme", "Bearer " + ACME_AGENT);
            String second = connection.get("/v1/budgets/acme", "Bearer " + ACME_AGENT.toUpperCase(Locale.ROOT));

            assertThat(first).startsWith("HTTP/1.1 200");
            assertThat(second).startsWith("HTTP/1.1 401").contains("UNAUTHENTICATED");
        }
    }

    @Test
    void shouldAcceptAGoodTokenAfterOneThatDiffersOnlyInCase() throws IOException {
        try (Connection connection = new Connection(app.port())) {
            String first = connection.get("/v1/budgets/acme", "Bearer " + ACME_AGENT.toUpperCase(Locale.ROOT));
            String second = connection.get("/v1/budgets/acme", "Bearer " + ACME_AGENT);

            assertThat(first).startsWith("HTTP/1.1 401");
            assertThat(second).startsWith("HTTP/1.1 200");
        }
    }

    /** A bare HTTP/1.1 client on one socket: one request, one response, in turn. */
    private static final class Connection implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Connection(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
        }

        String get(String path, String authorization) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization + "\r\n\r\n")
                    .getBytes(UTF_8));
            out.flush();
            String head = readHead();
            int length = 0;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            return head + new String(in.readNBytes(length), UTF_8);
        }

        private String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed after: " + head.toString(UTF_8));
                }
                head.write(b);
                matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return head.toString(UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
