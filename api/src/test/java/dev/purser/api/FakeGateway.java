package dev.purser.api;

import dev.purser.schemas.reply.LedgerReply;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link CommandGateway} test double for handler tests: records every command it is sent (the
 * tenant it was keyed by and the JSON) and answers from a script, in order: a reply (status and
 * body bytes), no answer at all (until the test completes it), a timeout, a failure, or a refusal
 * to send. Once the script is used up it answers the default reply. No Kafka is involved: the real
 * request/reply path is tested end to end elsewhere.
 */
final class FakeGateway implements CommandGateway {
    /** One command the bridge sent: the record key (tenant) and the value (command JSON). */
    record Sent(String tenant, byte[] command) {
        String json() {
            return new String(command, UTF_8);
        }
    }

    private final List<Sent> sent = new ArrayList<>();
    private final Deque<Supplier<CompletableFuture<LedgerReply>>> script = new ArrayDeque<>();
    private final List<CompletableFuture<LedgerReply>> unanswered = new ArrayList<>();
    private LedgerReply defaultReply = ledgerReply(200, "{\"ok\":true}".getBytes(UTF_8));
    private volatile boolean ready = true;

    /** Answers the next command with {@code status} and exactly these body bytes. */
    synchronized FakeGateway answer(int status, byte[] body) {
        LedgerReply reply = ledgerReply(status, body.clone());
        script.add(() -> CompletableFuture.completedFuture(reply));
        return this;
    }

    synchronized FakeGateway answer(int status, String body) {
        return answer(status, body.getBytes(UTF_8));
    }

    /** Every command past the script is answered with this. */
    synchronized FakeGateway answerByDefault(int status, String body) {
        defaultReply = ledgerReply(status, body.getBytes(UTF_8));
        return this;
    }

    /** Never answers the next command (see {@link #answerUnanswered}). */
    synchronized FakeGateway neverAnswer() {
        script.add(() -> {
            CompletableFuture<LedgerReply> future = new CompletableFuture<>();
            unanswered.add(future);
            return future;
        });
        return this;
    }

    /**
     * The next command's reply does not come in time: the future times out after {@code after}, the
     * way {@link ReplyRouter#expect} times out (with a {@link java.util.concurrent.TimeoutException}).
     */
    synchronized FakeGateway timeOutAfter(Duration after) {
        script.add(() -> new CompletableFuture<LedgerReply>().orTimeout(after.toMillis(), TimeUnit.MILLISECONDS));
        return this;
    }

    /** The next command is sent but its reply fails (broker gone, shutting down). */
    synchronized FakeGateway fail(Throwable error) {
        script.add(() -> CompletableFuture.failedFuture(error));
        return this;
    }

    /** The next command cannot even be handed over: {@code send} throws. */
    synchronized FakeGateway refuseToSend(RuntimeException error) {
        script.add(() -> {
            throw error;
        });
        return this;
    }

    void ready(boolean value) {
        ready = value;
    }

    @Override
    public CompletableFuture<LedgerReply> send(String tenant, byte[] command) {
        Supplier<CompletableFuture<LedgerReply>> next;
        synchronized (this) {
            sent.add(new Sent(tenant, command.clone()));
            next = script.poll();
            if (next == null) {
                LedgerReply reply = defaultReply;
                next = () -> CompletableFuture.completedFuture(reply);
            }
        }
        return next.get();
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public synchronized int pending() {
        return (int) unanswered.stream().filter(f -> !f.isDone()).count();
    }

    /** Answers every command left unanswered so far. */
    void answerUnanswered(int status, String body) {
        List<CompletableFuture<LedgerReply>> waiting;
        synchronized (this) {
            waiting = List.copyOf(unanswered);
        }
        waiting.forEach(f -> f.complete(ledgerReply(status, body.getBytes(UTF_8))));
    }

    /** Forgets what was sent and what was scripted. */
    synchronized void reset() {
        sent.clear();
        script.clear();
        unanswered.clear();
    }

    synchronized List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The one command sent; fails when there were none or several. */
    synchronized Sent only() {
        if (sent.size() != 1) {
            throw new AssertionError("expected exactly one command, the gateway got " + sent.size() + ": " + sent);
        }
        return sent.get(0);
    }

    /** A reply as the ledger would send it: the summary read from the body, as the codec does. */
    private static LedgerReply ledgerReply(int status, byte[] body) {
        return new LedgerReply(null, "reserve", "k", status, LedgerReply.Summary.of(body), body);
    }
}
