package dev.purser.standalone;

import dev.purser.api.ReplyMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;
import org.junit.jupiter.api.Test;

/**
 * Reserve latency over HTTP, open loop (not a test: it asserts nothing about speed). For each reply
 * mode a whole Purser is started on a fresh {@code data.dir} (embedded broker, ledger and bridge in
 * this JVM); then {@code POST /v1/reservations} requests go out at a fixed rate, each at its
 * <em>intended</em> send time whether or not earlier ones have been answered (async
 * {@link HttpClient}, as many connections as requests in flight), spread over several tenants. Latency
 * is measured from the intended send time, so a stalled sender or server is charged to every request
 * that should have gone out meanwhile (no coordinated omission), into an HdrHistogram. Only 200
 * answers are in the percentiles; 503 (past {@code http.max.in.flight}) and 504 (past
 * {@code http.reply.timeout.ms}) are counted as errors. A throwaway node warms the JVM up first; then
 * a ramped warm-up (100 to 400/s) runs on each measured node, and between runs the ledger is given
 * time to work off any backlog.
 *
 * <p>Rerun: {@code mvn -B verify -pl standalone -am -Pbenchmark -Dit.test=HttpLatencyBenchmark}; knobs:
 * {@code -Dbench.http.rates=100,500,1000 -Dbench.http.seconds=15 -Dbench.http.warmup.seconds=12
 * -Dbench.http.jvm.warmup.seconds=40 -Dbench.http.modes=speculative,committed -Dbench.http.tenants=6}.
 */
class HttpLatencyBenchmark {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private final List<String> rates = List.of(System.getProperty("bench.http.rates", "100,500,1000").split(","));
    private final int seconds = Integer.getInteger("bench.http.seconds", 15);
    private final int warmupSeconds = Integer.getInteger("bench.http.warmup.seconds", 12);
    private final int jvmWarmupSeconds = Integer.getInteger("bench.http.jvm.warmup.seconds", 40);
    private final List<String> modes = List.of(System.getProperty("bench.http.modes", "speculative,committed")
            .split(","));
    private final int tenants = Integer.getInteger("bench.http.tenants", 6);

    /** One run at one rate: its histogram (microseconds) and counts. */
    private record Run(String mode, int rate, Histogram micros, long sent, long ok, Map<String, Long> errors,
                       double sendSeconds, double completeSeconds) {
    }

    @Test
    void measureReserveLatencyAtFixedRates() throws Exception {
        // A throwaway node first, so that the JIT has compiled the broker, Streams, bridge and client
        // paths before any mode is measured; otherwise the first mode measured pays for it.
        session(modes.get(0).trim(), jvmWarmupSeconds, List.of());
        List<Run> runs = new ArrayList<>();
        for (String mode : modes) {
            runs.addAll(session(mode.trim(), warmupSeconds, rates));
        }
        print(runs);
    }

