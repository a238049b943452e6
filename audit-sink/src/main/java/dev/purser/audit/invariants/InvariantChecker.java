package dev.purser.audit.invariants;

import dev.purser.audit.Violation;
import dev.purser.audit.AuditSources;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.KeyRing;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code check-invariants}: reads a live system's {@code purser.audit} (key = tenant, value = the
 * signed CloudEvent JSON) and {@code purser.replies} (key = tenant, value = the reply JSON), each
 * read_committed from the beginning to the end offsets at start, checks the {@link Invariants} and,
 * given an HTTP bridge and a token, that the balances it reports equal the replayed ones
 * ({@link ReportedBalances}). Prints {@code OK <summary>}, or each violation and
 * {@code FAILED <summary>}.
 * <pre>
 *   check-invariants --jwks &lt;file|url&gt; --bootstrap-servers &lt;host:port&gt; [--http &lt;base url&gt; --token &lt;admin token&gt;]
 * </pre>
 * Exit codes: 0 OK, 1 violations, 2 usage or cannot read. Memory is not bounded: every decision id,
 * signature, correlation id and replayed balance is held in memory (fine for test and moderate
 * production logs; a RocksDB-backed store like {@code LedgerReplay}'s would bound it).
 */
public final class InvariantChecker {
    private static final int PRINTED_VIOLATIONS = 100;

    private InvariantChecker() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String jwks = null;
        String bootstrap = null;
        String http = null;
        String token = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--jwks" -> jwks = value;
                case "--bootstrap-servers" -> bootstrap = value;
                case "--http" -> http = value;
                case "--token" -> token = value;
                default -> {
                    return usage(err);
                }
            }
            i++;
        }
        if (jwks == null || bootstrap == null || (http == null) != (token == null)) {
            return usage(err);
        }
        try (Invariants invariants = new Invariants(KeyRing.fromJwks(AuditSources.readJwks(jwks)))) {
            // Replies are read only up to their committed ends taken *before* the audit topic is read:
            // a reply and its audit event commit in one transaction, so every reply read has its
            // event in the audit read, also on a system still taking commands.
            java.util.Map<Integer, Long> replyEnds = AuditSources.endOffsets(bootstrap, Topics.REPLIES);
            AuditSources.readTopic(bootstrap, Topics.AUDIT, (where, key, value) -> {
                invariants.auditEvent(where, value);
                return true;
            });
            AuditSources.readTopic(bootstrap, Topics.REPLIES, replyEnds, (where, key, value) -> {
                invariants.reply(where, key, value);
                return true;
            });
            invariants.finish();
            String compared = "";
            if (http != null) {
                ReportedBalances.Compared result = new ReportedBalances(http, token).compare(invariants.balances());
                result.violations().forEach(invariants::add);
                compared = String.format("; %d balances compared over HTTP, %d not visible with this token",
                        result.compared(), result.skipped());
            }
            List<Violation> violations = invariants.violations();
            if (violations.isEmpty()) {
                out.println("OK " + invariants.summary() + compared);
                return 0;
            }
            violations.stream().limit(PRINTED_VIOLATIONS).forEach(v -> err.println("VIOLATION " + v));
            if (violations.size() > PRINTED_VIOLATIONS) {
                err.println("... and " + (violations.size() - PRINTED_VIOLATIONS) + " more");
            }
            err.println("FAILED " + invariants.summary() + compared);
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("cannot check: " + e.getMessage());
            return 2;
        }
    }

    private static int usage(PrintStream err) {
        err.println("usage: check-invariants --jwks <file|url> --bootstrap-servers <host:port> "
                + "[--http <base url> --token <admin token>]");
        return 2;
    }

}
