package dev.purser.loadgen;

import dev.purser.schemas.reply.LedgerReply;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP driver's lean transport ({@code --http-client raw}, the default): a fixed pool of
 * {@code --connections} plain HTTP/1.1 keep-alive connections, each with its own thread that takes the
 * next request from one queue, writes it and reads the answer (status line, headers,
 * {@code Content-Length} or chunked body). It costs the generator far less CPU per request than
 * {@code java.net.http}. In an open loop a request may wait in the queue for a free connection; that
 * wait is in its latency (measured from the intended send time), as it would be for a client with
 * that many connections. A connection that fails or times out ({@code --timeout-ms}) is closed and
 * reopened for the next request. Plain HTTP only (no TLS).
 */
final class RawHttpTransport implements Transport {
    private record Task(LoadRequest request, Answer answer) {
    }

    private final LoadSettings settings;
    private final URI base;
    private final String hostHeader;
    private final Map<String, TenantTokens.Tokens> tokens;
    private final int connections;
    private final BlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;

    RawHttpTransport(LoadSettings settings, Map<String, TenantTokens.Tokens> tokens) {
        this.settings = settings;
        this.base = URI.create(settings.get("url").replaceAll("/+$", ""));
        if (!"http".equals(base.getScheme())) {
            throw new IllegalArgumentException("--http-client raw speaks plain http only; use --http-client jdk");
        }
        this.hostHeader = base.getHost() + ":" + port();
        this.tokens = Map.copyOf(tokens);
        this.connections = settings.connections();
    }

    @Override
    public void start() {
        for (int i = 0; i < connections; i++) {
            Thread t = new Thread(this::serve, "loadgen-conn-" + i);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    @Override
    public void send(LoadRequest request, Answer answer) {
        queue.add(new Task(request, answer));
    }

    private void serve() {
        Connection connection = null;
        while (running) {
            Task task;
            try {
                task = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task == null) {
                continue;
            }
            try {
                if (connection == null) {
                    connection = new Connection(base.getHost(), port(), (int) settings.timeoutMs());
                }
                int status = connection.exchange(requestBytes(task.request()));
                byte[] body = connection.body;
                if (connection.mustClose) {
                    connection.close();
                    connection = null;
                }
                task.answer().done(status, status == 200 ? null : LedgerReply.Summary.of(body).errorCode());
            } catch (IOException | RuntimeException e) {
                if (connection != null) {
                    connection.close();
                    connection = null;
                }
                task.answer().done(-1, e instanceof SocketTimeoutException ? "TIMEOUT"
                        : "IO_" + e.getClass().getSimpleName());
            }
        }
        if (connection != null) {
            connection.close();
        }
    }

    private byte[] requestBytes(LoadRequest r) {
        TenantTokens.Tokens t = tokens.get(r.tenant());
        byte[] body = WireFormat.httpBody(r);
        String head = WireFormat.httpMethod(r) + " " + WireFormat.httpPath(r) + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nAuthorization: Bearer " + (r.kind() == LoadRequest.Kind.DEFINE ? t.admin() : t.agent())
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }

    private int port() {
        return base.getPort() > 0 ? base.getPort() : 80;
    }

    /** One keep-alive connection; {@link #exchange} leaves the answer's body in {@link #body}. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        byte[] body;
        boolean mustClose;

        Connection(String host, int port, int timeoutMs) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            socket.setSoTimeout(timeoutMs);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16384);
        }

        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            if (!statusLine.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            mustClose = statusLine.startsWith("HTTP/1.0");
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:")) {
                    mustClose = lower.contains("close");
                }
            }
            if (chunked) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    all.write(in.readNBytes(size));
                    line();
                }
                for (String trailer = line(); !trailer.isEmpty(); trailer = line()) {
                    // trailers are ignored
                }
                body = all.toByteArray();
            } else if (length >= 0) {
                body = in.readNBytes((int) length);
                if (body.length < length) {
                    throw new IOException("connection closed in the body");
                }
            } else {
                body = in.readAllBytes();
                mustClose = true;
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int n = b.length();
                    return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
                }
                b.append((char) c);
            }
            throw new IOException("connection closed");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    @Override
    public int purserPort() {
        return port();
    }

    @Override
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("url", base.toString());
        d.put("client", "raw HTTP/1.1, " + connections + " keep-alive connections");
        d.put("tenants", String.join(",", tokens.keySet().stream().sorted().toList()));
        return d;
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : workers) {
            t.interrupt();
        }
    }
}
