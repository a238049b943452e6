package dev.purser.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately naive ledger for the model-based test ({@link LedgerModelTest}), written from
 * PROTOCOL.md and docs/LEDGER.md with plain maps and longs, sharing no code with the decider. One
 * tenant; a command is the JSON a service would send; the answer is an {@link Expected}. Where the
 * protocol leaves a choice open the model follows docs/LEDGER.md §9 and names the choice.
 */
final class ReferenceLedger {
    static final long DAY = 86_400_000L;
    static final long GRACE = 30_000L;
    static final long REFUND_WINDOW = DAY;
    static final long DEFINE_RETENTION = DAY;
    /** Choice 13: verbs on a reservation are remembered for life + grace + refund window + tombstone day. */
    static final long RESERVATION_RETENTION = DAY + GRACE + REFUND_WINDOW + DAY;
    static final int MAX_OPEN = 5;
    /** Fewer than the five budget ids the test uses, so that the last new one is refused. */
    static final int MAX_BUDGETS = 4;

    static final class Budget {
        String id, unit, period, next, policy, status;
        long limit, overdraft, debt, changesAt;

        String periodAt(long t) {
            return next != null && t >= changesAt ? next : period;
        }
    }

    static final class Res {
        String id, budgetId, unit, state = "reserved";
        List<String[]> holds = new ArrayList<>(); // {budget_id, window}
        long held, reservedAt, deadline, charged, refunded, settledAt;
    }

    /** A remembered answer: its fingerprint, the step that gave it, and until when it is kept. */
    private record Memory(String fingerprint, int step, long until) {
    }

    long now;
    final Map<String, Budget> budgets = new TreeMap<>();
    /** budget_id → window → {committed, reserved}. */
    final Map<String, Map<String, long[]>> balances = new TreeMap<>();
    final Map<String, Res> reservations = new TreeMap<>();
    private final Map<String, Memory> remembered = new HashMap<>();

    /** Decides one command at record time {@code time}; {@code step} names the answer for later replays. */
    Expected apply(ObjectNode command, long time, int step) {
        now = Math.max(now, time);
        List<String> events = runDeadlines();
        String type = command.get("type").asText();
        if (type.equals("tick")) {
            return Expected.none(events);
        }
        String scope = type.equals("refund")
                ? "refund/" + command.get("reservation_id").asText() + "/" + command.get("refund_id").asText()
                : type + "/" + command.get("idempotency_key").asText();
        ObjectNode body = command.deepCopy();
        body.remove("idempotency_key");
        String fingerprint = sortedFields(body);
        Memory memory = remembered.get(scope);
        if (memory != null) {
            if (memory.fingerprint().equals(fingerprint)) {
                return Expected.replay(memory.step(), events);
            }
            events.add("replay_rejected");
            return Expected.error(409, "REPLAY_CONFLICT", events);
        }
        Expected answer = switch (type) {
            case "define_budget" -> define(command);
            case "reserve" -> reserve(command);
            default -> onReservation(type, command);
        };
        events.addAll(answer.events);
        answer.events = events;
        if (!"INVALID_REQUEST".equals(answer.code)) { // choice 14: everything else is remembered
            remembered.put(scope, new Memory(fingerprint, step,
                    now + (type.equals("define_budget") ? DEFINE_RETENTION : RESERVATION_RETENTION)));
        }
        return answer;
    }

    /** The command without its key, fields sorted (our commands are flat): "same request" of PROTOCOL §4. */
    private static String sortedFields(JsonNode node) {
        Map<String, String> fields = new TreeMap<>();
        node.properties().forEach(f -> fields.put(f.getKey(), f.getValue().toString()));
        return fields.toString();
    }

    /** Purges due before this command, then expiries in (deadline, id) order (LEDGER §1.2). */
    private List<String> runDeadlines() {
        List<String> events = new ArrayList<>();
        reservations.values().removeIf(r -> !r.state.equals("reserved")
                && r.settledAt + REFUND_WINDOW + DAY < now);
        remembered.values().removeIf(m -> m.until() < now);
        List<Res> expiring = reservations.values().stream()
                .filter(r -> r.state.equals("reserved") && r.deadline + GRACE < now)
                .sorted(Comparator.comparingLong((Res r) -> r.deadline).thenComparing(r -> r.id)).toList();
        for (Res r : expiring) {
            forEachHold(r, b -> b[1] -= r.held);
            settle(r, "expired", r.deadline + GRACE);
            events.add("ttl_expired");
        }
        return events;
    }

