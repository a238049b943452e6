package dev.purser.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Store access as the ledger does it: Kafka Streams' persistent (RocksDB, default options) key-value
 * store of String keys and byte[] values, without the record cache and without a changelog, holding
 * {@code size} reservation-like records ({@code tenant U+001F reservation id} → 600 bytes, 1,000
 * tenants). Plus the deadline index read that every decision makes: a range scan from the start of
 * the index to "now" that finds nothing due, on a clean index and on one whose first 100,000 entries
 * were deleted (tombstones a scan must step over until compaction drops them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StoreBenchmark {
    private static final int TENANTS = 1_000;
    private static final int DELETED = 100_000;

    @Param({"1000000"})
    public int size;

    private Path dir;
    private KeyValueStore<String, byte[]> reservations;
    private KeyValueStore<String, byte[]> deadlines;
    private KeyValueStore<String, byte[]> deadlinesWithTombstones;
    private final byte[] value = new byte[600];
    private final SplittableRandom random = new SplittableRandom(42);
    private String nowBound;

    @Setup(Level.Trial)
    @SuppressWarnings("deprecation") // StateStore.flush(): writes the memtables out so the reads below hit RocksDB files
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("purser-jmh-store");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "purser-jmh-store");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>(props, new TaskId(0, 0), dir.toFile());
        reservations = open(context, "reservations");
        deadlines = open(context, "deadlines");
        deadlinesWithTombstones = open(context, "deadlines-tombstoned");
        java.util.Arrays.fill(value, (byte) 'x');
        List<KeyValue<String, byte[]>> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            batch.add(KeyValue.pair(reservationKey(i), value));
            if (batch.size() == 10_000) {
                reservations.putAll(batch);
                batch.clear();
            }
        }
        reservations.putAll(batch);
        long base = 1_800_000_000_000L;
        for (KeyValueStore<String, byte[]> index : List.of(deadlines, deadlinesWithTombstones)) {
            batch.clear();
            for (int i = 0; i < size; i++) {
                batch.add(KeyValue.pair(deadlineKey(base + i), new byte[] {1}));
                if (batch.size() == 10_000) {
                    index.putAll(batch);
                    batch.clear();
                }
            }
            index.putAll(batch);
        }
        for (int i = 0; i < DELETED; i++) {
            deadlinesWithTombstones.delete(deadlineKey(base + i));
        }
        reservations.flush();
        deadlines.flush();
        deadlinesWithTombstones.flush();
        nowBound = String.format(Locale.ROOT, "%016x", base + DELETED);
    }

    private static KeyValueStore<String, byte[]> open(MockProcessorContext<Object, Object> context, String name) {
        KeyValueStore<String, byte[]> store = org.apache.kafka.streams.state.Stores.keyValueStoreBuilder(
                org.apache.kafka.streams.state.Stores.persistentKeyValueStore(name), Serdes.String(),
                Serdes.ByteArray()).withLoggingDisabled().withCachingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        return store;
    }

    private static String reservationKey(int i) {
        return "tenant-" + (i % TENANTS) + Stores.SEP + "res-" + i;
    }

    private static String deadlineKey(long at) {
        return String.format(Locale.ROOT, "%016x", at) + "E" + "tenant" + Stores.SEP + "res";
    }

    @Benchmark
    public byte[] getHit() {
        return reservations.get(reservationKey(random.nextInt(size)));
    }

    @Benchmark
    public byte[] getMiss() {
        return reservations.get(reservationKey(size + random.nextInt(size)));
    }

    @Benchmark
    public String putOverwrite() {
        String key = reservationKey(random.nextInt(size));
        reservations.put(key, value);
        return key;
    }

    /** The per-decision "what is due?" scan when nothing is due, on a clean deadline index. */
    @Benchmark
    public int dueScanNothingDue() {
        return count(deadlines, "0000000000000000");
    }

    /** The same scan when 100,000 deadlines below "now" were deleted and not yet compacted away. */
    @Benchmark
    public int dueScanOverTombstones() {
        return count(deadlinesWithTombstones, nowBound);
    }

    private static int count(KeyValueStore<String, byte[]> store, String bound) {
        int n = 0;
        try (KeyValueIterator<String, byte[]> it = store.range("", bound)) {
            while (it.hasNext()) {
                it.next();
                n++;
            }
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        reservations.close();
        deadlines.close();
        deadlinesWithTombstones.close();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
