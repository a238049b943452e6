package dev.purser.loadgen;

import dev.purser.broker.BrokerPorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings of one run, from {@code --key value} or {@code --key=value} flags (see {@link #USAGE}).
 * Every setting has a default, and {@link #describe()} prints them all, so a report always says
 * exactly what was run.
 */
final class LoadSettings {
    static final String USAGE = """
            usage: purser-load <kafka|http|credentials|compare> [--flag value ...]
              kafka        drive purser.commands / purser.replies directly
              http         drive the HTTP bridge
              credentials  write a credentials file of --tenants tenants (admin + agent each) to --out,
                           for Purser's --http.credentials.file
              compare      run the whole comparison table of issue 11 (purser-load compare --help)
            load shape:   --rate R (open loop, requests/s, latency from the intended send time)
                          | --concurrency N (closed loop: N requests outstanding; the default, 64)
                          a list (--rate 250,500,1000 or --concurrency 16,64,256) runs one level after
                          the other, each with its own budgets, warm-up and report
                          --duration 30 --warmup 5 (seconds) --timeout-ms 10000
                          --max-outstanding 4096 (open loop: past it, due requests are not sent but
                          counted as GENERATOR_BACKLOG errors)
            workload:     --tenants 16 (kafka; http: the tenants of the credentials) --teams 4 --agents 8
                          --mix reserve-commit|reserve-only|pairs --deny-fraction 0.10 --replay-fraction 0.01
                          --release-fraction 0.03 --expire-fraction 0.02 --amount-min 1000 --amount-max 100000
                          --reserve-ttl-ms 60000 --dry-limit 5000 --tenant-prefix lg
                          (pairs: every allowed reserve is followed by its commit, and row "pair" has the
                          latency from the reserve's send to the commit's answer)
            kafka:        --bootstrap.servers H:P (default: the embedded broker of --data.dir)
                          --http.reply.mode speculative|committed --http.reply.partition -1 (the last)
                          --linger-ms 1
            http:         --url http://127.0.0.1:8080 --http.credentials.file <file>
                          (default <data.dir>/keys/credentials)
                          | --admin-token T --agent-token T --tenant demo
                          --http-client raw|jdk (raw: a pool of plain keep-alive connections; jdk: java.net.http)
                          --connections <n> (raw; default the concurrency, or 128 in an open loop)
            measuring:    --data.dir ./purser-data --pid <purser pid> (default: the process listening on the
                          broker or HTTP port) --json-out <file> (append the JSON summary line)
            credentials:  --tenants 16 --out loadgen-credentials
            flags named like Purser's configuration keys also take their earlier spelling: --bootstrap-servers,
            --data-dir, --credentials, --reply-mode, --reply-partition (docs/CONFIGURATION.md)
            """;

    private static final Set<String> MODES = Set.of("kafka", "http", "credentials");
    private static final Map<String, String> DEFAULTS = defaults();

    private final String mode;
    private final Map<String, String> values;

    private LoadSettings(String mode, Map<String, String> values) {
        this.mode = mode;
        this.values = values;
    }

    static LoadSettings parse(String[] args) {
        if (args.length == 0 || !MODES.contains(args[0])) {
            throw new IllegalArgumentException("first argument must be kafka, http, credentials or compare\n" + USAGE);
        }
        Map<String, String> values = Flags.parse(args, DEFAULTS, USAGE);
        LoadSettings settings = new LoadSettings(args[0], values);
        for (LoadSettings level : settings.levels()) {
            level.validate();
        }
        return settings;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("rate", "");
        d.put("concurrency", "");
        d.put("duration", "30");
        d.put("warmup", "5");
        d.put("timeout-ms", "10000");
        d.put("max-outstanding", "4096");
        d.put("tenants", "16");
        d.put("teams", "4");
        d.put("agents", "8");
        d.put("mix", "reserve-commit");
        d.put("deny-fraction", "0.10");
        d.put("replay-fraction", "0.01");
        d.put("release-fraction", "0.03");
        d.put("expire-fraction", "0.02");
        d.put("amount-min", "1000");
        d.put("amount-max", "100000");
        d.put("reserve-ttl-ms", "60000");
        d.put("dry-limit", "5000");
        d.put("tenant-prefix", "lg");
        d.put("bootstrap.servers", "");
        d.put("http.reply.mode", "speculative");
        d.put("http.reply.partition", "-1");
        d.put("linger-ms", "1");
        d.put("url", "http://127.0.0.1:8080");
        d.put("http.credentials.file", "");
        d.put("admin-token", "");
        d.put("agent-token", "");
        d.put("tenant", "demo");
        d.put("http-client", "raw");
        d.put("connections", "");
        d.put("data.dir", "./purser-data");
        d.put("pid", "");
        d.put("json-out", "");
        d.put("out", "loadgen-credentials");
        return d;
    }

    private void validate() {
        if (openLoop() && concurrencyGiven()) {
            throw new IllegalArgumentException("--rate (open loop) and --concurrency (closed loop) exclude each other");
        }
        if (openLoop() && rate() <= 0) {
            throw new IllegalArgumentException("--rate must be positive");
        }
        if (concurrency() < 1 || teams() < 1 || agents() < 2 || tenants() < 1) {
            throw new IllegalArgumentException("--concurrency, --teams, --tenants must be >= 1 and --agents >= 2 "
                    + "(agent a0 of each team is the one that runs dry)");
        }
        if (!Set.of("reserve-commit", "reserve-only", "pairs").contains(mix())) {
            throw new IllegalArgumentException("--mix must be reserve-commit, reserve-only or pairs");
        }
        if (!httpClient().equals("raw") && !httpClient().equals("jdk")) {
            throw new IllegalArgumentException("--http-client must be raw or jdk");
        }
        if (connections() < 1) {
            throw new IllegalArgumentException("--connections must be >= 1");
        }
        if (!replyMode().equals("speculative") && !replyMode().equals("committed")) {
            throw new IllegalArgumentException("--http.reply.mode must be speculative or committed");
        }
        if (amountMin() < 1 || amountMax() < amountMin()) {
            throw new IllegalArgumentException("need 1 <= --amount-min <= --amount-max");
        }
        if (releaseFraction() + expireFraction() > 1 || denyFraction() > 1 || replayFraction() > 1) {
            throw new IllegalArgumentException("fractions must be within 0..1");
        }
    }

    /** One settings per value of a {@code --rate} or {@code --concurrency} list (just this one otherwise). */
    List<LoadSettings> levels() {
        String key = openLoop() ? "rate" : "concurrency";
        String list = values.get(key);
        if (!list.contains(",")) {
            return List.of(this);
        }
        List<LoadSettings> levels = new ArrayList<>();
        for (String level : list.split(",")) {
            Map<String, String> copy = new LinkedHashMap<>(values);
            copy.put(key, level.trim());
            levels.add(new LoadSettings(mode, copy));
        }
        return levels;
    }

    String mode() {
        return mode;
    }

    String get(String key) {
        return values.get(key);
    }

    boolean openLoop() {
        return !values.get("rate").isEmpty();
    }

    private boolean concurrencyGiven() {
        return !values.get("concurrency").isEmpty();
    }

    double rate() {
        return openLoop() ? Double.parseDouble(values.get("rate")) : 0;
    }

    int concurrency() {
        return concurrencyGiven() ? Integer.parseInt(values.get("concurrency")) : 64;
    }

    double durationSeconds() {
        return Double.parseDouble(values.get("duration"));
    }

    double warmupSeconds() {
        return Double.parseDouble(values.get("warmup"));
    }

    long timeoutMs() {
        return Long.parseLong(values.get("timeout-ms"));
    }

    String httpClient() {
        return values.get("http-client").toLowerCase(Locale.ROOT);
    }

    /**
     * Connections of the raw HTTP client: {@code --connections}, else the (largest) concurrency, else 128
     * (open loop).
     */
    int connections() {
        String given = values.get("connections");
        if (!given.isEmpty()) {
            return Integer.parseInt(given);
        }
        return openLoop() ? 128 : levels().stream().mapToInt(LoadSettings::concurrency).max().orElse(64);
    }

    int maxOutstanding() {
        return Integer.parseInt(values.get("max-outstanding"));
    }

    int tenants() {
        return Integer.parseInt(values.get("tenants"));
    }

    int teams() {
        return Integer.parseInt(values.get("teams"));
    }

    int agents() {
        return Integer.parseInt(values.get("agents"));
    }

    String mix() {
        return values.get("mix").toLowerCase(Locale.ROOT);
    }

    double denyFraction() {
        return Double.parseDouble(values.get("deny-fraction"));
    }

    double replayFraction() {
        return Double.parseDouble(values.get("replay-fraction"));
    }

    double releaseFraction() {
        return Double.parseDouble(values.get("release-fraction"));
    }

    double expireFraction() {
        return Double.parseDouble(values.get("expire-fraction"));
    }

    long amountMin() {
        return Long.parseLong(values.get("amount-min"));
    }

    long amountMax() {
        return Long.parseLong(values.get("amount-max"));
    }

    long reserveTtlMs() {
        return Long.parseLong(values.get("reserve-ttl-ms"));
    }

    long dryLimit() {
        return Long.parseLong(values.get("dry-limit"));
    }

    String tenantPrefix() {
        return values.get("tenant-prefix");
    }

    String replyMode() {
        return values.get("http.reply.mode").toLowerCase(Locale.ROOT);
    }

    int replyPartition() {
        return Integer.parseInt(values.get("http.reply.partition"));
    }

    int lingerMs() {
        return Integer.parseInt(values.get("linger-ms"));
    }

    Path dataDir() {
        return Path.of(values.get("data.dir"));
    }

    /** {@code --bootstrap.servers}, else the embedded broker's port as kept in {@code data.dir/kafka}. */
    String bootstrapServers() {
        String given = values.get("bootstrap.servers");
        if (!given.isEmpty()) {
            return given;
        }
        Path kafkaDir = dataDir().resolve("kafka");
        return BrokerPorts.bootstrapServers(kafkaDir).orElseThrow(() -> new IllegalArgumentException(
                "no --bootstrap.servers and no embedded broker has run in " + kafkaDir));
    }

    /** All settings, defaults included, as {@code key=value} in a fixed order. */
    Map<String, String> describe() {
        Map<String, String> shown = new LinkedHashMap<>();
        shown.put("mode", mode);
        shown.put("loop", openLoop() ? "open" : "closed");
        values.forEach((k, v) -> {
            if (k.endsWith("token")) {
                shown.put(k, v.isEmpty() ? "" : "(hidden)");
            } else if (k.equals("concurrency")) {
                shown.put(k, openLoop() ? "" : concurrencyGiven() ? v : "64");
            } else if (k.equals("connections")) {
                shown.put(k, Integer.toString(connections()));
            } else {
                shown.put(k, v);
            }
        });
        return shown;
    }
}
