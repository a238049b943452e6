package dev.purser.client;

import java.util.concurrent.ScheduledFuture;

/** A running {@link Hold#heartbeat}: close it when the work ends (settling the hold stops it too). */
public final class Heartbeat implements AutoCloseable {
    private volatile ScheduledFuture<?> task;
    private volatile int beats;

    void start(ScheduledFuture<?> task) {
        this.task = task;
    }

    void beat() {
        beats++;
    }

    /** How many extends were sent. */
    public int beats() {
        return beats;
    }

    public boolean running() {
        ScheduledFuture<?> t = task;
        return t != null && !t.isDone();
    }

    @Override
    public void close() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
