package dev.purser.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purser's HTTP protocol for agents (docs/CLIENT.md): {@link #reserve} before a paid call, then
 * {@link Hold#commit} what it cost, or {@link Hold#release}. Thread-safe; make one per process.
 *
 * <pre>{@code
 * try (PurserClient purser = PurserClient.builder(URI.create("http://127.0.0.1:8080"), token)
 *         .journal(Path.of("/var/lib/agent/purser")).build();
 *      Hold hold = purser.reserve(Reservation.on("acme/eng/bot", "usd_micros", 200_000).model("gpt-4o"))
 *              .requireAllowed()) {
 *     long cost = callTheModel(hold.amountHeld());
 *     hold.commit(Commit.of(cost).tokens(inputTokens, outputTokens));
 * }
 * }</pre>
 */
public final class PurserClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PurserClient.class);

    private final Transport transport;
    private final SettlementJournal journal;
    private final WhenUnavailable whenUnavailable;
    private final ScheduledExecutorService scheduler;

    private PurserClient(Builder b) {
        this.transport = new Transport(b.baseUrl, b.token, b.connectTimeout, b.requestTimeout, b.retry);
        this.journal = b.journalDirectory == null ? SettlementJournal.none() : SettlementJournal.open(b.journalDirectory);
        this.whenUnavailable = b.whenUnavailable;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "purser-client-heartbeat");
            t.setDaemon(true);
            return t;
        });
        if (whenUnavailable == WhenUnavailable.BYPASS) {
            LOG.warn("Purser client configured to BYPASS: when Purser cannot be reached, calls go through unchecked (logged)");
        }
        int pending = journal.openCount();
        if (pending > 0) {
            LOG.info("settlement journal: {} settlement(s) left unanswered by an earlier run, sending them again", pending);
            settlePending();
        }
        if (b.journalDirectory != null && b.journalRetryInterval != null) {
            long every = b.journalRetryInterval.toMillis();
            scheduler.scheduleWithFixedDelay(this::settlePendingQuietly, every, every, TimeUnit.MILLISECONDS);
        }
    }

    public static Builder builder(URI baseUrl, String token) {
        return new Builder(baseUrl, token);
    }

    /**
     * Asks for a hold. Returns the decision as a {@link Hold} (a DENY too: check {@link Hold#allowed()} or
     * call {@link Hold#requireAllowed()}). Retries with the same idempotency key by the retry policy;
     * when no attempt is answered, throws {@link PurserUnavailable} (fail closed) unless the client is
     * configured to {@link WhenUnavailable#BYPASS}. Throws {@link PurserRejected} on an error answer.
     */
    public Hold reserve(Reservation request) {
        Map<String, Object> body = request.body();
        body.put("idempotency_key", request.idempotencyKey != null ? request.idempotencyKey : newKey());
        Answer answer;
        try {
            answer = transport.post("/v1/reservations", body);
        } catch (PurserUnavailable e) {
            if (whenUnavailable != WhenUnavailable.BYPASS) {
                throw e;
            }
            LOG.warn("BYPASS: Purser unavailable, reserve of {} {} on {} let through unchecked ({})", request.amount,
                    request.unit, request.budgetId, e.getMessage());
            Hold hold = Hold.bypassed(this, request);
            SpendEvents.reserved(hold, request);
            return hold;
        }
        if (!answer.isDecision()) {
            throw answer.rejection();
        }
        Hold hold;
        if (!Hold.hasOnlyKnownCaps(answer.body())) {
            // PROTOCOL.md: a client that does not know a cap's type must not spend, and releases the reservation
            settle(answer.text("reservation_id"), "release", new LinkedHashMap<>(Map.of("reason", "unknown cap type")));
            hold = Hold.unknownCap(this, request, answer);
        } else {
            hold = Hold.decided(this, request, answer);
        }
        SpendEvents.reserved(hold, request);
        return hold;
    }

    /**
     * Sends again every settlement of the journal that has no answer yet (same bodies, same keys).
     * Called when the client starts and, with a journal, periodically; returns how many got an answer.
     */
    public int settlePending() {
        int answered = 0;
        for (SettlementJournal.Entry entry : journal.pending()) {
            Answer answer;
            try {
                answer = transport.post(entry.path(), entry.body());
            } catch (PurserUnavailable e) {
                LOG.warn("settlement {} {} still unanswered, kept in the journal: {}", entry.path(),
                        entry.body().get("idempotency_key"), e.getMessage());
                continue;
            }
            journal.done(entry);
            answered++;
            if (answer.ok()) {
                LOG.info("settled from the journal: {} -> {} {}", entry.path(), answer.status(), answer.text("decision_id"));
            } else {
                LOG.warn("settlement from the journal {} answered {}: {}", entry.path(), answer.status(), answer.rejection().getMessage());
            }
        }
        return answered;
    }

    /** How many settlements the journal still holds unanswered. */
    public int pendingSettlements() {
        return journal.openCount();
    }

    Settlement settle(String reservationId, String verb, Map<String, Object> body) {
        body.put("idempotency_key", newKey());
        String path = "/v1/reservations/" + reservationId + "/" + verb;
        SettlementJournal.Entry entry = journal.begin(path, body);
        Answer answer;
        try {
            answer = transport.post(path, body);
        } catch (PurserUnavailable e) {
            if (journal.isOnDisk()) {
                throw new PurserUnavailable(e.getMessage() + "; the " + verb + " is kept in the settlement journal and sent again"
                        + " (same idempotency key) until answered", e.attempts(), e);
            }
            journal.done(entry);
            throw e;
        }
        journal.done(entry);
        if (!answer.ok()) {
            throw answer.rejection();
        }
        return Settlement.of(answer);
    }

    void extend(String reservationId, Duration by) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("extend_by_ms", by.toMillis());
        body.put("idempotency_key", newKey());
        Answer answer = transport.post("/v1/reservations/" + reservationId + "/extend", body);
        if (!answer.ok()) {
            throw answer.rejection();
        }
    }

    Heartbeat heartbeat(Hold hold, Duration every) {
        Objects.requireNonNull(every, "every");
        if (every.toMillis() < 1) {
            throw new IllegalArgumentException("a heartbeat needs a positive period");
        }
        Heartbeat heartbeat = new Heartbeat();
        heartbeat.start(scheduler.scheduleWithFixedDelay(() -> {
            if (hold.settled()) {
                heartbeat.close();
                return;
            }
            try {
                hold.extend(every);
                heartbeat.beat();
            } catch (PurserRejected e) {
                LOG.warn("heartbeat of {} stopped: {}", hold.reservationId(), e.getMessage());
                heartbeat.close();
            } catch (RuntimeException e) {
                LOG.warn("heartbeat of {} missed a beat: {}", hold.reservationId(), e.getMessage());
            }
        }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS));
        return heartbeat;
    }

    void logCloseFailure(Hold hold, PurserException e) {
        LOG.warn("releasing unsettled hold {} on close failed: {}", hold.reservationId(), e.getMessage());
    }

    void logBypassedSettlement(Reservation request, String verb) {
        LOG.warn("BYPASS: {} on {} not recorded (the reserve was bypassed, nothing is held)", verb, request.budgetId);
    }

    private void settlePendingQuietly() {
        try {
            if (journal.openCount() > 0) {
                settlePending();
            }
        } catch (RuntimeException e) {
            LOG.warn("sending the settlement journal again failed: {}", e.toString());
        }
    }

    static String newKey() {
        return "pc-" + UUID.randomUUID();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        journal.close();
    }

    /** Settings; every one has a default but the URL and the token. */
    public static final class Builder {
        private final URI baseUrl;
        private final String token;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private RetryPolicy retry = RetryPolicy.defaults();
        private Path journalDirectory;
        private Duration journalRetryInterval = Duration.ofSeconds(30);
        private WhenUnavailable whenUnavailable = WhenUnavailable.FAIL_CLOSED;

        private Builder(URI baseUrl, String token) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.token = Objects.requireNonNull(token, "token");
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /** How long one attempt waits for its answer (Purser's own reply timeout is 5 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder retry(RetryPolicy retry) {
            this.retry = Objects.requireNonNull(retry, "retry");
            return this;
        }

        /** Where unanswered commits and releases are kept across crashes (recommended; off by default). */
        public Builder journal(Path directory) {
            this.journalDirectory = directory;
            return this;
        }

        /** How often journal entries are sent again while the client runs (default 30 s; null: only at start). */
        public Builder journalRetryInterval(Duration interval) {
            this.journalRetryInterval = interval;
            return this;
        }

        public Builder whenUnavailable(WhenUnavailable policy) {
            this.whenUnavailable = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public PurserClient build() {
            return new PurserClient(this);
        }
    }
}
