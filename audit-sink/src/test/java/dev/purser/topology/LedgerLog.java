package dev.purser.topology;

import static dev.purser.topology.CommandJson.commit;
import static dev.purser.topology.CommandJson.define;
import static dev.purser.topology.CommandJson.extend;
import static dev.purser.topology.CommandJson.keyActivated;
import static dev.purser.topology.CommandJson.refund;
import static dev.purser.topology.CommandJson.release;
import static dev.purser.topology.CommandJson.reserve;
import static dev.purser.topology.CommandJson.tick;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.ledger.LedgerRules;
import dev.purser.schemas.Json;
import dev.purser.schemas.audit.SigningKey;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;

/**
 * A real audit log made by the real topology under TopologyTestDriver ({@link LedgerDriver}):
 * three tenants ({@code acme}, {@code beta}, {@code gamma}), every audit event type (reserve ALLOW,
 * ALLOW_WITH_CAPS and DENY, commit, late_commit, release, refund, extend, ttl_expired,
 * overage_rejected, overage_charged, replay_rejected, reconciliation_gap, budget_defined), and a
 * signing-key rotation ({@code key_activated}) in the middle: events before it carry the genesis
 * kid, events after it the second key's.
 */
public final class LedgerLog {
    /** One audit record as the ledger produced it: key = tenant, value = the signed CloudEvent JSON. */
    public record AuditRecord(String tenant, byte[] value) {
    }

    private final LedgerDriver ledger;
    private long now = LedgerDriver.T0;
    private int sent;

    private LedgerLog(LedgerDriver ledger) {
        this.ledger = ledger;
    }

    /** The CloudEvents {@code source} of the events. */
    public static String source() {
        return LedgerDriver.SOURCE;
    }

    /** Runs the scenario; {@code genesis} signs until {@code next} is activated. */
    public static List<AuditRecord> generate(SigningKey genesis, SigningKey next) {
        try (LedgerDriver driver = new LedgerDriver(List.of(genesis, next), LedgerRules.DEFAULTS)) {
            LedgerLog log = new LedgerLog(driver);
            log.run(next.kid());
            return driver.auditRecords().stream().map(LedgerLog::toRecord).toList();
        }
    }

    private static AuditRecord toRecord(TestRecord<String, byte[]> record) {
        return new AuditRecord(record.key(), record.value());
    }

    private void run(String nextKid) {
        send("acme", define("acme-v1", "acme", "1000000"));
        send("acme", define("eng-v1", "acme/eng", "100000").put("period", "day"));
        send("acme", define("od-v1", "acme/od", "1000").put("overage_policy", "allow_with_overdraft")
                .put("overdraft_limit", "5000"));
        send("acme", define("reject-v1", "acme/reject", "1000").put("overage_policy", "reject"));
        send("beta", define("beta-v1", "beta", "500000"));
        send("gamma", define("gamma-v1", "gamma", "500000"));
        send("gamma", define("bot-v1", "gamma/bot", "1000"));
        everydayTraffic(0, 8);

        send("acme", reserve("res-1", "acme/eng", "100", "run-1"));
        send("acme", commit("com-1", "run-1", "60"));
        send("acme", reserve("res-2", "acme/eng", "100", "run-2").put("ttl_ms", 1000));
        now += 2000;
        send("acme", commit("com-2", "run-2", "100"));
        send("acme", reserve("res-3", "acme/eng", "100", "run-3"));
        send("acme", release("rel-3", "run-3").put("reason", "cancelled"));
        send("acme", reserve("res-4", "acme/od", "1000", "run-4"));
        send("acme", commit("com-4", "run-4", "1200"));
        send("acme", refund("ref-4a", "run-4", "r1", "150").put("reason", "provider credit"));
        send("acme", refund("ref-4b", "run-4", "r2", "50"));
        send("acme", reserve("res-5", "acme/reject", "100", "run-5"));
        send("acme", commit("com-5", "run-5", "150"));

        send(null, keyActivated("rotate-1", nextKid));

        send("acme", reserve("res-6", "acme/eng", "100", "run-6"));
        send("acme", extend("ext-6", "run-6", 30_000));
        send("acme", commit("com-6", "run-6", "100"));
        send("acme", reserve("res-1", "acme/eng", "999", "run-1"));
        send("acme", reserve("res-7", "acme/eng", "10000000", null));
        send("gamma", reserve("cap-1", "gamma/bot", "5000", "cap-1").put("min_amount", "100"));
        send("gamma", release("cap-1-rel", "cap-1"));
        everydayTraffic(8, 16);
        send("acme", reserve("res-8", "acme/eng", "100", "run-8").put("ttl_ms", 1000));
        now += 1000 + 30_000 + 2;
        send(null, tick());
        send("acme", commit("com-8", "run-8", "50").set("usage", Json.MAPPER.createObjectNode().put("input_tokens", 1200)));
        everydayTraffic(16, 24);
    }

    /** beta and gamma: reserve, then commit, release, or extend and commit. */
    private void everydayTraffic(int from, int to) {
        for (int i = from; i < to; i++) {
            for (String tenant : List.of("beta", "gamma")) {
                String id = "run-" + i;
                send(tenant, reserve("r-" + i, tenant, Integer.toString(100 + i), id));
                switch (i % 3) {
                    case 0 -> send(tenant, commit("c-" + i, id, Integer.toString(70 + i)));
                    case 1 -> send(tenant, release("l-" + i, id));
                    default -> {
                        send(tenant, extend("e-" + i, id, 10_000));
                        send(tenant, commit("c-" + i, id, Integer.toString(100 + i)));
                    }
                }
            }
        }
    }

    private void send(String tenant, ObjectNode command) {
        ledger.send(tenant, command.toString(), now++, "c-" + (++sent));
    }
}
