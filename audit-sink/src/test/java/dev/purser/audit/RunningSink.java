package dev.purser.audit;

import dev.purser.schemas.audit.KeyRing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * An {@link AuditSink} running on its own thread in this JVM, with its own alarm producer and
 * meter registry, for the integration tests. {@link #outcome} tells how its run ended (a simulated
 * crash ends it with the exception its hook threw).
 */
final class RunningSink implements AutoCloseable {
    final AuditSink sink;
    final Alarms alarms;
    private final KafkaProducer<String, byte[]> alarmProducer;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "audit-sink-test"));
    private final Future<?> run;

    RunningSink(Path dir, String bootstrapServers, KeyRing keys, long segmentBytes, AuditSink.SinkHooks hooks)
            throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        alarmProducer = Alarms.producer(props);
        alarms = new Alarms(alarmProducer, new SimpleMeterRegistry());
        sink = new AuditSink(dir, bootstrapServers, keys, alarms, segmentBytes, hooks);
        sink.open();
        run = thread.submit(sink);
    }

    /** Waits until the run ended and returns what ended it (null: it was closed). */
    Throwable outcome(Duration timeout) throws InterruptedException, TimeoutException {
        try {
            run.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    boolean running() {
        return !run.isDone();
    }

    /** Stops the sink cleanly if it still runs (its last poll is completed and checkpointed) and waits for it. */
    @Override
    public void close() {
        if (running()) {
            sink.close();
        }
        try {
            outcome(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            throw new IllegalStateException("the sink did not stop", e);
        } finally {
            thread.shutdownNow();
            alarmProducer.close(Duration.ofSeconds(5));
        }
    }

    /** Waits until {@code condition} holds, checking every 5 ms. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    /** True when the checkpoint of {@code dir} covers every offset in {@code lastOffsets} (partition → offset). */
    static boolean caughtUp(Path dir, Map<Integer, Long> lastOffsets) {
        Map<Integer, Checkpoint.Position> positions = Checkpoint.read(dir).partitions();
        return lastOffsets.entrySet().stream().allMatch(e -> positions.containsKey(e.getKey())
                && positions.get(e.getKey()).lastOffset() >= e.getValue());
    }
}
