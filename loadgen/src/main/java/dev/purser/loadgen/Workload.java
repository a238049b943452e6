package dev.purser.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * What is asked of Purser. Every tenant gets a three-level tree, defined before the load starts:
 * {@code <tenant>} / {@code <tenant>/<run>-t<k>} (teams) / {@code <tenant>/<run>-t<k>/a<j>} (agents);
 * the run id keeps every run's teams and agents fresh on a ledger that is reused. Tenants and teams
 * have limits that never bind; agent {@code a0} of every team has the small {@code --dry-limit} and
 * runs dry after a few reserves. A new reserve goes to a dry agent with probability
 * {@code --deny-fraction}, so the share of denies stays steady however long the run is.
 *
 * <p>Each allowed reserve is followed by its commit (a random part of the hold), by a release
 * ({@code --release-fraction}), or by nothing with {@code ttl_ms=1000} so that it expires
 * ({@code --expire-fraction}, after the ledger's grace); with {@code --mix reserve-only} nothing
 * follows, with {@code --mix pairs} always its commit (see {@link PairLatency}). A share
 * {@code --replay-fraction} of new requests resends an answered reserve with the same key and body,
 * which must be answered with the original status. Follow-ups are sent before new reserves.
 * Thread-safe.
 */
final class Workload {
    private static final long ROOT_LIMIT = 1_000_000_000_000_000L;
    private static final long TEAM_LIMIT = 100_000_000_000_000L;
    private static final long AGENT_LIMIT = 10_000_000_000_000L;
    private static final int REPLAY_SLOTS = 1024;

    private final LoadSettings settings;
    private final List<String> tenants;
    private final String runId;
    private final boolean reserveOnly;
    private final boolean pairs;
    private final AtomicLong sequence = new AtomicLong();
    private final Queue<LoadRequest> followUps = new ConcurrentLinkedQueue<>();
    /** The last {@value #REPLAY_SLOTS} answered reserves, as replays, written round-robin. */
    private final AtomicReferenceArray<LoadRequest> answered = new AtomicReferenceArray<>(REPLAY_SLOTS);
    private final AtomicLong answeredCount = new AtomicLong();

    Workload(LoadSettings settings, List<String> tenants, String runId) {
        this.settings = settings;
        this.tenants = List.copyOf(tenants);
        this.runId = runId;
        this.reserveOnly = settings.mix().equals("reserve-only");
        this.pairs = settings.mix().equals("pairs");
    }

    List<String> tenants() {
        return tenants;
    }

    String runId() {
        return runId;
    }

    /** Every budget of every tenant, roots first, then teams, then agents. */
    List<LoadRequest> definitions() {
        List<LoadRequest> roots = new ArrayList<>();
        List<LoadRequest> teams = new ArrayList<>();
        List<LoadRequest> agents = new ArrayList<>();
        for (String tenant : tenants) {
            roots.add(define(tenant, tenant, ROOT_LIMIT));
            for (int k = 0; k < settings.teams(); k++) {
                String team = teamId(tenant, k);
                teams.add(define(tenant, team, TEAM_LIMIT));
                for (int j = 0; j < settings.agents(); j++) {
                    agents.add(define(tenant, team + "/a" + j, j == 0 ? settings.dryLimit() : AGENT_LIMIT));
                }
            }
        }
        List<LoadRequest> all = new ArrayList<>(roots);
        all.addAll(teams);
        all.addAll(agents);
        return all;
    }

    private LoadRequest define(String tenant, String budgetId, long limit) {
        return LoadRequest.define(tenant, budgetId, runId + "-def-" + budgetId.replace('/', '.'), limit);
    }

    private String teamId(String tenant, int k) {
        return tenant + "/" + runId + "-t" + k;
    }

    /** The next request: a pending follow-up, else a replay or a new reserve. */
    LoadRequest next() {
        LoadRequest followUp = followUps.poll();
        if (followUp != null) {
            return followUp;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (random.nextDouble() < settings.replayFraction()) {
            long filled = Math.min(answeredCount.get(), REPLAY_SLOTS);
            LoadRequest replay = filled == 0 ? null : answered.get(random.nextInt((int) filled));
            if (replay != null) {
                return replay;
            }
        }
        return newReserve(random);
    }

    private LoadRequest newReserve(ThreadLocalRandom random) {
        String tenant = tenants.get(random.nextInt(tenants.size()));
        int agent = random.nextDouble() < settings.denyFraction() ? 0 : 1 + random.nextInt(settings.agents() - 1);
        String budget = teamId(tenant, random.nextInt(settings.teams())) + "/a" + agent;
        long amount = random.nextLong(settings.amountMin(), settings.amountMax() + 1);
        LoadRequest.Plan plan;
        long ttl = settings.reserveTtlMs();
        double draw = random.nextDouble();
        if (reserveOnly) {
            plan = LoadRequest.Plan.HOLD;
        } else if (pairs) {
            plan = LoadRequest.Plan.COMMIT;
        } else if (draw < settings.expireFraction()) {
            plan = LoadRequest.Plan.EXPIRE;
            ttl = 1000;
        } else if (draw < settings.expireFraction() + settings.releaseFraction()) {
            plan = LoadRequest.Plan.RELEASE;
        } else {
            plan = LoadRequest.Plan.COMMIT;
        }
        String reservationId = runId + "-" + sequence.incrementAndGet();
        return new LoadRequest(LoadRequest.Kind.RESERVE, tenant, budget, reservationId, reservationId + "-r", amount,
                ttl, plan, 200);
    }

    /** Whether the answer is the one this request must get (DENY is an expected answer of a reserve). */
    static boolean expected(LoadRequest r, int status, String errorCode) {
        return switch (r.kind()) {
            case RESERVE -> status == 200 || (status == 403 && errorCode == null);
            case REPLAY -> status == r.expectedStatus() && (status != 403 || errorCode == null);
            default -> status == 200;
        };
    }

    /** Takes note of an answer: queues the follow-up of an allowed reserve and remembers it for replays. */
    void answered(LoadRequest r, int status, String errorCode) {
        if (r.kind() != LoadRequest.Kind.RESERVE || !expected(r, status, errorCode)) {
            return;
        }
        answered.set((int) (answeredCount.getAndIncrement() % REPLAY_SLOTS), r.replay(status));
        if (status != 200) {
            return;
        }
        if (r.plan() == LoadRequest.Plan.COMMIT) {
            long charge = ThreadLocalRandom.current().nextLong(r.amount() / 2, r.amount() + 1);
            followUps.add(r.followUp(LoadRequest.Kind.COMMIT, r.reservationId() + "-c", charge));
        } else if (r.plan() == LoadRequest.Plan.RELEASE) {
            followUps.add(r.followUp(LoadRequest.Kind.RELEASE, r.reservationId() + "-x", 0));
        }
    }
}
