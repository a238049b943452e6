package dev.purser.loadgen;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latency of a reserve + commit pair ({@code --mix pairs}): from the reserve's send (its intended
 * send time in an open loop) to the answer of the commit of that reservation. An allowed reserve that
 * will be committed leaves its send time here; its commit's expected answer takes it back and yields
 * the pair's latency (report row {@value #LABEL}, so pairs/s is that row's rate). A deny, a failed
 * reserve or a failed commit yields no pair. Thread-safe.
 */
final class PairLatency {
    static final String LABEL = "pair";
    /** No pair completed by this answer. */
    static final long NONE = -1;

    private final Map<String, Long> reserveSent = new ConcurrentHashMap<>();

    /**
     * Takes note of an answer, before the workload queues the follow-up; returns the pair's latency in
     * nanoseconds when this is the expected answer of a commit whose reserve was seen, else {@link #NONE}.
     */
    long answered(LoadRequest request, int status, boolean expected, long sentNanos, long nowNanos) {
        switch (request.kind()) {
            case RESERVE -> {
                if (expected && status == 200 && request.plan() == LoadRequest.Plan.COMMIT) {
                    reserveSent.put(request.reservationId(), sentNanos);
                }
                return NONE;
            }
            case COMMIT -> {
                Long sent = reserveSent.remove(request.reservationId());
                return sent == null || !expected ? NONE : nowNanos - sent;
            }
            default -> {
                return NONE;
            }
        }
    }

    /** Reserves whose commit has not been answered yet. */
    int open() {
        return reserveSent.size();
    }
}