    private Expected define(ObjectNode c) {
        String id = c.get("budget_id").asText();
        String unit = c.get("unit").asText();
        Budget old = budgets.get(id);
        if (old != null && !old.unit.equals(unit)) {
            return Expected.invalid("unit"); // a unit change is named before choice 4's closed
        }
        if (old != null && old.status.equals("closed")) {
            return Expected.invalid("status"); // choice 4
        }
        if (old == null) {
            Budget ancestor = null;
            for (String a : ancestors(id)) {
                ancestor = budgets.getOrDefault(a, ancestor);
            }
            boolean descendantDiffers = budgets.values().stream()
                    .anyMatch(b -> b.id.startsWith(id + "/") && !b.unit.equals(unit)); // choice 2
            if ((ancestor != null && !ancestor.unit.equals(unit)) || descendantDiffers) {
                return Expected.invalid("unit");
            }
            if (budgets.size() >= MAX_BUDGETS) { // a new budget past the per-tenant limit; redefining is allowed
                return Expected.error(409, "TOO_MANY_BUDGETS", new ArrayList<>());
            }
        }
        Budget b = new Budget();
        b.id = id;
        b.unit = unit;
        b.limit = c.get("limit").asLong(); // choice 1: omitted settings take their defaults
        b.policy = c.path("overage_policy").asText("allow_if_available");
        b.overdraft = c.path("overdraft_limit").asLong(0);
        b.status = c.path("status").asText("active");
        b.debt = old == null ? 0 : old.debt;
        String wanted = c.path("period").asText("none");
        String current = old == null ? "none" : old.periodAt(now);
        b.period = current.equals("none") ? wanted : current; // choice 3: a change from none applies at once
        if (!b.period.equals(wanted)) {
            b.next = wanted;
            b.changesAt = windowEnd(current, now);
        }
        budgets.put(id, b);
        Expected e = Expected.decision(200, "budget_defined");
        e.balances.add(view(b, window(b.periodAt(now), now)));
        return e;
    }

    private Expected reserve(ObjectNode c) {
        String clientId = c.hasNonNull("reservation_id") ? c.get("reservation_id").asText() : null;
        if (clientId != null && reservations.containsKey(clientId)) {
            return Expected.error(409, "RESERVATION_EXISTS", new ArrayList<>());
        }
        String named = c.get("budget_id").asText();
        long amount = c.get("amount").asLong();
        long needed = c.has("min_amount") ? c.get("min_amount").asLong() : amount;
        if (!budgets.containsKey(named)) {
            return Expected.deny("BUDGET_NOT_FOUND", named); // choice 6: no balances
        }
        List<String[]> holdSet = new ArrayList<>();
        for (String a : ancestors(named)) {
            Budget b = budgets.get(a);
            if (b != null) {
                holdSet.add(new String[] {a, window(b.periodAt(now), now)});
            }
        }
        String refusal = null;
        String refuser = null;
        for (int i = holdSet.size() - 1; i >= 0 && refusal == null; i--) { // choice 5: deepest first
            Budget b = budgets.get(holdSet.get(i)[0]);
            refusal = b.status.equals("closed") ? "BUDGET_CLOSED" : b.status.equals("frozen") ? "BUDGET_FROZEN"
                    : !b.unit.equals(c.get("unit").asText()) ? "UNIT_MISMATCH" : null;
            refuser = b.id;
        }
        if (refusal == null && openReservations() >= MAX_OPEN) {
            refusal = "TOO_MANY_RESERVATIONS";
            refuser = named;
        }
        long fits = Long.MAX_VALUE;
        for (String[] h : holdSet) {
            fits = Math.min(fits, Math.max(0, available(h[0], h[1])));
        }
        if (refusal == null && needed > fits) {
            refusal = "BUDGET_EXHAUSTED";
            for (String[] h : holdSet) {
                refuser = available(h[0], h[1]) < needed ? h[0] : refuser;
            }
        }
        if (refusal != null) {
            Expected e = Expected.deny(refusal, refuser);
            holdSet.forEach(h -> e.balances.add(view(budgets.get(h[0]), h[1])));
            return e;
        }
        Res r = new Res();
        r.id = clientId;
        r.budgetId = named;
        r.unit = c.get("unit").asText();
        r.held = Math.min(amount, fits);
        r.holds = holdSet;
        r.reservedAt = now;
        r.deadline = now + c.path("ttl_ms").asLong(60_000);
        if (clientId != null) {
            reservations.put(clientId, r);
        }
        forEachHold(r, b -> b[1] += r.held);
        Expected e = Expected.decision(200, "reserve");
        e.decision = r.held == amount ? "ALLOW" : "ALLOW_WITH_CAPS";
        e.amounts.put("amount_reserved", r.held);
        e.holds = holdSet.stream().map(h -> List.of(h[0], h[1], Long.toString(r.held))).toList();
        e.created = r;
        holdSet.forEach(h -> e.balances.add(view(budgets.get(h[0]), h[1])));
        return e;
    }

