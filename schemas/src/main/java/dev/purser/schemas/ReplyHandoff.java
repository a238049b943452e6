package dev.purser.schemas;

import dev.purser.schemas.reply.LedgerReply;

/**
 * Hands a reply from the ledger to an HTTP bridge in the same process, before it reaches the reply
 * topic (PROTOCOL.md §8, speculative replies). The ledger still writes every reply to
 * {@code purser.replies}; this only saves the bridge the produce → fetch hop through the broker.
 * Safe for the same reason a read_uncommitted reply is: if the transaction that holds the decision
 * aborts, the command is decided again from the same state and gives the same answer.
 *
 * <p>One instance is shared by the ledger (which calls {@link #offer}) and at most one bridge (which
 * {@link #attach attaches} a listener while it runs in speculative mode). Without a listener an
 * offer costs one volatile read.
 */
public final class ReplyHandoff {
    /** Receives a reply as the ledger wrote it (its body bytes exactly). */
    @FunctionalInterface
    public interface Listener {
        void onReply(LedgerReply reply);
    }

    /** A handoff nobody listens to (tests, and processes without a bridge). */
    public static final ReplyHandoff NONE = new ReplyHandoff();

    private volatile Listener listener;

    /** Called on the ledger's stream thread: must not block. */
    public void offer(LedgerReply reply) {
        Listener current = listener;
        if (current != null && reply.correlationId() != null) {
            current.onReply(reply);
        }
    }

    public void attach(Listener listener) {
        if (this == NONE) {
            throw new IllegalStateException("ReplyHandoff.NONE takes no listener");
        }
        this.listener = listener;
    }

    public void detach() {
        this.listener = null;
    }
}
