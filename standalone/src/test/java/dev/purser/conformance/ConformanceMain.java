package dev.purser.conformance;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs the ledger vectors over HTTP against any server that speaks the protocol (docs/CONFORMANCE.md):
 * <pre>
 * java -cp ... dev.purser.conformance.ConformanceMain --url http://127.0.0.1:8080 --tenant acme \
 *     --token &lt;admin token&gt; [--agent-token &lt;agent token&gt;] [--vectors conformance/ledger] [--run &lt;prefix&gt;]
 * </pre>
 * Prints one line per vector (PASS, FAIL with the step and what differed, SKIP with the reason) and
 * exits 0 when none failed, 1 when one did, 2 on a usage error. Flags are parsed here and nowhere else.
 */
public final class ConformanceMain {
    private ConformanceMain() {
    }

    public static void main(String[] args) {
        String url = null;
        String tenant = null;
        String token = null;
        String agentToken = null;
        String vectors = null;
        String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--url" -> url = value;
                case "--tenant" -> tenant = value;
                case "--token" -> token = value;
                case "--agent-token" -> agentToken = value;
                case "--vectors" -> vectors = value;
                case "--run" -> run = value;
                default -> usage("unknown argument " + args[i]);
            }
            i++;
        }
        if (url == null || tenant == null || token == null || run == null) {
            usage("--url, --tenant and --token are required");
        }
        Path folder = vectors == null ? ConformanceVector.folder("ledger") : Path.of(vectors);
        System.exit(run(ConformanceVector.loadAll(folder), new HttpTarget(url, tenant, token, agentToken), run));
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

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: ConformanceMain --url <base url> --tenant <tenant> --token <admin token> "
                + "[--agent-token <token>] [--vectors <folder>] [--run <prefix>]");
        System.exit(2);
    }
}
