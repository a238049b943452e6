package dev.purser.audit;

import dev.purser.schemas.audit.KeyRing;
import java.util.Map;

/**
 * Verifies a whole audit log, event by event in log order, stopping at the first violation:
 * signatures and chains ({@link ChainVerifier}), unique decision ids and a consistent replayed
 * ledger ({@link LedgerReplay}), and — given the heads a sink recorded — that nothing was cut off
 * the end of any tenant's chain.
 */
public final class AuditLogVerification implements AutoCloseable {
    private final ChainVerifier chains;
    private final LedgerReplay ledger = new LedgerReplay();
    private final Map<String, ChainHead> expectedHeads;
    private long events;
    private String firstTime;
    private String lastTime;

    /** {@code expectedHeads}: chain heads a sink saw (empty map: no cut-off check). */
    public AuditLogVerification(KeyRing keys, Map<String, ChainHead> expectedHeads) {
        this.chains = new ChainVerifier(keys);
        this.expectedHeads = expectedHeads;
    }

    /** Checks one event; returns the violation or null. */
    public Violation accept(String where, byte[] line) {
        ChainVerifier.Checked checked = chains.check(where, line);
        if (!checked.ok()) {
            return checked.violation();
        }
        String tenant = checked.data().path("tenant").asText();
        long seq = checked.data().path("chain").path("seq").asLong();
        String type = checked.event().type();
        String problem = ledger.apply(type.substring(type.lastIndexOf('.') + 1), checked.data());
        if (problem != null) {
            return new Violation(where, tenant, seq, problem);
        }
        ChainHead expected = expectedHeads.get(tenant);
        if (expected != null && expected.seq() == seq && !expected.hash().equals(chains.heads().get(tenant).hash())) {
            return new Violation(where, tenant, seq, "differs from the event the sink recorded at this seq");
        }
        events++;
        if (firstTime == null || checked.event().time().compareTo(firstTime) < 0) {
            firstTime = checked.event().time();
        }
        if (lastTime == null || checked.event().time().compareTo(lastTime) > 0) {
            lastTime = checked.event().time();
        }
        return null;
    }

    /** After the last event: every chain reaches at least the head the sink recorded. */
    public Violation finish(String where) {
        for (Map.Entry<String, ChainHead> expected : new java.util.TreeMap<>(expectedHeads).entrySet()) {
            ChainHead seen = chains.heads().get(expected.getKey());
            long seenSeq = seen == null ? 0 : seen.seq();
            if (seenSeq < expected.getValue().seq()) {
                return new Violation(where, expected.getKey(), seenSeq + 1, "the log ends at seq " + seenSeq
                        + " but the sink recorded seq " + expected.getValue().seq() + " (events cut off the end)");
            }
        }
        return null;
    }

    public String summary() {
        return String.format("%d events, %d tenants, first %s, last %s, keys used %s", events, chains.heads().size(),
                firstTime, lastTime, chains.kidsUsed());
    }

    public long events() {
        return events;
    }

    @Override
    public void close() {
        ledger.close();
    }
}