    /** Called once the real ledger has named a reservation that the command did not name. */
    void created(Res r, String id) {
        r.id = id;
        reservations.put(id, r);
    }

    private Expected onReservation(String verb, ObjectNode c) {
        Res r = reservations.get(c.get("reservation_id").asText());
        if (r == null) {
            return Expected.error(404, "NOT_FOUND", new ArrayList<>());
        }
        boolean open = r.state.equals("reserved");
        boolean late = now > r.deadline;
        return switch (verb) {
            case "commit" -> open ? commit(r, c.get("amount").asLong(), late)
                    : r.state.equals("expired") ? Expected.error(410, "EXPIRED_BEYOND_GRACE",
                            new ArrayList<>(List.of("reconciliation_gap")))
                    : Expected.error(409, r.state.equals("committed") ? "RESERVATION_SETTLED" : "RESERVATION_RELEASED",
                            new ArrayList<>());
            case "release" -> open ? release(r) : Expected.noop(r.state);
            case "refund" -> refund(r, c.get("amount").asLong());
            case "extend" -> !open || late ? Expected.error(409, switch (r.state) {
                case "committed" -> "RESERVATION_SETTLED";
                case "released" -> "RESERVATION_RELEASED";
                default -> "RESERVATION_EXPIRED";
            }, new ArrayList<>()) : extend(r, c.get("extend_by_ms").asLong());
            default -> throw new IllegalArgumentException(verb);
        };
    }

    /** LEDGER §4: charge within the hold; the least any budget allows of the excess is charged on all. */
    private Expected commit(Res r, long observed, boolean late) {
        long within = Math.min(observed, r.held);
        forEachHold(r, b -> {
            b[0] += within;
            b[1] -= r.held;
        });
        long excess = observed - within;
        long allowed = excess;
        for (String[] h : r.holds) {
            Budget b = budgets.get(h[0]);
            long room = Math.max(0, available(h[0], h[1]));
            allowed = Math.min(allowed, switch (b.policy) {
                case "reject" -> 0;
                case "allow_if_available" -> room;
                default -> room + Math.max(0, b.overdraft - b.debt);
            });
        }
        long excessCharged = allowed;
        boolean debtTaken = false;
        for (String[] h : r.holds) {
            Budget b = budgets.get(h[0]);
            long toCommitted = Math.min(excessCharged, Math.max(0, available(h[0], h[1])));
            balance(h[0], h[1])[0] += toCommitted;
            b.debt += excessCharged - toCommitted;
            debtTaken |= excessCharged > toCommitted;
        }
        settle(r, "committed", now);
        r.charged = within + excessCharged;
        Expected e = Expected.decision(200, late ? "late_commit" : "commit");
        if (excess > excessCharged) {
            e.events.add("overage_rejected"); // choice 7
        } else if (debtTaken) {
            e.events.add("overage_charged");
        }
        e.amounts.put("charged", r.charged);
        e.amounts.put("released", r.held - within);
        e.amounts.put("overage", observed - r.charged);
        r.holds.forEach(h -> e.balances.add(view(budgets.get(h[0]), h[1])));
        return e;
    }

