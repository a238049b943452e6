package dev.purser.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code purser-load compare}: the whole comparison table of issue 11 against a running Purser, one
 * row after the other ({@link CompareRow}). A load row is {@code --passes} runs of the ordinary
 * generator ({@link LoadGenerator#measure}, each pass with fresh budgets, on one transport per row),
 * of which the pass with the lower throughput is kept; after each pass of the Kafka-native row it
 * waits for the audit sink ({@link AuditSinkCatchUp}). The idle row measures Purser's CPU over
 * {@code --idle-seconds} without load after {@code --settle-seconds}; the RSS row reads its
 * {@code VmHWM} (peak since it started). Prints a line per pass, then {@link CompareReport}'s table
 * and JSON line.
 */
final class Comparison {
    static final String RULE = "each load row runs --passes times (each pass with fresh budgets, --warmup s"
            + " unreported, --duration s measured); the pass with the LOWER throughput is kept, all its figures;"
            + " errors are those of every pass";

    private final CompareSettings settings;
    private final List<String> args;
    private final PrintStream out;
    private CompareSettings.HttpTenant httpTenant;

    Comparison(CompareSettings settings, List<String> args, PrintStream out) {
        this.settings = settings;
        this.args = List.copyOf(args);
        this.out = out;
    }

    /** Runs every selected row; prints and returns the JSON summary. */
    Map<String, Object> run() throws Exception {
        String startedAt = Instant.now().toString();
        checkTargets();
        long pid = purserPid();
        out.println("purser-load " + String.join(" ", args));
        out.println("rows: " + String.join(",", settings.rows().stream().map(r -> r.id).toList()) + "; purser pid "
                + (pid < 0 ? "unknown (use --pid)" : pid));
        out.println("rule: " + RULE);
        jvmWarmup(pid);
        List<RowOutcome> outcomes = new ArrayList<>();
        for (CompareRow row : settings.rows()) {
            outcomes.add(switch (row.kind) {
                case HTTP, KAFKA -> loadRow(row, pid);
                case IDLE -> idleRow(pid);
                case RSS -> RowOutcome.ofProcess(row, settings.label(row), -1,
                        pid < 0 ? -1 : ProcessStats.statusMiB(pid, "VmHWM"));
            });
        }
        Map<String, Object> summary = CompareReport.summary(settings, args, startedAt, pid, httpTenant, outcomes);
        CompareReport.print(summary, outcomes, out);
        LoadGenerator.appendJson(settings.get("json-out"), CompareReport.json(summary));
        return summary;
    }

    private RowOutcome loadRow(CompareRow row, long pid) throws Exception {
        List<String> flags = settings.loadArgs(row, row.kind == CompareRow.Kind.HTTP ? httpTenant()
                : CompareSettings.HttpTenant.NONE);
        LoadSettings load = LoadSettings.parse(flags.toArray(String[]::new));
        List<String> shown = masked(flags);
        String runId = Long.toString(System.currentTimeMillis(), 36) + "-" + row.id;
        LoadGenerator.Target target = LoadGenerator.connect(load, runId);
        List<RowOutcome> passes = new ArrayList<>();
        try (Transport transport = target.transport();
             AuditSinkCatchUp sink = row.kind == CompareRow.Kind.KAFKA
                     ? new AuditSinkCatchUp(load.bootstrapServers(), settings.auditDir()) : null) {
            transport.start();
            long rowPid = pid >= 0 ? pid : LoadGenerator.purserPid(load, transport);
            for (int pass = 1; pass <= settings.passes(); pass++) {
                out.printf(Locale.ROOT, "%s pass %d/%d: %s%n", row.id, pass, settings.passes(),
                        String.join(" ", shown));
                Map<String, Object> summary = LoadGenerator.measure(load, runId + "-" + pass, target, rowPid, shown);
                AuditSinkCatchUp.Result caughtUp = sink == null ? null
                        : sink.await(settings.sinkWaitSeconds(), System.nanoTime());
                RowOutcome outcome = RowOutcome.ofPass(row, settings.label(row), summary, caughtUp);
                out.printf(Locale.ROOT, "  %.1f %s, p50 %.2f ms, p99 %.2f ms, Purser %.2f cores, errors %d%s%n",
                        outcome.throughput(), row.figure.unit, outcome.p50Ms(), outcome.p99Ms(), outcome.cores(),
                        outcome.errors(), caughtUp == null ? "" : "; " + caughtUp.describe());
                passes.add(outcome);
            }
        }
        return RowOutcome.lowest(passes);
    }

    /**
     * Unreported load before the first row, when an HTTP row is selected: at a few hundred requests a
     * second the JIT needs minutes to compile what a decision runs (docs/BENCHMARKS.md), and a row
     * measured before that measures the compiler.
     */
    private void jvmWarmup(long pid) throws Exception {
        boolean http = settings.rows().stream().anyMatch(r -> r.kind == CompareRow.Kind.HTTP);
        if (settings.jvmWarmupSeconds() <= 0 || !http) {
            return;
        }
        List<String> flags = settings.jvmWarmupArgs(httpTenant());
        LoadSettings load = LoadSettings.parse(flags.toArray(String[]::new));
        out.printf(Locale.ROOT, "JIT warm-up: %.0f s of pairs at 16 clients, not reported%n", settings.jvmWarmupSeconds());
        LoadGenerator.Target target = LoadGenerator.connect(load, Long.toString(System.currentTimeMillis(), 36) + "-jit");
        try (Transport transport = target.transport()) {
            transport.start();
            LoadGenerator.measure(load, "jit", target, pid >= 0 ? pid : LoadGenerator.purserPid(load, transport),
                    masked(flags));
        }
    }

    private RowOutcome idleRow(long pid) throws InterruptedException {
        out.printf(Locale.ROOT, "idle: %.0f s settle, then %.0f s without load%n", settings.settleSeconds(),
                settings.idleSeconds());
        Thread.sleep((long) (settings.settleSeconds() * 1000));
        ResourceUse.Start start = ResourceUse.start(pid);
        Thread.sleep((long) (settings.idleSeconds() * 1000));
        ResourceUse use = start.end();
        double cores = use.cpuPercent() < 0 ? -1 : use.cpuPercent() / 100;
        out.printf(Locale.ROOT, "  Purser %.3f cores%n", cores);
        return RowOutcome.ofProcess(CompareRow.IDLE, settings.label(CompareRow.IDLE), cores, use.peakRssMiB());
    }

    /** Fails before the first row when the credentials or the broker a selected row needs are missing. */
    private void checkTargets() {
        for (CompareRow row : settings.rows()) {
            if (row.kind == CompareRow.Kind.HTTP) {
                httpTenant();
            } else if (row.kind == CompareRow.Kind.KAFKA) {
                kafkaSettings().bootstrapServers();
            }
        }
    }

    private LoadSettings kafkaSettings() {
        return LoadSettings.parse(settings.loadArgs(CompareRow.KAFKA, CompareSettings.HttpTenant.NONE)
                .toArray(String[]::new));
    }

    /** The HTTP rows' tenant and tokens, read once from the credentials file. */
    private CompareSettings.HttpTenant httpTenant() {
        if (httpTenant == null) {
            try {
                httpTenant = settings.httpTenant(TenantTokens.read(settings.credentialsFile()));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the credentials " + settings.credentialsFile() + " ("
                        + e + "); pass --data.dir of the running Purser, or --http.credentials.file");
            }
        }
        return httpTenant;
    }

    /** {@code --pid}, else the process listening on the HTTP port, else on the broker port; -1 if none. */
    private long purserPid() {
        if (!settings.get("pid").isEmpty()) {
            return Long.parseLong(settings.get("pid"));
        }
        URI url = URI.create(settings.get("url"));
        var http = ProcessStats.pidListeningOn(url.getPort() > 0 ? url.getPort() : 80);
        if (http.isPresent()) {
            return http.getAsLong();
        }
        try {
            String broker = kafkaSettings().bootstrapServers();
            return ProcessStats.pidListeningOn(Integer.parseInt(broker.substring(broker.lastIndexOf(':') + 1)))
                    .orElse(-1);
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** The flags with the tokens' values replaced, to be shown and kept in the report. */
    static List<String> masked(List<String> flags) {
        List<String> shown = new ArrayList<>(flags);
        for (int i = 0; i + 1 < shown.size(); i++) {
            if (shown.get(i).endsWith("-token")) {
                shown.set(i + 1, "(hidden)");
            }
        }
        return shown;
    }
}
