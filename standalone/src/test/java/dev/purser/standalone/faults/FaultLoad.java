package dev.purser.standalone.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.api.KafkaCommandGateway;
import dev.purser.schemas.reply.LedgerReply;
import dev.purser.api.ReplyMode;
import dev.purser.api.ReplyRouter;
import dev.purser.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Continuous load for a fault test, through the HTTP bridge's own Kafka side ({@link KafkaCommandGateway}
 * and {@link ReplyRouter}, in {@code speculative} or {@code committed} mode): one worker per tenant
 * defines a budget, then loops reserve → commit (most), release (some), or abandons the reservation
 * with a 1 s TTL so that it expires (some). A command that gets no answer in time (processor or broker
 * down) is sent again with the same bytes, so the same idempotency key, until it is answered: the
 * client behaviour the protocol asks for.
 *
 * <p>Every answer that carries a decision is <em>acknowledged</em>: kept by (tenant, verb, idempotency
 * key) with its decision id, signature and reservation id. A later answer to the same key with
 * another decision id counts as duplicated. {@link FaultVerdict} compares the acknowledged answers
 * with the audit log.
 */
final class FaultLoad implements AutoCloseable {
    /** One acknowledged answer. */
    record Ack(String tenant, String verb, String key, int status, String decisionId, String signature,
               String reservationId, long answeredAtNanos) {
    }

    private static final Duration GIVE_UP = Duration.ofSeconds(120);
    private final ReplyRouter router;
    private final KafkaCommandGateway gateway;
    private final List<String> tenants;
    private final long limit;
    private final Map<String, Ack> acknowledged = new ConcurrentHashMap<>();
    private final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong commands = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong duplicated = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean running = true;
    private volatile Consumer<Ack> onAck = ack -> { };

    /**
     * {@code replyPartition}: the partition of {@code purser.replies} this client reads (not one a
     * Purser instance's bridge reads); {@code limit}: each tenant's budget, small enough that reserves
     * end up denied.
     */
    FaultLoad(String bootstrapServers, int replyPartition, ReplyMode mode, List<String> tenants, long limit,
              Duration callTimeout) {
        this.router = new ReplyRouter(bootstrapServers, replyPartition, mode);
        this.router.start();
        this.gateway = new KafkaCommandGateway(bootstrapServers, router, callTimeout);
        this.tenants = List.copyOf(tenants);
        this.limit = limit;
    }

    /** Called on the worker thread right after each acknowledged answer (e.g. to kill the processor then). */
    void onAck(Consumer<Ack> listener) {
        this.onAck = listener;
    }

