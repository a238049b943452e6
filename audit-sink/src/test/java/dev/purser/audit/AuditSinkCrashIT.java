package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.topology.AuditedLedger;
import dev.purser.topology.CommandJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink stopped dead between the steps of a commit (append → fsync → checkpoint → offsets), then
 * a new sink started on the same folder: the files end up holding every event of
 * {@code purser.audit} exactly once, byte for byte and in order, and {@code verify} says OK. The
 * events come from the real ledger on a real broker; one shared audit topic, a new folder per test.
 * The last test runs the sink in a child JVM and kills it with SIGKILL.
 */
class AuditSinkCrashIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long SEGMENT_BYTES = 64 * 1024;
    private static AuditedLedger ledger;
    private static KeyRing keys;
    private static Path jwks;
    private static int eventsInTopic;
    private static final AtomicInteger COMMANDS = new AtomicInteger();

    /** What a hook throws to stop the sink dead at a step. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String step) {
            super("simulated crash at " + step);
        }
    }

    @BeforeAll
    static void startLedger() throws Exception {
        ledger = new AuditedLedger();
        ledger.start();
        keys = new KeyRing(List.of(ledger.genesisKey().publicKey()));
        jwks = SinkFolder.jwks(ledger.dir().resolve("jwks.json"), keys.keys());
    }

    @AfterAll
    static void stopLedger() {
        ledger.close();
    }

    @Test
    void shouldHoldEveryEventOnceWhenTheSinkDiesAfterAppending() throws Exception {
        crashAtAndResume("appended");
    }

    @Test
    void shouldHoldEveryEventOnceWhenTheSinkDiesAfterTheFsync() throws Exception {
        crashAtAndResume("synced");
    }

    @Test
    void shouldHoldEveryEventOnceWhenTheSinkDiesAfterTheCheckpointBeforeCommittingOffsets() throws Exception {
        crashAtAndResume("checkpointed");
    }

    @Test
    void shouldHoldEveryEventOnceWhenTheSinkProcessIsKilledWithSigkill() throws Exception {
        Path folder = ledger.dir().resolve("sink-sigkill");
        produce("kill", 3, 300);
        Process first = startSinkProcess(folder, "first");
        RunningSink.await("the child sink is in the middle of a batch (appended, not yet checkpointed)", WAIT,
                () -> Files.exists(folder.resolve(Checkpoint.FILE)) && bytesPastTheCheckpointNow(folder) > 0);

        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
        System.out.printf("SIGKILL left %d bytes past the checkpoint%n", bytesPastTheCheckpoint(folder));
        produce("kill-more", 3, 40);

        Process second = startSinkProcess(folder, "second");
        try {
            List<ConsumerRecord<String, byte[]>> records = allEvents();
            RunningSink.await("the restarted child sink caught up", WAIT,
                    () -> RunningSink.caughtUp(folder, TopicCopy.lastOffsets(records)));
            second.destroyForcibly();
            second.waitFor(30, TimeUnit.SECONDS);
            assertExactlyOnceAndVerified(folder, records);
        } finally {
            second.destroyForcibly();
        }
    }

    private void crashAtAndResume(String step) throws Exception {
        Path folder = ledger.dir().resolve("sink-" + step);
        produce(step, 3, 40);
        AtomicInteger reached = new AtomicInteger();
        AuditSink.SinkHooks crashOnSecondCommit = at -> {
            if (at.equals(step) && reached.incrementAndGet() == 2) {
                throw new SimulatedCrash(step);
            }
        };
        try (RunningSink crashing = new RunningSink(folder, ledger.bootstrapServers(), keys, SEGMENT_BYTES,
                crashOnSecondCommit)) {
            RunningSink.await("the first commit", WAIT, () -> reached.get() >= 1
                    && crashing.sink.eventsWritten() > 0);
            produce(step + "-more", 3, 40);
            assertThat(crashing.outcome(WAIT)).isInstanceOf(SimulatedCrash.class);
        }
        assertStateAtTheCrash(folder, step);
        tearTheLastLine(folder);

        List<ConsumerRecord<String, byte[]>> records = allEvents();
        try (RunningSink resumed = new RunningSink(folder, ledger.bootstrapServers(), keys, SEGMENT_BYTES,
                AuditSink.SinkHooks.NONE)) {
            RunningSink.await("the new sink caught up", WAIT,
                    () -> RunningSink.caughtUp(folder, TopicCopy.lastOffsets(records)));
            assertThat(resumed.alarms.count()).as("alarms of the resumed sink").isZero();
        }
        assertExactlyOnceAndVerified(folder, records);
    }

    /** Before the checkpoint, the files hold more than it covers; after it, exactly what it covers. */
    private static void assertStateAtTheCrash(Path folder, String step) throws IOException {
        if (step.equals("checkpointed")) {
            assertThat(bytesPastTheCheckpoint(folder)).as("bytes past the checkpoint at a crash after it").isZero();
        } else {
            assertThat(bytesPastTheCheckpoint(folder)).as("bytes past the checkpoint at a crash before it")
                    .isPositive();
        }
    }

    private static long bytesPastTheCheckpointNow(Path folder) {
        try {
            return bytesPastTheCheckpoint(folder);
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /** What the segment files hold beyond what the checkpoint covers. */
    private static long bytesPastTheCheckpoint(Path folder) throws IOException {
        Checkpoint checkpoint = Checkpoint.read(folder);
        long covered = 0;
        long written = 0;
        for (Path segment : SinkFolder.segments(folder)) {
            written += Files.size(segment);
            String name = segment.getFileName().toString();
            int partition = Integer.parseInt(name.substring(1, name.indexOf('-')));
            Checkpoint.Position position = checkpoint.partitions().get(partition);
            if (position != null && name.compareTo(position.segment()) < 0) {
                covered += Files.size(segment);
            } else if (position != null && name.equals(position.segment())) {
                covered += position.length();
            }
        }
        return written - covered;
    }

    /** What a crash in the middle of a write leaves: half a line past the checkpoint. */
    private static void tearTheLastLine(Path folder) throws IOException {
        List<Path> segments = SinkFolder.segments(folder);
        Files.write(segments.get(segments.size() - 1), "{\"specversion\":\"1.0\",\"id\":\"torn".getBytes(
                StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    private static void assertExactlyOnceAndVerified(Path folder, List<ConsumerRecord<String, byte[]>> records) {
        TopicCopy.assertHoldsExactly(folder, records);
        TopicCopy.Verified verified = TopicCopy.verify("--jwks", jwks.toString(), folder.toString());
        assertThat(verified.err()).isEmpty();
        assertThat(verified.out()).startsWith("OK " + records.size() + " events, ");
        assertThat(verified.exitCode()).isZero();
    }

    /**
     * {@code tenants} new tenants, each: a budget, then {@code pairs} reserves each followed by its
     * commit — one audit event per command. Waits for every reply.
     */
    private static synchronized void produce(String prefix, int tenants, int pairs) {
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < tenants; t++) {
            String tenant = prefix + "-t" + t;
            ids.add(send(tenant, CommandJson.define("d", tenant, "1000000000")));
            for (int i = 0; i < pairs; i++) {
                ids.add(send(tenant, CommandJson.reserve("r" + i, tenant, "100", "run-" + i)));
                ids.add(send(tenant, CommandJson.commit("c" + i, "run-" + i, "60")));
            }
        }
        ledger.flush();
        Map<String, ?> replies = ledger.awaitReplies(ids, WAIT);
        assertThat(replies).hasSize(ids.size());
        eventsInTopic += ids.size();
    }

    private static String send(String tenant, JsonNode command) {
        String id = "cmd-" + COMMANDS.incrementAndGet();
        ledger.send(tenant, command, id);
        return id;
    }

    private static List<ConsumerRecord<String, byte[]>> allEvents() {
        List<ConsumerRecord<String, byte[]>> records = ledger.auditRecords(eventsInTopic, WAIT);
        assertThat(records).hasSize(eventsInTopic);
        return records;
    }

    private static Process startSinkProcess(Path folder, String name) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, SinkProcess.class.getName(),
                folder.toString(), ledger.bootstrapServers(), jwks.toString(), Long.toString(SEGMENT_BYTES))
                .redirectErrorStream(true)
                .redirectOutput(ledger.dir().resolve("sink-process-" + name + ".log").toFile())
                .start();
        assertThat(process.isAlive()).isTrue();
        return process;
    }
}
