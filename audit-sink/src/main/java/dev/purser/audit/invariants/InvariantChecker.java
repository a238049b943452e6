package dev.purser.audit.invariants;

import dev.purser.audit.Violation;
import dev.purser.audit.AuditSources;
import dev.purser.audit.ToolArguments;
import dev.purser.schemas.KafkaClientSettings;
import dev.purser.schemas.Topics;
import dev.purser.schemas.audit.KeyRing;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code check-invariants} (options: {@link InvariantCheckArguments}): reads a live system's {@code purser.audit} (key = tenant, value = the
 * signed CloudEvent JSON) and {@code purser.replies} (key = tenant, value = the reply JSON), each
 * read_committed from the beginning to the end offsets at start, checks the {@link Invariants} and,
 * given an HTTP bridge and a token, that the balances it reports equal the replayed ones
 * ({@link ReportedBalances}). Prints {@code OK <summary>}, or each violation and
 * {@code FAILED <summary>}.
 * <pre>
 *   check-invariants --jwks &lt;file|url&gt; --bootstrap.servers &lt;host:port&gt; [--kafka-config &lt;file&gt;]
 *                    [--url &lt;base url&gt; --admin-token &lt;admin token&gt;]
 * </pre>
 * {@code --kafka-config}: Kafka client security settings, as for {@code verify}.
 *
 * <p>Balances change by time too (a reservation expires without a command), so on a live system a
 * balance read after the audit log may be ahead of it. When balances differ and the audit topic
 * has grown since it was read (committed or still open), the whole check runs again, up to 3 times;
 * a difference with a log that did not move is reported at once.
 * Exit codes: 0 OK, 1 violations, 2 usage or cannot read. Memory is not bounded: every decision id,
 * signature, correlation id and replayed balance is held in memory (fine for test and moderate
 * production logs; a RocksDB-backed store like {@code LedgerReplay}'s would bound it).
 */
public final class InvariantChecker {
    private static final int PRINTED_VIOLATIONS = 100;
    /** Passes when balances differ while the audit log grows (balances change by time too: expiries). */
    private static final int ATTEMPTS = 3;

    private InvariantChecker() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        InvariantCheckArguments options = new InvariantCheckArguments();
        int exit = ToolArguments.read(options, args, out, err);
        if (exit >= 0) {
            return exit;
        }
        String jwks = options.source.jwks();
        String bootstrap = options.source.bootstrapServers();
        String http = options.url;
        String token = options.adminToken;
        try {
            KeyRing keys = KeyRing.fromJwks(AuditSources.readJwks(jwks));
            KafkaClientSettings kafka = options.source.kafkaClient();
            for (int attempt = 1; ; attempt++) {
                Outcome outcome = check(keys, bootstrap, kafka, http, token);
                if (!outcome.balancesMayBeStale() || attempt == ATTEMPTS) {
                    return report(outcome, out, err);
                }
                err.println("balances differ while the audit log is still growing (attempt " + attempt + " of "
                        + ATTEMPTS + "): checking again");
            }
        } catch (IOException | RuntimeException e) {
            err.println("cannot check: " + e.getMessage());
            return 2;
        }
    }

    /**
     * What one pass found. {@code balancesMayBeStale}: some reported balance differs from the replay
     * and the audit topic held more (committed or open) after the balances were read than when it was
     * read, so the balance may have changed in between (an expiry, a command in flight).
     */
    private record Outcome(List<Violation> violations, String summary, boolean balancesMayBeStale) {
    }

    private static Outcome check(KeyRing keys, String bootstrap, KafkaClientSettings kafka, String http, String token)
            throws IOException {
        try (Invariants invariants = new Invariants(keys)) {
            // Replies are read only up to their committed ends taken *before* the audit topic is read:
            // a reply and its audit event commit in one transaction, so every reply read has its
            // event in the audit read, also on a system still taking commands.
            Map<Integer, Long> replyEnds = AuditSources.endOffsets(bootstrap, kafka, Topics.REPLIES.name());
            Map<Integer, Long> auditEnds = AuditSources.endOffsets(bootstrap, kafka, Topics.AUDIT.name());
            AuditSources.readTopic(bootstrap, kafka, Topics.AUDIT.name(), auditEnds, (where, key, value) -> {
                invariants.auditEvent(where, value);
                return true;
            });
            AuditSources.readTopic(bootstrap, kafka, Topics.REPLIES.name(), replyEnds, (where, key, value) -> {
                invariants.reply(where, key, value);
                return true;
            });
            invariants.finish();
            String compared = "";
            boolean balancesMayBeStale = false;
            if (http != null) {
                ReportedBalances.Compared result = new ReportedBalances(http, token).compare(invariants.balances());
                result.violations().forEach(invariants::add);
                balancesMayBeStale = !result.violations().isEmpty()
                        && !AuditSources.highWatermarks(bootstrap, kafka, Topics.AUDIT.name()).equals(auditEnds);
                compared = String.format("; %d balances compared over HTTP, %d not visible with this token",
                        result.compared(), result.skipped());
            }
            return new Outcome(invariants.violations(), invariants.summary() + compared, balancesMayBeStale);
        }
    }

    private static int report(Outcome outcome, PrintStream out, PrintStream err) {
        List<Violation> violations = outcome.violations();
        if (violations.isEmpty()) {
            out.println("OK " + outcome.summary());
            return 0;
        }
        violations.stream().limit(PRINTED_VIOLATIONS).forEach(v -> err.println("VIOLATION " + v));
        if (violations.size() > PRINTED_VIOLATIONS) {
            err.println("... and " + (violations.size() - PRINTED_VIOLATIONS) + " more");
        }
        if (outcome.balancesMayBeStale()) {
            err.println("the audit log grew during each of " + ATTEMPTS + " attempts: a balance difference may be "
                    + "a change in flight; check again when the system is quiet");
        }
        err.println("FAILED " + outcome.summary());
        return 1;
    }
}
