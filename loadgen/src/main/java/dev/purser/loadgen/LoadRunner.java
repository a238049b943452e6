package dev.purser.loadgen;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One run over a {@link Transport}: define the budget trees (every definition must be answered 200;
 * one that is not answered in time is sent again, idempotently),
 * then load for {@code --warmup} seconds (not reported) and {@code --duration} seconds (reported),
 * then wait up to {@code --timeout-ms} for the answers still outstanding; any that never come are
 * {@code NO_ANSWER} errors.
 *
 * <ul>
 * <li>Closed loop ({@code --concurrency N}): N requests outstanding; each answer sends the next.
 *     Latency is from the actual send.</li>
 * <li>Open loop ({@code --rate R}): request i is due at {@code start + i/R}, whether or not earlier
 *     ones were answered; latency is from that <em>intended</em> time, so a stall of the sender or of
 *     Purser is charged to every request that should have gone out meanwhile (no coordinated
 *     omission). At most {@code --max-outstanding} requests wait for an answer; a request due
 *     while that many wait is not sent and counts as a {@code GENERATOR_BACKLOG} error (the target
 *     rate is past what Purser answers), so that an overload cannot exhaust the generator.</li>
 * </ul>
 * A follow-up (commit, release) is sent as the next request after its reserve's answer, and counts
 * towards the rate or the concurrency like any other request. With {@code --mix pairs} the report
 * also has row {@code pair}: the latency from each reserve's send to its commit's answer
 * ({@link PairLatency}).
 */
final class LoadRunner {
    /** What a run produced, for {@link Report}. */
    record Result(Measurements measured, double seconds, long sent, ResourceUse purser, ResourceUse self) {
    }

    private static final int DEFINE_WINDOW = 64;
    private static final int DEFINE_ATTEMPTS = 6;

    private final LoadSettings settings;
    private final Transport transport;
    private final Workload workload;
    private final long purserPid;
    /** Only with {@code --mix pairs}: the other mixes report exactly what they always did. */
    private final PairLatency pairs;
    private final AtomicReference<Measurements> current = new AtomicReference<>(new Measurements());
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean stopping;

    LoadRunner(LoadSettings settings, Transport transport, Workload workload, long purserPid) {
        this.settings = settings;
        this.transport = transport;
        this.workload = workload;
        this.purserPid = purserPid;
        this.pairs = settings.mix().equals("pairs") ? new PairLatency() : null;
    }

    Result run() throws InterruptedException {
        define();
        Thread pacer = settings.openLoop() ? startOpenLoop() : null;
        if (pacer == null) {
            for (int i = 0; i < settings.concurrency(); i++) {
                issue(System.nanoTime());
            }
        }
        sleepSeconds(settings.warmupSeconds());
        Measurements measured = new Measurements();
        current.set(measured);
        long self = ProcessHandle.current().pid();
        ResourceUse.Start purserStart = ResourceUse.start(purserPid);
        ResourceUse.Start selfStart = ResourceUse.start(self);
        long sentBefore = sent.get();
        long t0 = System.nanoTime();
        sleepSeconds(settings.durationSeconds());
        stopping = true;
        measured.closeCounts();
        double seconds = (System.nanoTime() - t0) / 1e9;
        long sentDuring = sent.get() - sentBefore;
        ResourceUse purserUse = purserStart.end();
        ResourceUse selfUse = selfStart.end();
        if (pacer != null) {
            pacer.join();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(settings.timeoutMs() + 1000);
        while (outstanding.get() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (outstanding.get() > 0) {
            measured.error("all", "NO_ANSWER", outstanding.get());
        }
        return new Result(measured, seconds, sentDuring, purserUse, selfUse);
    }

    /** Defines every budget, at most {@value #DEFINE_WINDOW} at a time; fails unless all are answered 200. */
    private void define() throws InterruptedException {
        List<LoadRequest> definitions = workload.definitions();
        Semaphore window = new Semaphore(DEFINE_WINDOW);
        AtomicReference<String> failure = new AtomicReference<>();
        for (LoadRequest d : definitions) {
            window.acquire();
            define(d, DEFINE_ATTEMPTS, window, failure);
        }
        long waitMs = DEFINE_ATTEMPTS * (settings.timeoutMs() + 5000);
        if (!window.tryAcquire(DEFINE_WINDOW, waitMs, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("budget definitions not answered in time");
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a budget definition failed: " + failure.get());
        }
    }

    /**
     * Sends one definition; one without an answer, or answered 503 / 504 (a cold ledger), is sent again
     * with the same key and body.
     */
    private void define(LoadRequest d, int attempts, Semaphore window, AtomicReference<String> failure) {
        transport.send(d, (status, code) -> {
            if ((status < 0 || status == 503 || status == 504) && attempts > 1) {
                define(d, attempts - 1, window, failure);
                return;
            }
            if (status != 200) {
                failure.compareAndSet(null, d.budgetId() + " -> " + status + " " + code);
            }
            window.release();
        });
    }

    private Thread startOpenLoop() {
        Thread pacer = new Thread(() -> {
            long period = (long) (1e9 / settings.rate());
            long next = System.nanoTime();
            while (!stopping) {
                long now = System.nanoTime();
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                if (outstanding.get() >= settings.maxOutstanding()) {
                    current.get().error("reserve", "GENERATOR_BACKLOG");
                } else {
                    issue(next);
                }
                next += period;
            }
        }, "loadgen-pacer");
        pacer.setDaemon(true);
        pacer.start();
        return pacer;
    }

    /** Sends the next request; {@code intendedNanos} is when it was due (now, in a closed loop). */
    private void issue(long intendedNanos) {
        LoadRequest request = workload.next();
        outstanding.incrementAndGet();
        sent.incrementAndGet();
        transport.send(request, (status, code) -> {
            long now = System.nanoTime();
            long latency = now - intendedNanos;
            Measurements m = current.get();
            boolean expected = Workload.expected(request, status, code);
            if (expected) {
                m.answered(request.label(), latency, status == 403);
            } else {
                m.error(request.label(), status < 0 ? code : status + (code == null ? "" : " " + code));
            }
            if (pairs != null) {
                long pair = pairs.answered(request, status, expected, intendedNanos, now);
                if (pair != PairLatency.NONE) {
                    m.answered(PairLatency.LABEL, pair, false);
                }
            }
            workload.answered(request, status, code);
            outstanding.decrementAndGet();
            if (!stopping && !settings.openLoop()) {
                issue(System.nanoTime());
            }
        });
    }

    private static void sleepSeconds(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }
}
