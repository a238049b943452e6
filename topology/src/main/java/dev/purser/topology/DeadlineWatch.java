package dev.purser.topology;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For each command partition whose ledger task runs in this instance: a time at or before the
 * earliest deadline in its deadline index, so that the {@link Ticker} sends a tick only when one can
 * expire something, instead of every few seconds to every idle partition.
 *
 * <p>It is a <em>lower bound</em>, kept cheaply: scheduling a deadline lowers it; cancelling one
 * (a commit or release) leaves it where it was, which costs at most one needless tick, after which
 * the task, having processed the tick, sets it to the exact earliest deadline again. A task that has
 * just started is "unknown", which counts as due. Written by stream threads, read by the ticker.
 * Nothing here decides anything: ticks are records in the command log like any other.
 */
public final class DeadlineWatch {
    private static final long UNKNOWN = Long.MIN_VALUE;
    private final ConcurrentHashMap<Integer, Long> earliest = new ConcurrentHashMap<>();

    /** A task for {@code partition} started here; its earliest deadline is not known yet. */
    void hosted(int partition) {
        earliest.put(partition, UNKNOWN);
    }

    /** The task for {@code partition} left this instance. */
    void released(int partition) {
        earliest.remove(partition);
    }

    /** A deadline at {@code at} was scheduled on {@code partition}. */
    void scheduled(int partition, long at) {
        earliest.computeIfPresent(partition, (p, known) -> Math.min(known, at));
    }

    /** The exact earliest deadline of {@code partition} ({@link Long#MAX_VALUE}: none). */
    void recomputed(int partition, long at) {
        earliest.computeIfPresent(partition, (p, known) -> at);
    }

    /** Whether a tick at wall-clock time {@code now} may find something due on {@code partition}. */
    public boolean due(int partition, long now) {
        Long at = earliest.get(partition);
        return at != null && at < now;
    }

    /** The partitions whose tasks run here. */
    public Set<Integer> partitions() {
        return Set.copyOf(earliest.keySet());
    }
}