    void start() {
        for (int i = 0; i < tenants.size(); i++) {
            String tenant = tenants.get(i);
            long seed = 17L * i + 3;
            Thread worker = new Thread(() -> work(tenant, new Random(seed)), "fault-load-" + tenant);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** Stops issuing new commands; each worker still gets the answer to the command it has in flight. */
    void stop() throws InterruptedException {
        running = false;
        for (Thread worker : workers) {
            worker.join(GIVE_UP.toMillis() + 10_000);
        }
    }

    /** Waits until {@code more} further answers were acknowledged. */
    void awaitMoreAcks(int more, Duration timeout) throws InterruptedException {
        long target = acknowledged.size() + more;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acknowledged.size() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + more + " acknowledged answers within " + timeout + " (now "
                        + acknowledged.size() + ")");
            }
            Thread.sleep(20);
        }
    }

    /** Waits until every tenant got {@code more} further acknowledged answers: all partitions are served. */
    void awaitEveryTenant(int more, Duration timeout) throws InterruptedException {
        Map<String, Long> start = perTenant();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<String, Long> now = perTenant();
            List<String> behind = tenants.stream()
                    .filter(t -> now.getOrDefault(t, 0L) < start.getOrDefault(t, 0L) + more).toList();
            if (behind.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("tenants " + behind + " got no " + more + " answers within " + timeout);
            }
            Thread.sleep(20);
        }
    }

    private Map<String, Long> perTenant() {
        return acknowledged.values().stream().collect(java.util.stream.Collectors.groupingBy(Ack::tenant,
                java.util.stream.Collectors.counting()));
    }

    private void work(String tenant, Random random) {
        try {
            call(tenant, "define_budget", "def", command("define_budget", "def").put("budget_id", tenant)
                    .put("unit", "usd_micros").put("limit", Long.toString(limit)));
            for (int i = 0; running; i++) {
                long amount = 1_000 + random.nextInt(49_000);
                String rid = "r-" + i;
                boolean abandon = random.nextInt(10) == 0;
                ObjectNode reserve = command("reserve", "res-" + i).put("budget_id", tenant)
                        .put("unit", "usd_micros").put("amount", Long.toString(amount)).put("reservation_id", rid);
                if (abandon) {
                    reserve.put("ttl_ms", 1000);
                }
                JsonNode answer = call(tenant, "reserve", "res-" + i, reserve);
                if (answer == null || abandon || !answer.path("decision").asText().startsWith("ALLOW")) {
                    continue;
                }
                if (random.nextInt(5) == 0) {
                    call(tenant, "release", "rel-" + i, command("release", "rel-" + i).put("reservation_id", rid));
                } else {
                    long spent = 1 + random.nextInt((int) amount);
                    call(tenant, "commit", "com-" + i, command("commit", "com-" + i).put("reservation_id", rid)
                            .put("amount", Long.toString(spent)));
                }
            }
        } catch (RuntimeException e) {
            problems.add(tenant + ": worker failed: " + e);
        }
    }

    /** Sends until answered (same bytes every time); returns the answer's body, or null when it never came. */
    private JsonNode call(String tenant, String verb, String key, ObjectNode command) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(command);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        commands.incrementAndGet();
        long giveUpAt = System.nanoTime() + GIVE_UP.toNanos();
        while (System.nanoTime() < giveUpAt) {
            attempts.incrementAndGet();
            LedgerReply reply;
            try {
                reply = gateway.send(tenant, bytes).get();
            } catch (ExecutionException e) {
                pause(200);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            return record(tenant, verb, key, reply);
        }
        unanswered.incrementAndGet();
        problems.add(tenant + " " + verb + " " + key + ": never answered");
        return null;
    }

    private JsonNode record(String tenant, String verb, String key, LedgerReply reply) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(reply.body());
        } catch (IOException e) {
            problems.add(tenant + " " + key + ": unreadable answer");
            return null;
        }
        String decisionId = body.path("decision_id").asText(null);
        if (decisionId == null) {
            problems.add(tenant + " " + verb + " " + key + ": answer without a decision: " + reply.status() + " "
                    + body);
            return body;
        }
        Ack ack = new Ack(tenant, verb, key, reply.status(), decisionId, body.path("signature").asText(null),
                body.path("reservation_id").asText(null), System.nanoTime());
        Ack earlier = acknowledged.putIfAbsent(tenant + "/" + verb + "/" + key, ack);
        if (earlier != null && !earlier.decisionId().equals(decisionId)) {
            duplicated.incrementAndGet();
            problems.add(tenant + " " + verb + " " + key + ": answered " + earlier.decisionId() + " then "
                    + decisionId);
        }
        onAck.accept(ack);
        return body;
    }

    private static ObjectNode command(String type, String key) {
        return Json.MAPPER.createObjectNode().put("type", type).put("idempotency_key", key);
    }

    private static void pause(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Map<String, Ack> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    long commands() {
        return commands.get();
    }

    long attempts() {
        return attempts.get();
    }

    long duplicated() {
        return duplicated.get();
    }

    long unanswered() {
        return unanswered.get();
    }

    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    @Override
    public void close() {
        running = false;
        router.close();
        gateway.close();
    }
}
