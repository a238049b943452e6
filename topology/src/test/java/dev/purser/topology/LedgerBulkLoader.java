package dev.purser.topology;

import dev.purser.ledger.Ledger;
import dev.purser.ledger.LedgerRules;
import dev.purser.ledger.Outcome;
import dev.purser.ledger.Remembered;
import dev.purser.ledger.DecidedReply;
import dev.purser.schemas.CommandCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Fills a {@link TopologyTestDriver}'s ledger stores fast, for scale runs: each command is parsed
 * and decided by the real {@link Ledger} over the driver's own state stores (through
 * {@link BufferedStores} and {@link StoreLedgerState}, written in batches), and its reply is
 * remembered as the processor would; but nothing is signed, chained or forwarded, and there is
 * no driver commit per record. What it leaves is the state a run of those commands leaves
 * (less the audit chain heads).
 */
final class LedgerBulkLoader {
    private static final byte[] BODY = "{\"bulk\":true}".getBytes(StandardCharsets.UTF_8);
    private final Ledger ledger = new Ledger(LedgerRules.DEFAULTS);
    private final BufferedStores stores;
    private final StoreLedgerState state;
    private long offset = 1_000_000_000_000L;
    private int pending;

    LedgerBulkLoader(TopologyTestDriver driver) {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        for (String name : Stores.ALL) {
            KeyValueStore<String, byte[]> store = driver.getKeyValueStore(name);
            context.addStateStore(store);
        }
        stores = new BufferedStores(context);
        state = new StoreLedgerState(stores);
    }

    /** Decides one command; a refusal is an error (the load must be accepted whole). */
    void decide(String tenant, String json, long time) {
        CommandCodec.Parsed parsed = CommandCodec.parse(json.getBytes(StandardCharsets.UTF_8));
        Outcome outcome = ledger.decide(state, tenant, parsed.command(), parsed.fingerprint(), time,
                new DerivedIds(LedgerDriver.SOURCE, 0, offset++));
        if (!(outcome.reply() instanceof DecidedReply.FromEvent decided) || decided.status() >= 300) {
            throw new IllegalStateException("bulk command decided nothing: " + json + " -> " + outcome.reply());
        }
        if (outcome.rememberAs() != null) {
            state.remember(outcome.rememberAs(), new Remembered(parsed.fingerprint(), 201, BODY),
                    outcome.rememberUntil());
        }
        if (++pending == 1_000) {
            flush();
        }
    }

    void flush() {
        stores.flush();
        pending = 0;
    }
}