    /** Starts a node in {@code mode}, defines the budgets, warms up (ramp 100 to 400/s), runs each rate. */
    private List<Run> session(String mode, int warmup, List<String> measuredRates) throws Exception {
        ReplyMode replyMode = ReplyMode.valueOf(mode.toUpperCase(Locale.ROOT));
        Path dir = Files.createTempDirectory("purser-http-bench");
        List<String> credentials = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            credentials.add(token(t) + " t" + t + " agent");
            credentials.add(token(t) + "-admin t" + t + " admin");
        }
        List<Run> runs = new ArrayList<>();
        try (RunningPurser purser = RunningPurser.start(dir, replyMode, credentials)) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            BridgeClient admin = new BridgeClient(http, purser::uri);
            for (int t = 0; t < tenants; t++) {
                BridgeClient.Answer defined = admin.defineBudget(token(t) + "-admin", "t" + t, "1000000000000000");
                if (defined.status() != 200) {
                    throw new AssertionError("define failed: " + defined);
                }
            }
            for (int step = 1; step <= 4 && warmup > 0; step++) {
                run(http, purser, mode + "-warmup", 100 * step, Math.max(1, warmup / 4));
                settle(admin, mode + "-warmup-" + step);
            }
            for (String rate : measuredRates) {
                runs.add(run(http, purser, mode, Integer.parseInt(rate.trim()), seconds));
                settle(admin, mode + "-" + rate.trim());
            }
        } finally {
            delete(dir);
        }
        return runs;
    }

    private Run run(HttpClient http, RunningPurser purser, String mode, int rate, int durationSeconds)
            throws InterruptedException {
        long n = (long) rate * durationSeconds;
        long interval = TimeUnit.SECONDS.toNanos(1) / rate;
        Histogram micros = new SynchronizedHistogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong lastCompletion = new AtomicLong();
        Map<String, Long> errors = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch((int) n);
        URI uri = purser.uri("/v1/reservations");
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (long i = 0; i < n; i++) {
            long intended = start + i * interval;
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int tenant = (int) (i % tenants);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                    .header("Authorization", "Bearer " + token(tenant))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(BridgeClient.reserveBody(
                            mode + "-" + rate + "-" + i, "t" + tenant, "1000", null, null)))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, error) -> {
                long now = System.nanoTime();
                if (error != null) {
                    errors.merge(error.getClass().getSimpleName(), 1L, Long::sum);
                } else if (response.statusCode() != 200) {
                    errors.merge(Integer.toString(response.statusCode()), 1L, Long::sum);
                } else {
                    // Only answered reserves count: a fast 503 must not make the percentiles look better.
                    micros.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(now - intended),
                            micros.getHighestTrackableValue()));
                    lastCompletion.accumulateAndGet(now, Math::max);
                    ok.incrementAndGet();
                }
                done.countDown();
            });
        }
        double sendSeconds = (System.nanoTime() - start) / 1e9;
        if (!done.await(REQUEST_TIMEOUT.toSeconds() + 20, TimeUnit.SECONDS)) {
            errors.merge("unanswered", done.getCount(), Long::sum);
        }
        return new Run(mode, rate, micros, n, ok.get(), errors, sendSeconds, (lastCompletion.get() - start) / 1e9);
    }

    /**
     * Waits until the ledger has worked off any backlog a run left (commands whose requests timed out
     * are still decided), so that one run does not charge its queue to the next: a single reserve must
     * come back in under 100 ms three times in a row.
     */
    private void settle(BridgeClient client, String after) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        int fast = 0;
        for (int i = 0; fast < 3 && System.nanoTime() < deadline; i++) {
            long start = System.nanoTime();
            BridgeClient.Answer answer = client.reserve(token(0), "settle-" + after + "-" + i, "t0", "1", null);
            fast = answer.status() == 200 && System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(100)
                    ? fast + 1 : 0;
            Thread.sleep(200);
        }
    }

    private void print(List<Run> runs) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nHTTP reserve latency, open loop, measured from the intended send time (ms):%n%n"));
        out.append("| reply mode | target rate | achieved rate | p50 | p90 | p99 | p99.9 | max | errors |\n");
        out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (Run r : runs) {
            Histogram h = r.micros();
            out.append(String.format(Locale.ROOT, "| %s | %d/s | %.0f/s | %s | %s | %s | %s | %s | %s |%n",
                    r.mode(), r.rate(), r.ok() == 0 ? 0.0 : r.ok() / r.completeSeconds(),
                    ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                    r.errors().isEmpty() ? "0" : r.errors().toString()));
        }
        out.append(String.format(Locale.ROOT, "%nPercentiles of the 200 answers; errors by status. %d s per rate "
                        + "after a %d s JVM warm-up on a throwaway node and a %d s warm-up ramped from 100 to 400/s "
                        + "on each node; %d tenants (a budget each, reserves of 1000). One JVM runs the KRaft broker, "
                        + "the ledger (3 partitions, 1 stream thread, exactly_once_v2, commit.interval.ms=20, "
                        + "Ed25519-signed decisions), the audit sink, the bridge and this load generator on %d cores "
                        + "(%s %s).%n", seconds, jvmWarmupSeconds, warmupSeconds, tenants,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
                System.getProperty("java.version")));
        out.append(String.format("Rerun: mvn -B verify -pl standalone -am -Pbenchmark -Dit.test=HttpLatencyBenchmark "
                        + "-Dbench.http.rates=%s -Dbench.http.seconds=%d -Dbench.http.warmup.seconds=%d "
                        + "-Dbench.http.jvm.warmup.seconds=%d -Dbench.http.modes=%s -Dbench.http.tenants=%d%n",
                String.join(",", rates), seconds, warmupSeconds, jvmWarmupSeconds, String.join(",", modes), tenants));
        System.out.print(out);
    }

    private static void delete(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String ms(long micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    private static String token(int tenant) {
        return "pt_bench_t" + tenant;
    }
}
