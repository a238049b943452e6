package dev.purser.loadgen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The flags of {@code purser-load compare} (see {@link #USAGE}; {@code --rows} picks rows by
 * {@link CompareRow#select}) and the generator flags each row's runs get from them
 * ({@link #loadArgs}). The rows that mimic a plain comparison (reserve-only, pairs, open loop) run
 * with {@code --deny-fraction 0 --replay-fraction 0}, one budget (one team of two agents, agent
 * {@code a0} unused) of one tenant, and holds of {@code --reserve-ttl-ms} (an hour, so that no hold
 * expires while the comparison runs); the Kafka-native row runs the default mix.
 */
final class CompareSettings {
    static final String USAGE = """
            usage: purser-load compare [--flag value ...]
              runs the comparison table of issue 11 against a running Purser and prints one table and one
              JSON line ({"purser_compare":1,...})
            rows:        --rows all | a list of %s
            durations:   --warmup 5 --duration 20 (seconds, per pass) --passes 2 (each load row runs that
                         often; the pass with the LOWER throughput is kept, all of its figures)
                         --idle-seconds 30 --settle-seconds 5 (no load before the idle window)
                         --jvm-warmup 60 (seconds of unreported load, pairs at 16 clients, before the
                         first row, so that the JIT has compiled the hot paths; 0: none)
            http rows:   --url http://127.0.0.1:8080 --http.credentials.file <file> (default <data.dir>/keys/credentials)
                         --tenant <the file's only tenant, else demo> --reserve-ttl-ms 3600000
            kafka row:   --bootstrap.servers H:P (default: the embedded broker of --data.dir)
                         --kafka-tenants 16 --kafka-concurrency 256
                         --audit-dir <data.dir>/audit --sink-wait-seconds 30 (how long to wait for the audit
                         sink's checkpoint to reach the end of purser.audit after each pass)
            measuring:   --data.dir ./purser-data --pid <purser pid> (default: the process listening on the
                         HTTP, else the broker port) --timeout-ms 10000 --json-out <file> (append the JSON line)
            earlier spellings kept as aliases: --bootstrap-servers, --data-dir, --credentials
            """.formatted(CompareRow.ids());

    private static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> values;
    private final List<CompareRow> rows;

    private CompareSettings(Map<String, String> values, List<CompareRow> rows) {
        this.values = values;
        this.rows = rows;
    }

    static CompareSettings parse(String[] args) {
        if (args.length == 0 || !args[0].equals("compare")) {
            throw new IllegalArgumentException("first argument must be compare\n" + USAGE);
        }
        if (List.of(args).contains("--help")) {
            throw new IllegalArgumentException(USAGE);
        }
        Map<String, String> values = Flags.parse(args, DEFAULTS, USAGE);
        CompareSettings settings = new CompareSettings(values, CompareRow.select(values.get("rows")));
        settings.validate();
        return settings;
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("rows", "all");
        d.put("warmup", "5");
        d.put("duration", "20");
        d.put("passes", "2");
        d.put("idle-seconds", "30");
        d.put("settle-seconds", "5");
        d.put("jvm-warmup", "60");
        d.put("url", "http://127.0.0.1:8080");
        d.put("http.credentials.file", "");
        d.put("tenant", "");
        d.put("reserve-ttl-ms", "3600000");
        d.put("bootstrap.servers", "");
        d.put("kafka-tenants", "16");
        d.put("kafka-concurrency", "256");
        d.put("audit-dir", "");
        d.put("sink-wait-seconds", "30");
        d.put("data.dir", "./purser-data");
        d.put("pid", "");
        d.put("timeout-ms", "10000");
        d.put("json-out", "");
        return d;
    }

    /** The one tenant the HTTP rows load, with its tokens. */
    record HttpTenant(String id, TenantTokens.Tokens tokens) {
        static final HttpTenant NONE = new HttpTenant("demo", new TenantTokens.Tokens("", ""));
    }

    /**
     * Picks the HTTP rows' tenant among those of the credentials file: {@code --tenant}, else the only
     * one, else {@code demo}.
     */
    HttpTenant httpTenant(Map<String, TenantTokens.Tokens> inFile) {
        String wanted = get("tenant");
        if (wanted.isEmpty()) {
            wanted = inFile.size() == 1 ? inFile.keySet().iterator().next() : "demo";
        }
        TenantTokens.Tokens tokens = inFile.get(wanted);
        if (tokens == null) {
            throw new IllegalArgumentException(credentialsFile() + " has no admin and agent token of tenant " + wanted
                    + (get("tenant").isEmpty() ? " (pick one of " + String.join(",", inFile.keySet().stream().sorted()
                    .toList()) + " with --tenant)" : ""));
        }
        return new HttpTenant(wanted, tokens);
    }

    private void validate() {
        if (passes() < 1 || durationSeconds() <= 0 || warmupSeconds() < 0 || idleSeconds() <= 0
                || jvmWarmupSeconds() < 0
                || settleSeconds() < 0 || sinkWaitSeconds() < 0) {
            throw new IllegalArgumentException("need --passes >= 1, --duration and --idle-seconds > 0, "
                    + "--warmup, --settle-seconds and --sink-wait-seconds >= 0");
        }
        for (CompareRow row : rows) {
            if (row.isLoad()) {
                LoadSettings.parse(loadArgs(row, HttpTenant.NONE).toArray(String[]::new));
            }
        }
    }

    /** The generator flags of one pass of a load row ({@code tenant}: the HTTP rows' tenant). */
    List<String> loadArgs(CompareRow row, HttpTenant tenant) {
        List<String> a = new ArrayList<>();
        if (row.kind == CompareRow.Kind.KAFKA) {
            a.addAll(List.of("kafka", "--data.dir", get("data.dir"), "--tenants", get("kafka-tenants"),
                    "--concurrency", get("kafka-concurrency")));
            if (!get("bootstrap.servers").isEmpty()) {
                a.addAll(List.of("--bootstrap.servers", get("bootstrap.servers")));
            }
        } else {
            a.addAll(List.of("http", "--url", get("url"), "--admin-token", tenant.tokens().admin(), "--agent-token",
                    tenant.tokens().agent(), "--tenant", tenant.id(), "--teams", "1", "--agents", "2",
                    "--deny-fraction", "0", "--replay-fraction", "0", "--reserve-ttl-ms", get("reserve-ttl-ms")));
        }
        a.addAll(row.loadArgs());
        a.addAll(List.of("--warmup", get("warmup"), "--duration", get("duration"), "--timeout-ms", get("timeout-ms")));
        return a;
    }

    /** Seconds of unreported load before the first row (the JIT's warm-up). */
    double jvmWarmupSeconds() {
        return Double.parseDouble(get("jvm-warmup"));
    }

    /** The generator flags of the JIT warm-up: pairs at 16 clients, all of it unreported warm-up. */
    List<String> jvmWarmupArgs(HttpTenant tenant) {
        List<String> a = new ArrayList<>(loadArgs(CompareRow.PAIRS_16, tenant));
        int warmup = a.indexOf("--warmup");
        a.subList(warmup, warmup + 4).clear();
        a.addAll(List.of("--warmup", get("jvm-warmup"), "--duration", "1"));
        return a;
    }

    /** The row's name in the table ({@code kafka} says how many tenants). */
    String label(CompareRow row) {
        return row == CompareRow.KAFKA ? "Kafka-native, " + get("kafka-tenants") + " tenants" : row.label;
    }

    List<CompareRow> rows() {
        return rows;
    }

    String get(String key) {
        return values.get(key);
    }

    int passes() {
        return Integer.parseInt(get("passes"));
    }

    double warmupSeconds() {
        return Double.parseDouble(get("warmup"));
    }

    double durationSeconds() {
        return Double.parseDouble(get("duration"));
    }

    double idleSeconds() {
        return Double.parseDouble(get("idle-seconds"));
    }

    double settleSeconds() {
        return Double.parseDouble(get("settle-seconds"));
    }

    double sinkWaitSeconds() {
        return Double.parseDouble(get("sink-wait-seconds"));
    }

    Path dataDir() {
        return Path.of(get("data.dir"));
    }

    Path credentialsFile() {
        return get("http.credentials.file").isEmpty() ? dataDir().resolve("keys").resolve("credentials")
                : Path.of(get("http.credentials.file"));
    }

    Path auditDir() {
        return get("audit-dir").isEmpty() ? dataDir().resolve("audit") : Path.of(get("audit-dir"));
    }

    /** Every flag, defaults included. */
    Map<String, String> describe() {
        return new LinkedHashMap<>(values);
    }
}
