package dev.purser.topology;

import dev.purser.ledger.DeciderVersions;
import dev.purser.ledger.Ledger;
import dev.purser.ledger.LedgerEvent;
import dev.purser.ledger.Outcome;
import dev.purser.ledger.Remembered;
import dev.purser.ledger.DecidedReply;
import dev.purser.schemas.BudgetPath;
import dev.purser.schemas.Command;
import dev.purser.schemas.CommandCodec;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.InvalidRequestException;
import dev.purser.schemas.ReplyHandoff;
import dev.purser.schemas.WireNames;
import dev.purser.schemas.audit.AuditSigner;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's only processor. Input: {@code purser.commands} (key = tenant bytes, value = command
 * JSON bytes, LogAppendTime). For each record it loads state, calls the pure {@link Ledger},
 * stores the result, and forwards signed audit events, one reply, or a dead letter. It decides
 * nothing itself; anything it cannot read goes to the dead-letter topic, never up the stack.
 */
final class LedgerProcessor implements Processor<byte[], byte[], Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerProcessor.class);
    private final DeciderVersions deciders;
    private final AuditSigner signer;
    private final ReplyHandoff handoff;
    private final DeadlineWatch deadlines;
    private int partition;
    private ProcessorContext<Object, Object> context;
    private BufferedStores stores;
    /** The partition's decider: the version its log activated last ({@link DeciderSelection}). */
    private Ledger ledger;

    LedgerProcessor(DeciderVersions deciders, AuditSigner signer, ReplyHandoff handoff, DeadlineWatch deadlines) {
        this.deciders = deciders;
        this.signer = signer;
        this.handoff = handoff;
        this.deadlines = deadlines;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.stores = new BufferedStores(context);
        this.partition = context.taskId().partition();
        SigningKeySelection.checkHeld(stores, signer, partition);
        DeciderSelection.checkHeld(stores, deciders, partition);
        ledger = deciders.decider(DeciderSelection.activeVersion(stores));
        deadlines.hosted(partition);
    }

    @Override
    public void close() {
        deadlines.released(partition);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        IncomingCommand in = IncomingCommand.of(record);
        CommandCodec.Parsed parsed;
        try {
            parsed = CommandCodec.parse(record.value());
        } catch (InvalidRequestException e) {
            deadLetter(in, null, record, e.getMessage(), e.field(), ErrorCode.INVALID_REQUEST);
            return;
        } catch (RuntimeException e) {
            LOG.warn("unreadable command sent to the dead-letter topic: {}", e.toString());
            deadLetter(in, null, record, "unreadable command: " + e.getClass().getSimpleName(), null,
                    ErrorCode.INVALID_REQUEST);
            return;
        }
        try {
            in.checkKey(parsed.command());
        } catch (TenantMismatchException e) {
            deadLetter(in, parsed.command(), record, e.getMessage(), "budget_id", ErrorCode.NOT_FOUND);
            return;
        }
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        if (parsed.command() instanceof Command.DeciderActivated activation) {
            // fail-stop, never a refusal: whether it took must not depend on which build owned the partition
            DeciderSelection.checkActivationHeld(deciders, activation, meta.partition(), meta.offset());
        }
        try {
            decide(in, parsed, record.timestamp(), meta);
        } catch (RuntimeException e) {
            stores.discard();
            LOG.error("command at {}-{} could not be decided; sent to the dead-letter topic", meta.partition(),
                    meta.offset(), e);
            deadLetter(in, parsed.command(), record, "internal error: " + e.getClass().getSimpleName(), null,
                    ErrorCode.UNAVAILABLE);
        }
    }

    private void decide(IncomingCommand in, CommandCodec.Parsed parsed, long time, RecordMetadata meta) {
        StoreLedgerState state = new StoreLedgerState(stores, at -> deadlines.scheduled(partition, at));
        Command command = parsed.command();
        if (command instanceof Command.KeyActivated activation) {
            activateKey(in, activation, time);
            return;
        }
        if (command instanceof Command.DeciderActivated activation) {
            activateDecider(in, activation, time);
            return;
        }
        Outcome outcome = ledger.decide(state, in.tenant(), command, parsed.fingerprint(), time,
                new DerivedIds(signer.source(), meta.partition(), meta.offset()));
        AuditChain chain = new AuditChain(signer, stores);
        List<AuditChain.Chained> signed = new ArrayList<>(outcome.events().size());
        for (LedgerEvent event : outcome.events()) {
            signed.add(chain.append(event));
        }
        RoutedReply reply = null;
        if (!(outcome.reply() instanceof DecidedReply.None)) {
            ReplyRenderer.Rendered rendered = ReplyRenderer.render(outcome.reply(), signed);
            if (outcome.rememberAs() != null) {
                state.remember(outcome.rememberAs(), new Remembered(parsed.fingerprint(), rendered.status(),
                        rendered.body()), outcome.rememberUntil());
            }
            reply = in.reply(WireNames.of(command.verb()), command.idempotencyKey(), rendered);
        }
        stores.flush();
        if (command instanceof Command.Tick) {
            deadlines.recomputed(partition, state.earliestDeadline());
        }
        for (int i = 0; i < signed.size(); i++) {
            SignedAuditEvent event = signed.get(i).event();
            context.forward(new Record<Object, Object>(outcome.events().get(i).tenant(), event, time),
                    LedgerTopology.AUDIT_SINK);
        }
        if (reply != null) {
            forwardReply(in.tenant(), reply, time);
        }
    }

    /** Sends a reply to the reply topic and hands it to a bridge in this process, if one listens. */
    private void forwardReply(String key, RoutedReply reply, long time) {
        context.forward(new Record<Object, Object>(key, reply, time), LedgerTopology.REPLY_SINK);
        handoff.offer(reply.reply());
    }

    /** key_activated: switches this partition's signing key (no audit event, no idempotency record). */
    private void activateKey(IncomingCommand in, Command.KeyActivated activation, long time) {
        DecidedReply refusal = SigningKeySelection.activate(stores, signer, activation);
        ReplyRenderer.Rendered rendered = refusal != null ? ReplyRenderer.render(refusal, List.of())
                : ReplyRenderer.keyActivated(activation.kid(), context.recordMetadata().orElseThrow().partition());
        stores.flush();
        forwardReply(in.tenantOrEmpty(),
                in.reply(WireNames.of(activation.verb()), activation.idempotencyKey(), rendered), time);
    }

    /** decider_activated of a version this instance holds: switches the decider (no audit event, no idempotency record). */
    private void activateDecider(IncomingCommand in, Command.DeciderActivated activation, long time) {
        DeciderSelection.activate(stores, activation);
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        ReplyRenderer.Rendered rendered = ReplyRenderer.deciderActivated(activation.version(), meta.partition());
        stores.flush();
        ledger = deciders.decider(activation.version());
        LOG.info("partition {} decides with decider version {} from offset {} on", meta.partition(),
                activation.version(), meta.offset());
        forwardReply(in.tenantOrEmpty(),
                in.reply(WireNames.of(activation.verb()), activation.idempotencyKey(), rendered), time);
    }

    /** Dead-letters a record and answers it with an error ({@code command} is null when unreadable). */
    private void deadLetter(IncomingCommand in, Command command, Record<byte[], byte[]> record, String reason,
                            String field, ErrorCode code) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        context.forward(DeadLetters.of(record, reason, field, meta), LedgerTopology.DLQ_SINK);
        ReplyRenderer.Rendered rendered = ReplyRenderer.error(code, reason, field, null);
        forwardReply(in.tenantOrEmpty(), in.reply(command == null ? null : WireNames.of(command.verb()),
                command == null ? null : command.idempotencyKey(), rendered), record.timestamp());
    }

    /** A record whose key is not the tenant of the budget it names (PROTOCOL.md §7). */
    static final class TenantMismatchException extends RuntimeException {
        TenantMismatchException(String message) {
            super(message);
        }
    }

    /** The budget a command names, for the record-key check; null for commands naming none. */
    static BudgetPath budgetOf(Command command) {
        if (command instanceof Command.Reserve r) {
            return new BudgetPath(r.budgetId());
        }
        if (command instanceof Command.DefineBudget d) {
            return new BudgetPath(d.budgetId());
        }
        return null;
    }
}
