package dev.purser.topology;

import static dev.purser.topology.LedgerDriver.T0;
import static dev.purser.topology.ReferenceLedger.DAY;
import static dev.purser.topology.ReferenceLedger.GRACE;
import static dev.purser.topology.Gen.just;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.Json;
import dev.purser.schemas.audit.SignedAuditEvent;
import dev.purser.schemas.audit.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Model-based test (issue 5): random sequences of every verb run through the real topology
 * (TopologyTestDriver, {@code purser.commands} keyed by tenant {@code acme}) and through
 * {@link ReferenceLedger}, a naive ledger written from PROTOCOL.md. After every command the reply
 * (status, error code, decision, reason, binding budget, amounts, holds, balances), the audit event
 * types it emitted, and the stores (every balance of every window, every budget's limit, debt and
 * status, every reservation's state) must be what the model says.
 *
 * <p>Sequences define 3-level trees (children before parents too), redefine budgets (limits,
 * periods none/day/week, overage policies, overdraft, frozen/closed, a foreign unit), reserve with
 * and without client ids and min_amount, commit under/exactly/over the hold, release, refund, extend,
 * tick, replay a key with the same body or a different one. Several commands often share one broker
 * timestamp ("concurrent" on one partition), and the clock jumps to just before, at and after TTL
 * deadlines, grace ends, midnights and Mondays, by hours and by days (past the 1-day refund window
 * and the tombstone day), and sometimes backwards.
 */
class LedgerModelTest {
    private static final String[] BUDGETS = {"acme", "acme/a", "acme/a/x", "acme/a/y", "acme/b"};
    private static final long[] LIMITS = {0, 300, 600, 1000, 2000, 10_000};
    private static final String[] PERIODS = {"none", "day", "week"};
    private static final String[] POLICIES = {"reject", "allow_if_available", "allow_with_overdraft"};
    private static final long[] TTLS = {0, 1_000, 5_000, 30_000, 120_000};
    private static final long[] EXTENDS = {1_000, 30_000, 3_600_000, DAY};
    private static final LedgerRules CONFIG = new LedgerRules(GRACE, ReferenceLedger.REFUND_WINDOW,
            ReferenceLedger.DEFINE_RETENTION, ReferenceLedger.MAX_OPEN, ReferenceLedger.MAX_BUDGETS);

    enum Kind { DEFINE, RESERVE, COMMIT, RELEASE, REFUND, EXTEND, TICK, REPLAY, CONFLICT }

    enum Move { SAME, SMALL, BACKWARDS, TTL_EDGE, GRACE_EDGE, MIDNIGHT_EDGE, MONDAY_EDGE, HOURS, DAYS }

    /** One command to send: its verb, how the clock moves before it, and choices read by modulo. */
    record Step(Kind kind, Move move, int a, int b, int c, int d) {
    }

    /** What the tries exercised (the former run statistics): label -> value -> count, printed after the class. */
    private static final Map<String, Map<String, LongAdder>> STATISTICS = new ConcurrentHashMap<>();

    @TestFactory
    Stream<DynamicTest> shouldAnswerAndBalanceEveryCommandLikeTheReferenceModel() {
        return Gen.cases("model", 150, false, LedgerModelTest::steps, steps -> {
            try (LedgerDriver ledger = new LedgerDriver(SigningKey.fromSeed(new byte[32], null), CONFIG)) {
                new Run(ledger).play(steps);
            }
        });
    }

    @AfterAll
    static void printStatistics() {
        STATISTICS.forEach((label, counts) -> {
            long total = counts.values().stream().mapToLong(LongAdder::sum).sum();
            System.out.println("[" + label + "] " + total + " values");
            new TreeMap<>(counts).forEach((value, n) -> System.out.printf("  %-40s %6d (%5.2f %%)%n", value,
                    n.sum(), 100.0 * n.sum() / total));
        });
    }

    private static void collect(String label, Object... values) {
        STATISTICS.computeIfAbsent(label, l -> new ConcurrentHashMap<>())
                .computeIfAbsent(java.util.Arrays.toString(values), v -> new LongAdder()).increment();
    }

    static List<Step> steps(Gen g) {
        return g.list(10, 80, () -> new Step(
                g.frequency(just(4, Kind.DEFINE), just(7, Kind.RESERVE), just(5, Kind.COMMIT),
                        just(2, Kind.RELEASE), just(3, Kind.REFUND), just(2, Kind.EXTEND), just(1, Kind.TICK),
                        just(2, Kind.REPLAY), just(1, Kind.CONFLICT)),
                g.frequency(just(6, Move.SAME), just(5, Move.SMALL), just(1, Move.BACKWARDS),
                        just(2, Move.TTL_EDGE), just(2, Move.GRACE_EDGE), just(1, Move.MIDNIGHT_EDGE),
                        just(1, Move.MONDAY_EDGE), just(1, Move.HOURS), just(1, Move.DAYS)),
                g.between(0, 9_999), g.between(0, 9_999), g.between(0, 9_999), g.between(0, 9_999)));
    }

    /** One try: the real ledger, the model, and what the steps so far have named. */
    private static final class Run {
        private final LedgerDriver ledger;
        private final ReferenceLedger model = new ReferenceLedger();
        private final List<String> reservationIds = new ArrayList<>();
        private final List<ObjectNode> sent = new ArrayList<>();
        private final List<JsonNode> replies = new ArrayList<>();
        private final StringBuilder trace = new StringBuilder();
        private long time = T0;
        private int keys;

        Run(LedgerDriver ledger) {
            this.ledger = ledger;
        }

        /** Two budgets first (one with an overdraft), so that most sequences reserve, settle and take debt. */
        void play(List<Step> steps) {
            List<ObjectNode> prelude = List.of(CommandJson.define("p0", "acme", "5000"),
                    CommandJson.define("p1", "acme/a", "1000").put("period", "day")
                            .put("overage_policy", "allow_with_overdraft").put("overdraft_limit", "300"));
            for (int i = 0; i < prelude.size() + steps.size(); i++) {
                Step step = i < prelude.size() ? null : steps.get(i - prelude.size());
                time = step == null ? time : moveClock(step);
                ObjectNode command = step == null ? prelude.get(i) : command(step);
                Expected expected = model.apply(command, time, i);
                trace.append(String.format("%n#%d t=%s %s%n    model: %s", i,
                        java.time.Instant.ofEpochMilli(time), command, expected));
                collect("answer", step == null ? "prelude" : step.kind(), expected.replayOf != null ? "replay" : !expected.reply ? "tick"
                        : expected.code != null ? expected.code : expected.noopState != null ? "noop"
                        : expected.decision != null ? expected.decision : expected.eventType);
                expected.events.forEach(event -> collect("event", event));
                ledger.send("acme", command.toString(), time, "c-" + i);
                try {
                    check(i, expected);
                } catch (AssertionError e) {
                    throw new AssertionError("model and ledger disagree at step #" + i + ":" + trace
                            + "\n" + e.getMessage(), e);
                }
                if (command.has("idempotency_key")) {
                    sent.add(command);
                }
            }
        }

        private long moveClock(Step step) {
            List<ReferenceLedger.Res> open = model.reservations.values().stream()
                    .filter(r -> r.state.equals("reserved")).toList();
            long off = step.d() % 3 - 1;
            long now = Math.max(time, model.now);
            return switch (step.move()) {
                case SAME -> time;
                case SMALL -> time + 1 + step.d() % 3_000;
                case BACKWARDS -> time - 1 - step.d() % 5_000;
                case TTL_EDGE -> open.isEmpty() ? time : open.get(step.d() % open.size()).deadline + off;
                case GRACE_EDGE -> open.isEmpty() ? time : open.get(step.d() % open.size()).deadline + GRACE + off;
                case MIDNIGHT_EDGE -> ReferenceLedger.windowEnd("day", now) + off;
                case MONDAY_EDGE -> ReferenceLedger.windowEnd("week", now) + off;
                case HOURS -> time + (1 + step.d() % 6) * 3_600_000L;
                case DAYS -> time + (1 + step.d() % 3) * DAY + step.d();
            };
        }

        private ObjectNode command(Step s) {
            String key = "k" + keys++;
            return switch (s.kind()) {
                case DEFINE -> {
                    ObjectNode c = CommandJson.define(key, BUDGETS[s.a() % BUDGETS.length],
                            Long.toString(LIMITS[s.b() % LIMITS.length]));
                    if (s.c() % 20 == 19) {
                        c.put("unit", "tokens");
                    }
                    String period = PERIODS[s.c() / 20 % 3];
                    if (!period.equals("none") || s.c() % 2 == 0) {
                        c.put("period", period);
                    }
                    c.put("overage_policy", POLICIES[s.d() % 3]);
                    if (s.d() / 3 % 3 > 0) {
                        c.put("overdraft_limit", Long.toString(s.d() / 3 % 3 * 200));
                    }
                    int status = s.d() / 9 % 12;
                    if (status >= 9) {
                        c.put("status", status == 11 ? "closed" : "frozen");
                    }
                    yield c;
                }
                case RESERVE -> {
                    String clientId = s.d() % 3 == 0 ? null : "c" + s.d() / 3 % 6;
                    long amount = 1 + s.b() % 400;
                    ObjectNode c = CommandJson.reserve(key, BUDGETS[s.a() % BUDGETS.length], Long.toString(amount),
                            clientId);
                    if (s.c() % 3 == 0) {
                        c.put("min_amount", Long.toString(1 + s.c() / 3 % amount));
                    }
                    long ttl = TTLS[s.c() / 3 % TTLS.length];
                    if (ttl > 0) {
                        c.put("ttl_ms", ttl);
                    }
                    if (s.c() % 25 == 24) {
                        c.put("unit", "tokens");
                    }
                    if (clientId != null && !reservationIds.contains(clientId)) {
                        reservationIds.add(clientId);
                    }
                    yield c;
                }
                case COMMIT -> {
                    String id = reservation(s);
                    long held = held(id);
                    long amount = switch (s.b() % 6) {
                        case 0 -> 0;
                        case 1 -> held / 2;
                        case 2 -> held;
                        case 3 -> held + 1 + s.c() % 300;
                        case 4 -> held + 500 + s.c() % 1_000;
                        default -> s.c() % 900;
                    };
                    yield CommandJson.commit(key, id, Long.toString(amount));
                }
                case RELEASE -> {
                    ObjectNode c = CommandJson.release(key, reservation(s));
                    yield s.b() % 2 == 0 ? c : c.put("reason", "done");
                }
                case REFUND -> {
                    String id = reservation(s);
                    ReferenceLedger.Res r = model.reservations.get(id);
                    long charged = r == null ? 10 : r.charged;
                    long left = r == null ? 10 : r.charged - r.refunded;
                    long amount = switch (s.c() % 4) {
                        case 0 -> 1;
                        case 1 -> charged / 2;
                        case 2 -> left;
                        default -> charged + 1;
                    };
                    yield CommandJson.refund(key, id, "f" + s.b() % 3, Long.toString(Math.max(1, amount)));
                }
                case EXTEND -> CommandJson.extend(key, reservation(s), EXTENDS[s.b() % EXTENDS.length]);
                case TICK -> CommandJson.tick();
                case REPLAY, CONFLICT -> {
                    if (sent.isEmpty()) {
                        yield CommandJson.tick();
                    }
                    ObjectNode c = sent.get(s.a() % sent.size()).deepCopy();
                    yield s.kind() == Kind.REPLAY ? c : changed(c);
                }
            };
        }

        /** The same key and ids with a different request body. */
        private static ObjectNode changed(ObjectNode c) {
            switch (c.get("type").asText()) {
                case "define_budget" -> c.put("limit", Long.toString(c.get("limit").asLong() + 1));
                case "extend" -> c.put("extend_by_ms", c.get("extend_by_ms").asLong() % DAY + 1_000);
                case "release" -> c.put("reason", c.path("reason").asText("") + "-changed");
                default -> c.put("amount", Long.toString(c.get("amount").asLong() + 1));
            }
            return c;
        }

        /**
         * Mostly a reservation the verb can act on (an open one; a committed one for a refund), else
         * any named so far (recent ones more often), or one that never existed.
         */
        private String reservation(Step s) {
            String wanted = s.kind() == Kind.REFUND ? "committed" : "reserved";
            List<String> fitting = model.reservations.values().stream().filter(r -> r.state.equals(wanted))
                    .map(r -> r.id).toList();
            if (!fitting.isEmpty() && s.a() % 4 != 0) {
                return fitting.get(s.a() % fitting.size());
            }
            if (reservationIds.isEmpty() || s.a() % 12 == 11) {
                return "never-" + s.a() % 2;
            }
            return reservationIds.get(reservationIds.size() - 1 - s.a() % Math.min(4, reservationIds.size()));
        }

        private long held(String id) {
            ReferenceLedger.Res r = model.reservations.get(id);
            return r == null ? 100 : r.held;
        }

        private void check(int step, Expected expected) {
            List<JsonNode> got = ledger.replies();
            List<String> events = ledger.auditEvents().stream().map(SignedAuditEvent::type)
                    .map(type -> type.substring(type.lastIndexOf('.') + 1)).toList();
            replies.add(got.isEmpty() ? null : got.get(0));
            if (!expected.reply) {
                assertThat(got).as("replies").isEmpty();
            } else {
                assertThat(got).as("replies").hasSize(1);
                checkReply(got.get(0), expected);
            }
            assertThat(events).as("audit events").isEqualTo(expected.events);
            if (expected.created != null) {
                String id = got.get(0).get("body").get("reservation_id").asText();
                if (expected.created.id == null) {
                    model.created(expected.created, id);
                    reservationIds.add(id);
                }
            }
            assertThat(storedBalances()).as("stored balances").isEqualTo(modelBalances());
            assertThat(storedBudgets()).as("stored budgets").isEqualTo(modelBudgets());
            assertThat(storedReservations()).as("stored reservations").isEqualTo(modelReservations());
        }

        private void checkReply(JsonNode reply, Expected e) {
            JsonNode body = reply.get("body");
            if (e.replayOf != null) {
                JsonNode original = replies.get(e.replayOf);
                assertThat(reply.get("status")).as("replayed status").isEqualTo(original.get("status"));
                assertThat(body).as("replayed body").isEqualTo(original.get("body"));
                return;
            }
            assertThat(reply.get("status").asInt()).as("status of %s", body).isEqualTo(e.status);
            if (e.code != null) {
                assertThat(body.path("error").path("code").asText()).as("error code").isEqualTo(e.code);
                if (e.field != null) {
                    assertThat(body.path("error").path("field").asText()).as("error field").isEqualTo(e.field);
                }
                return;
            }
            if (e.noopState != null) {
                assertThat(body.path("noop").asBoolean()).as("noop in %s", body).isTrue();
                assertThat(body.path("state").asText()).as("noop state").isEqualTo(e.noopState);
                return;
            }
            assertThat(body.path("event_type").asText()).as("event type").endsWith("." + e.eventType);
            if (e.decision != null) {
                assertThat(body.path("decision").asText()).as("decision").isEqualTo(e.decision);
            }
            if (e.reason != null) {
                assertThat(body.path("reason_codes").toString()).as("reason codes").isEqualTo("[\"" + e.reason + "\"]");
                assertThat(body.path("details").path("budget_id").asText()).as("binding budget")
                        .isEqualTo(e.denyBudget);
            }
            e.amounts.forEach((name, amount) -> assertThat(body.path(name).asText()).as(name)
                    .isEqualTo(Long.toString(amount)));
            if (e.holds != null) {
                List<List<String>> holds = new ArrayList<>();
                body.path("holds").forEach(h -> holds.add(List.of(h.path("budget_id").asText(),
                        h.path("window").asText(), h.path("amount").asText())));
                assertThat(holds).as("holds").isEqualTo(e.holds);
            }
            List<Map<String, String>> balances = new ArrayList<>();
            body.path("balances").forEach(b -> {
                Map<String, String> view = new java.util.LinkedHashMap<>();
                for (String field : List.of("budget_id", "window", "limit", "committed", "reserved", "debt",
                        "available")) {
                    view.put(field, b.path(field).asText());
                }
                balances.add(view);
            });
            assertThat(balances).as("balances in the reply").isEqualTo(e.balances);
        }

        private Map<String, String> storedBalances() {
            Map<String, String> out = new TreeMap<>();
            forEachStored(Stores.BALANCES, (key, value) -> {
                long committed = value.path("committed").path("units").asLong();
                long reserved = value.path("reserved").path("units").asLong();
                if (committed != 0 || reserved != 0) {
                    out.put(key.replace(Stores.SEP, '|'), committed + "/" + reserved);
                }
            });
            return out;
        }

        private Map<String, String> modelBalances() {
            Map<String, String> out = new TreeMap<>();
            model.balances.forEach((budget, windows) -> windows.forEach((window, b) -> {
                if (b[0] != 0 || b[1] != 0) {
                    out.put(budget + "|" + window, b[0] + "/" + b[1]);
                }
            }));
            return out;
        }

        private Map<String, String> storedBudgets() {
            Map<String, String> out = new TreeMap<>();
            forEachStored(Stores.BUDGETS, (key, value) -> out.put(key, value.path("limit").path("units").asLong()
                    + " debt " + value.path("debt").path("units").asLong() + " "
                    + value.path("status").asText().toLowerCase(java.util.Locale.ROOT)));
            return out;
        }

        private Map<String, String> modelBudgets() {
            Map<String, String> out = new TreeMap<>();
            model.budgets.forEach((id, b) -> out.put(id, b.limit + " debt " + b.debt + " " + b.status));
            return out;
        }

        private Map<String, String> storedReservations() {
            Map<String, String> out = new TreeMap<>();
            forEachStored(Stores.RESERVATIONS, (key, value) -> out.put(key.substring(key.indexOf(Stores.SEP) + 1),
                    value.path("state").asText().toLowerCase(java.util.Locale.ROOT)));
            return out;
        }

        private Map<String, String> modelReservations() {
            Map<String, String> out = new TreeMap<>();
            model.reservations.forEach((id, r) -> out.put(id, r.state));
            return out;
        }

        private void forEachStored(String store, java.util.function.BiConsumer<String, JsonNode> each) {
            KeyValueStore<String, byte[]> kv = ledger.driver.getKeyValueStore(store);
            try (KeyValueIterator<String, byte[]> it = kv.all()) {
                while (it.hasNext()) {
                    KeyValue<String, byte[]> entry = it.next();
                    try {
                        each.accept(entry.key, Json.MAPPER.readTree(entry.value));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
    }
}
