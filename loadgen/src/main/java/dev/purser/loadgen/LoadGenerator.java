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
 * credentials file of many tenants for Purser. Prints the settings, then the {@link Report} (a table
 * and one JSON line); exits 1 when a request failed or was answered unexpectedly, 2 on bad flags.
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
     * {@code --concurrency} list; none for {@code credentials}).
     */
    public static List<Map<String, Object>> run(String[] args, PrintStream out) throws Exception {
        LoadSettings settings = LoadSettings.parse(args);
        if (settings.mode().equals("credentials")) {
            Path file = Path.of(settings.get("out"));
            TenantTokens.write(file, settings.tenantPrefix(), settings.tenants());
            out.println("wrote " + settings.tenants() + " tenants (" + settings.tenantPrefix() + "0..) to " + file
                    + "; start Purser with --http.credentials.file=" + file.toAbsolutePath());
            return List.of();
        }
        String runId = Long.toString(System.currentTimeMillis(), 36);
        List<String> tenants;
        Transport transport;
        if (settings.mode().equals("kafka")) {
            tenants = new ArrayList<>();
            for (int i = 0; i < settings.tenants(); i++) {
                tenants.add(settings.tenantPrefix() + i);
            }
            transport = new KafkaTransport(settings, runId);
        } else {
            Map<String, TenantTokens.Tokens> tokens = httpTokens(settings);
            tenants = new ArrayList<>(tokens.keySet());
            transport = settings.httpClient().equals("jdk") ? new HttpTransport(settings, tokens)
                    : new RawHttpTransport(settings, tokens);
        }
        out.println("purser-load " + String.join(" ", args));
        out.println("settings: " + settings.describe());
        List<Map<String, Object>> summaries = new ArrayList<>();
        try (transport) {
            transport.start();
            long pid = purserPid(settings, transport);
            List<LoadSettings> levels = settings.levels();
            for (int i = 0; i < levels.size(); i++) {
                LoadSettings level = levels.get(i);
                String levelId = levels.size() == 1 ? runId : runId + "-" + i;
                out.printf("run %s (%s): %d tenants x %d teams x %d agents, purser pid %s; defining budgets, then"
                                + " %s s warm-up and %s s measured%n", levelId,
                        level.openLoop() ? "rate " + level.get("rate") : "concurrency " + level.concurrency(),
                        tenants.size(), level.teams(), level.agents(),
                        pid < 0 ? "unknown (use --pid)" : Long.toString(pid), level.get("warmup"),
                        level.get("duration"));
                String startedAt = Instant.now().toString();
                Workload workload = new Workload(level, tenants, levelId);
                LoadRunner.Result result = new LoadRunner(level, transport, workload, pid).run();
                Map<String, Object> summary = Report.summary(level, List.of(args), transport.describe(), result,
                        startedAt);
                Report.print(summary, out);
                String jsonOut = level.get("json-out");
                if (!jsonOut.isEmpty()) {
                    Files.writeString(Path.of(jsonOut), Report.json(summary) + "\n", StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
                summaries.add(summary);
            }
            return summaries;
        }
    }

    private static Map<String, TenantTokens.Tokens> httpTokens(LoadSettings settings) throws IOException {
        if (!settings.get("admin-token").isEmpty() || !settings.get("agent-token").isEmpty()) {
            return Map.of(settings.get("tenant"),
                    new TenantTokens.Tokens(settings.get("admin-token"), settings.get("agent-token")));
        }
        Path file = settings.get("credentials").isEmpty() ? settings.dataDir().resolve("keys").resolve("credentials")
                : Path.of(settings.get("credentials"));
        return TenantTokens.read(file);
    }

    private static long purserPid(LoadSettings settings, Transport transport) {
        if (!settings.get("pid").isEmpty()) {
            return Long.parseLong(settings.get("pid"));
        }
        OptionalLong found = ProcessStats.pidListeningOn(transport.purserPort());
        return found.orElse(-1);
    }
}
