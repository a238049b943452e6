package dev.purser.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The load generator's entry point ({@code ./purser-load} or
 * {@code java -jar loadgen/target/purser-loadgen.jar}): {@code kafka} drives {@code purser.commands} and
 * {@code purser.replies} directly, {@code http} drives the HTTP bridge, {@code credentials} writes a
 * credentials file of many tenants for Purser, {@code compare} runs the whole comparison table
 * ({@link Comparison}). Prints the settings, then the {@link Report} (a table and one JSON line);
 * exits 1 when a request failed or was answered unexpectedly, 2 on bad flags.
 * docs/BENCHMARKS.md has the commands and the figures.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) {
        int exit;
        try {
            List<Map<String, Object>> summaries = run(args, System.out);
            exit = summaries.stream().anyMatch(s -> ((Number) s.get("errors")).longValue() > 0) ? 1 : 0;
        } catch (IllegalArgumentException e) {
            System.err.println("purser-load: " + e.getMessage());
            exit = 2;
        } catch (Exception e) {
            System.err.println("purser-load: " + e);
            exit = 1;
        }
        System.exit(exit);
    }

    /**
     * Runs one mode and returns the JSON summary of each level (one per value of a {@code --rate} or
     * {@code --concurrency} list; none for {@code credentials}; the one comparison for {@code compare}).
     */
    public static List<Map<String, Object>> run(String[] args, PrintStream out) throws Exception {
        if (args.length > 0 && args[0].equals("compare")) {
            return List.of(new Comparison(CompareSettings.parse(args), List.of(args), out).run());
        }
        LoadSettings settings = LoadSettings.parse(args);
        if (settings.mode().equals("credentials")) {
            Path file = Path.of(settings.get("out"));
            TenantTokens.write(file, settings.tenantPrefix(), settings.tenants());
            out.println("wrote " + settings.tenants() + " tenants (" + settings.tenantPrefix() + "0..) to " + file
                    + "; start Purser with --http.credentials.file=" + file.toAbsolutePath());
            return List.of();
        }
        String runId = Long.toString(System.currentTimeMillis(), 36);
        Target target = connect(settings, runId);
        out.println("purser-load " + String.join(" ", args));
        out.println("settings: " + settings.describe());
        List<Map<String, Object>> summaries = new ArrayList<>();
        try (Transport transport = target.transport()) {
            transport.start();
            long pid = purserPid(settings, transport);
            List<LoadSettings> levels = settings.levels();
            for (int i = 0; i < levels.size(); i++) {
                LoadSettings level = levels.get(i);
                String levelId = levels.size() == 1 ? runId : runId + "-" + i;
                out.printf("run %s (%s): %d tenants x %d teams x %d agents, purser pid %s; defining budgets, then"
                                + " %s s warm-up and %s s measured%n", levelId,
                        level.openLoop() ? "rate " + level.get("rate") : "concurrency " + level.concurrency(),
                        target.tenants().size(), level.teams(), level.agents(),
                        pid < 0 ? "unknown (use --pid)" : Long.toString(pid), level.get("warmup"),
                        level.get("duration"));
                Map<String, Object> summary = measure(level, levelId, target, pid, List.of(args));
                Report.print(summary, out);
                appendJson(level.get("json-out"), Report.json(summary));
                summaries.add(summary);
            }
            return summaries;
        }
    }

    /** The tenants a run loads and the transport that reaches Purser (not started yet). */
    record Target(List<String> tenants, Transport transport) {
    }

    /** The tenants and the transport of a {@code kafka} or {@code http} run. */
    static Target connect(LoadSettings settings, String runId) throws IOException {
        if (settings.mode().equals("kafka")) {
            List<String> tenants = new ArrayList<>();
            for (int i = 0; i < settings.tenants(); i++) {
                tenants.add(settings.tenantPrefix() + i);
            }
            return new Target(tenants, new KafkaTransport(settings, runId));
        }
        Map<String, TenantTokens.Tokens> tokens = httpTokens(settings);
        Transport transport = settings.httpClient().equals("jdk") ? new HttpTransport(settings, tokens)
                : new RawHttpTransport(settings, tokens);
        return new Target(new ArrayList<>(tokens.keySet()), transport);
    }

    /**
     * One level on a started transport: fresh budgets (run id {@code levelId}), warm-up, measurement;
     * returns its {@link Report#summary} without printing it.
     */
    static Map<String, Object> measure(LoadSettings level, String levelId, Target target, long pid, List<String> args)
            throws InterruptedException {
        String startedAt = Instant.now().toString();
        Workload workload = new Workload(level, target.tenants(), levelId);
        LoadRunner.Result result = new LoadRunner(level, target.transport(), workload, pid).run();
        return Report.summary(level, args, target.transport().describe(), result, startedAt);
    }

    /** Appends one line to {@code file} (nothing when it is empty: no {@code --json-out}). */
    static void appendJson(String file, String line) throws IOException {
        if (!file.isEmpty()) {
            Files.writeString(Path.of(file), line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }

    private static Map<String, TenantTokens.Tokens> httpTokens(LoadSettings settings) throws IOException {
        if (!settings.get("admin-token").isEmpty() || !settings.get("agent-token").isEmpty()) {
            return Map.of(settings.get("tenant"),
                    new TenantTokens.Tokens(settings.get("admin-token"), settings.get("agent-token")));
        }
        String given = settings.get("http.credentials.file");
        Path file = given.isEmpty() ? settings.dataDir().resolve("keys").resolve("credentials") : Path.of(given);
        return TenantTokens.read(file);
    }

    static long purserPid(LoadSettings settings, Transport transport) {
        if (!settings.get("pid").isEmpty()) {
            return Long.parseLong(settings.get("pid"));
        }
        OptionalLong found = ProcessStats.pidListeningOn(transport.purserPort());
        return found.orElse(-1);
    }
}