    private Expected release(Res r) {
        forEachHold(r, b -> b[1] -= r.held);
        settle(r, "released", now);
        Expected e = Expected.decision(200, "release");
        e.amounts.put("released", r.held);
        r.holds.forEach(h -> e.balances.add(view(budgets.get(h[0]), h[1])));
        return e;
    }

    /** LEDGER §6: debt first, then committed in the hold's window, clamped at zero (choice 9). */
    private Expected refund(Res r, long amount) {
        if (!r.state.equals("committed")) {
            return Expected.error(409, "RESERVATION_NOT_COMMITTED", new ArrayList<>()); // choice 11
        }
        if (now > r.settledAt + REFUND_WINDOW) {
            return Expected.error(409, "REFUND_WINDOW_CLOSED", new ArrayList<>()); // choice 10
        }
        if (amount > r.charged - r.refunded) {
            return Expected.error(409, "REFUND_EXCEEDS_CHARGE", new ArrayList<>());
        }
        for (String[] h : r.holds) {
            Budget b = budgets.get(h[0]);
            long paid = Math.min(b.debt, amount);
            b.debt -= paid;
            long[] bal = balance(h[0], h[1]);
            bal[0] -= Math.min(bal[0], amount - paid);
        }
        r.refunded += amount;
        Expected e = Expected.decision(200, "refund");
        r.holds.forEach(h -> e.balances.add(view(budgets.get(h[0]), h[1])));
        return e;
    }

    private Expected extend(Res r, long by) {
        if (r.deadline + by - r.reservedAt > DAY) {
            return Expected.invalid("extend_by_ms"); // choice 12
        }
        r.deadline += by;
        Expected e = Expected.decision(200, "extend");
        r.holds.forEach(h -> e.balances.add(view(budgets.get(h[0]), h[1])));
        return e;
    }

    private void settle(Res r, String state, long at) {
        r.state = state;
        r.settledAt = at;
    }

    private long openReservations() {
        return reservations.values().stream().filter(r -> r.state.equals("reserved")).count();
    }

    private void forEachHold(Res r, java.util.function.Consumer<long[]> change) {
        r.holds.forEach(h -> change.accept(balance(h[0], h[1])));
    }

    long[] balance(String budgetId, String window) {
        return balances.computeIfAbsent(budgetId, k -> new TreeMap<>()).computeIfAbsent(window, k -> new long[2]);
    }

    long available(String budgetId, String window) {
        Budget b = budgets.get(budgetId);
        long[] bal = balance(budgetId, window);
        return b.limit - bal[0] - bal[1] - b.debt;
    }

    private Map<String, String> view(Budget b, String window) {
        long[] bal = balance(b.id, window);
        Map<String, String> view = new LinkedHashMap<>();
        view.put("budget_id", b.id);
        view.put("window", window);
        view.put("limit", Long.toString(b.limit));
        view.put("committed", Long.toString(bal[0]));
        view.put("reserved", Long.toString(bal[1]));
        view.put("debt", Long.toString(b.debt));
        view.put("available", Long.toString(available(b.id, window)));
        return view;
    }

    /** The budget and its ancestors, root first. */
    static List<String> ancestors(String budgetId) {
        List<String> paths = new ArrayList<>();
        int slash = -1;
        while ((slash = budgetId.indexOf('/', slash + 1)) >= 0) {
            paths.add(budgetId.substring(0, slash));
        }
        paths.add(budgetId);
        return paths;
    }

    static String window(String period, long t) {
        LocalDate date = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).toLocalDate();
        return switch (period) {
            case "none" -> "all";
            case "day" -> date.toString();
            case "week" -> String.format("%d-W%02d", date.get(IsoFields.WEEK_BASED_YEAR),
                    date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
            default -> throw new IllegalArgumentException(period);
        };
    }

    /** The start of the window after the one holding {@code t}. */
    static long windowEnd(String period, long t) {
        LocalDate date = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate next = period.equals("day") ? date.plusDays(1)
                : date.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        return next.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }
}
