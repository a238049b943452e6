package dev.purser.conformance;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs the ledger vectors over HTTP against any server that speaks the protocol (docs/CONFORMANCE.md):
 * <pre>
 * java -cp ... dev.purser.conformance.ConformanceMain --url http://127.0.0.1:8080 --tenant acme \
 *     --admin-token &lt;admin token&gt; [--agent-token &lt;agent token&gt;] [--vectors conformance/ledger] [--run &lt;prefix&gt;]
 * </pre>
 * Prints one line per vector (PASS, FAIL with the step and what differed, SKIP with the reason) and
 * exits 0 when none failed, 1 when one did, 2 on a usage error. Options are read with picocli, as
 * every Purser tool's are; {@code --token} is kept as an alias of {@code --admin-token}.
 */
@Command(name = "ConformanceMain", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Runs the conformance vectors over HTTP against a server that speaks the Purser protocol.")
public final class ConformanceMain implements Callable<Integer> {
    @Option(names = "--url", required = true, paramLabel = "<base url>", description = "The server's base URL")
    String url;

    @Option(names = "--tenant", required = true, paramLabel = "<tenant>", description = "The tenant the tokens act for")
    String tenant;

    @Spec
    CommandSpec spec;

    @Option(names = "--admin-token", paramLabel = "<token>",
            description = "An admin token of that tenant (alias: --token)")
    String adminToken;

    @Option(names = "--token", hidden = true)
    void adminTokenAlias(String value) {
        adminToken = value;
    }

    @Option(names = "--agent-token", paramLabel = "<token>", description = "An agent token (default: the admin token)")
    String agentToken;

    @Option(names = "--vectors", paramLabel = "<folder>", description = "The vectors (default: conformance/ledger)")
    Path vectors;

    @Option(names = "--run", paramLabel = "<prefix>", description = "Prefix of this run's ids (default: random)")
    String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConformanceMain()).execute(args));
    }

    @Override
    public Integer call() {
        if (adminToken == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--admin-token=<token>'");
        }
        Path folder = vectors == null ? ConformanceVector.folder("ledger") : vectors;
        return run(ConformanceVector.loadAll(folder), new HttpTarget(url, tenant, adminToken, agentToken), run);
    }

    static int run(List<ConformanceVector> vectors, ConformanceTarget target, String runPrefix) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (ConformanceVector vector : vectors) {
            if (vector.needsClock() && !target.controlsClock()) {
                System.out.println("SKIP " + vector.name() + ": clock: controlled (needs the ledger time set)");
                skipped++;
                continue;
            }
            String failure = runOne(vector, target, runPrefix);
            if (failure == null) {
                System.out.println("PASS " + vector.name());
                passed++;
            } else {
                System.out.println("FAIL " + vector.name() + " " + failure);
                failed++;
            }
        }
        System.out.println(passed + " passed, " + failed + " failed, " + skipped + " skipped");
        return failed == 0 ? 0 : 1;
    }

    private static String runOne(ConformanceVector vector, ConformanceTarget target, String runPrefix) {
        try {
            VectorRun run = new VectorRun(vector, target, runPrefix);
            for (int i = 0; i < vector.steps().size(); i++) {
                List<String> problems = run.step(i);
                if (!problems.isEmpty()) {
                    return "step " + (i + 1) + " (" + vector.steps().get(i).name() + "):\n  "
                            + String.join("\n  ", problems);
                }
            }
            return null;
        } catch (RuntimeException e) {
            return "error: " + e;
        }
    }
}
