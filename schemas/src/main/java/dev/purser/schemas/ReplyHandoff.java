package dev.purser.schemas;

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
    /** Receives a reply's correlation id, HTTP-style status and body bytes exactly as the ledger wrote them. */
    @FunctionalInterface
    public interface Listener {
        void onReply(String correlationId, int status, byte[] body);
    }

    /** A handoff nobody listens to (tests, and processes without a bridge). */
    public static final ReplyHandoff NONE = new ReplyHandoff();

    private volatile Listener listener;

    /** Called on the ledger's stream thread: must not block. */
    public void offer(String correlationId, int status, byte[] body) {
        Listener current = listener;
        if (current != null && correlationId != null) {
            current.onReply(correlationId, status, body);
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
