package dev.purser.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for OpenAI and Anthropic: {@code /v1/chat/completions}, {@code /v1/responses} and
 * {@code /v1/messages}, whole or streamed (server-sent events in the providers' documented shapes),
 * with scripted usage and scripted failures. It speaks HTTP/1.1 on a raw socket so that a failure can be
 * a real one: a connection dropped in the middle of a chunked stream, a stream that stalls. It counts
 * every call, so a test can prove the upstream was never called.
 */
public final class FakeUpstream implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    public enum Failure { NONE, STATUS_500, DROP_AFTER_EVENTS, STALL_AFTER_EVENTS }

    /** What the next calls get. Usage counts are those of OpenAI's shapes; Anthropic's are mapped (cached tokens on top). */
    public static final class Script {
        public volatile long inputTokens = 1000;
        public volatile long cachedTokens = 0;
        public volatile long cacheWriteTokens = 0;
        public volatile long outputTokens = 50;
        public volatile long reasoningTokens = 0;
        public volatile Failure failure = Failure.NONE;
        public volatile int failAfterEvents = 1;
        public volatile long eventDelayMs = 0;
    }

    /** The streamed answer, in pieces: long enough that a caller who leaves early leaves mid-stream. */
    public static final String[] PARTS = {"Hello", " from", " the", " fake", ",", " one", " piece", " at", " a", " time", ".", ""};

    public final Script script = new Script();
    public final AtomicInteger calls = new AtomicInteger();
    public final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final List<String> apiKeys = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public FakeUpstream() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        pool.submit(this::accept);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                open.add(socket);
                pool.submit(() -> serve(socket));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            List<String> head = new ArrayList<>();
            String line;
            while (!(line = readLine(in)).isEmpty()) {
                head.add(line);
            }
            int length = 0;
            String path = head.get(0).split(" ")[1];
            for (String h : head) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
                if (lower.startsWith("authorization:") || lower.startsWith("x-api-key:")) {
                    apiKeys.add(h.substring(h.indexOf(':') + 1).trim());
                }
            }
            JsonNode request = JSON.readTree(in.readNBytes(length));
            calls.incrementAndGet();
            requests.add(request);
            answer(socket.getOutputStream(), path, request);
        } catch (IOException | InterruptedException gone) {
            // the proxy went away, or the script dropped the connection
        } finally {
            open.remove(socket);
        }
    }

    private void answer(OutputStream out, String path, JsonNode request) throws IOException, InterruptedException {
        Script s = script;
        if (s.failure == Failure.STATUS_500) {
            byte[] body = (path.equals("/v1/messages")
                    ? "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"fake failure\"}}"
                    : "{\"error\":{\"message\":\"fake failure\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")
                    .getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            return;
        }
        String model = request.path("model").asText();
        boolean stream = request.path("stream").asBoolean(false);
        List<String> events = switch (path) {
            case "/v1/chat/completions" -> stream ? chatEvents(model, request) : List.of(chatWhole(model).toString());
            case "/v1/responses" -> stream ? responsesEvents(model) : List.of(responsesWhole(model).toString());
            default -> stream ? messagesEvents(model) : List.of(messagesWhole(model).toString());
        };
        if (!stream) {
            byte[] body = events.get(0).getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nx-request-id: req_fake\r\nContent-Length: "
                    + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            return;
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nx-request-id: req_fake\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        for (int i = 0; i < events.size(); i++) {
            if (i == s.failAfterEvents && s.failure == Failure.DROP_AFTER_EVENTS) {
                return; // the connection closes without the last chunk: a broken stream
            }
            if (i == s.failAfterEvents && s.failure == Failure.STALL_AFTER_EVENTS) {
                Thread.sleep(60_000);
                return;
            }
            if (s.eventDelayMs > 0) {
                Thread.sleep(s.eventDelayMs);
            }
            chunk(out, events.get(i).getBytes(StandardCharsets.UTF_8));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void chunk(OutputStream out, byte[] bytes) throws IOException {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    // ---- OpenAI Chat Completions

    ObjectNode chatUsage() {
        ObjectNode u = JSON.createObjectNode().put("prompt_tokens", script.inputTokens).put("completion_tokens", script.outputTokens)
                .put("total_tokens", script.inputTokens + script.outputTokens);
        u.putObject("prompt_tokens_details").put("cached_tokens", script.cachedTokens).put("audio_tokens", 0);
        u.putObject("completion_tokens_details").put("reasoning_tokens", script.reasoningTokens).put("audio_tokens", 0)
                .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
        return u;
    }

    private ObjectNode chatWhole(String model) {
        ObjectNode r = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion").put("created", 1764900000L)
                .put("model", model);
        ObjectNode choice = r.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", "Hello from the fake").putNull("refusal");
        choice.putNull("logprobs");
        r.set("usage", chatUsage());
        return r;
    }

    private List<String> chatEvents(String model, JsonNode request) {
        List<String> events = new ArrayList<>();
        events.add(sse(null, chatChunk(model, JSON.createObjectNode().put("role", "assistant").put("content", ""), null)));
        for (String p : PARTS) {
            events.add(sse(null, chatChunk(model, JSON.createObjectNode().put("content", p), null)));
        }
        events.add(sse(null, chatChunk(model, JSON.createObjectNode(), "stop")));
        if (request.path("stream_options").path("include_usage").asBoolean(false)) {
            ObjectNode last = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                    .put("created", 1764900000L).put("model", model);
            last.putArray("choices");
            last.set("usage", chatUsage());
            events.add(sse(null, last));
        }
        events.add("data: [DONE]\n\n");
        return events;
    }

    private static ObjectNode chatChunk(String model, ObjectNode delta, String finish) {
        ObjectNode c = JSON.createObjectNode().put("id", "chatcmpl-fake").put("object", "chat.completion.chunk")
                .put("created", 1764900000L).put("model", model);
        ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.put("finish_reason", finish);
        }
        c.putNull("usage");
        return c;
    }

    // ---- OpenAI Responses

    private ObjectNode responsesUsage() {
        ObjectNode u = JSON.createObjectNode().put("input_tokens", script.inputTokens).put("output_tokens", script.outputTokens)
                .put("total_tokens", script.inputTokens + script.outputTokens);
        u.putObject("input_tokens_details").put("cached_tokens", script.cachedTokens);
        u.putObject("output_tokens_details").put("reasoning_tokens", script.reasoningTokens);
        return u;
    }

    private ObjectNode responsesWhole(String model) {
        ObjectNode r = JSON.createObjectNode().put("id", "resp_fake").put("object", "response").put("created_at", 1764900000L)
                .put("status", "completed").put("model", model).put("parallel_tool_calls", true).put("tool_choice", "auto")
                .putNull("error").putNull("incomplete_details").putNull("instructions").putNull("metadata")
                .putNull("temperature").putNull("top_p");
        r.putArray("tools");
        ObjectNode message = r.putArray("output").addObject().put("type", "message").put("id", "msg_fake")
                .put("status", "completed").put("role", "assistant");
        message.putArray("content").addObject().put("type", "output_text").put("text", "Hello from the fake").putArray("annotations");
        r.set("usage", responsesUsage());
        return r;
    }

    private List<String> responsesEvents(String model) {
        List<String> events = new ArrayList<>();
        ObjectNode created = responsesWhole(model).put("status", "in_progress");
        created.set("output", JSON.createArrayNode());
        created.remove("usage");
        events.add(sse("response.created", JSON.createObjectNode().put("type", "response.created").put("sequence_number", 0)
                .set("response", created)));
        int n = 1;
        for (String p : PARTS) {
            events.add(sse("response.output_text.delta", JSON.createObjectNode().put("type", "response.output_text.delta")
                    .put("sequence_number", n++).put("item_id", "msg_fake").put("output_index", 0).put("content_index", 0)
                    .put("delta", p)));
        }
        events.add(sse("response.completed", JSON.createObjectNode().put("type", "response.completed").put("sequence_number", n)
                .set("response", responsesWhole(model))));
        return events;
    }

    // ---- Anthropic Messages

    private ObjectNode messagesUsage(boolean start) {
        return JSON.createObjectNode().put("input_tokens", script.inputTokens)
                .put("cache_creation_input_tokens", script.cacheWriteTokens).put("cache_read_input_tokens", script.cachedTokens)
                .put("output_tokens", start ? 1 : script.outputTokens);
    }

    private ObjectNode messagesWhole(String model) {
        ObjectNode r = JSON.createObjectNode().put("id", "msg_fake").put("type", "message").put("role", "assistant").put("model", model)
                .put("stop_reason", "end_turn").putNull("stop_sequence");
        r.putArray("content").addObject().put("type", "text").put("text", "Hello from the fake");
        r.set("usage", messagesUsage(false));
        return r;
    }

    private List<String> messagesEvents(String model) {
        List<String> events = new ArrayList<>();
        ObjectNode message = messagesWhole(model).putNull("stop_reason");
        message.set("content", JSON.createArrayNode());
        message.set("usage", messagesUsage(true));
        events.add(sse("message_start", JSON.createObjectNode().put("type", "message_start").set("message", message)));
        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.putObject("content_block").put("type", "text").put("text", "");
        events.add(sse("content_block_start", blockStart));
        for (String p : PARTS) {
            ObjectNode delta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
            delta.putObject("delta").put("type", "text_delta").put("text", p);
            events.add(sse("content_block_delta", delta));
        }
        events.add(sse("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0)));
        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", script.outputTokens);
        events.add(sse("message_delta", messageDelta));
        events.add(sse("message_stop", JSON.createObjectNode().put("type", "message_stop")));
        return events;
    }

    private static String sse(String event, JsonNode data) {
        return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    public JsonNode lastRequest() {
        return requests.get(requests.size() - 1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
        pool.shutdownNow();
    }
}
