package dev.purser.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The ledger's stores with a write buffer: one command's writes are kept in memory and reach the
 * stores only on {@link #flush()}, so a command that fails half-way changes nothing.
 */
final class BufferedStores {
    private static final byte[] DELETED = new byte[0];
    private final Map<String, KeyValueStore<String, byte[]>> stores = new HashMap<>();
    private final Map<String, TreeMap<String, byte[]>> pending = new HashMap<>();

    BufferedStores(ProcessorContext<?, ?> context) {
        for (String name : Stores.ALL) {
            stores.put(name, context.getStateStore(name));
            pending.put(name, new TreeMap<>());
        }
    }

    Optional<byte[]> get(String store, String key) {
        byte[] buffered = pending.get(store).get(key);
        if (buffered != null) {
            return buffered == DELETED ? Optional.empty() : Optional.of(buffered);
        }
        return Optional.ofNullable(stores.get(store).get(key));
    }

    void put(String store, String key, byte[] value) {
        pending.get(store).put(key, value);
    }

    void delete(String store, String key) {
        pending.get(store).put(key, DELETED);
    }

    /** Entries whose key starts with {@code prefix}, in key order, buffered writes included. */
    List<KeyValue<String, byte[]>> prefix(String store, String prefix) {
        TreeMap<String, byte[]> merged = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> it = stores.get(store).prefixScan(prefix, new StringSerializer())) {
            it.forEachRemaining(kv -> merged.put(kv.key, kv.value));
        }
        pending.get(store).subMap(prefix, prefix + Character.MAX_VALUE).forEach(merged::put);
        return live(merged);
    }

    /**
     * Entries with keys from {@code from} (inclusive) to {@code to} (exclusive), in key order,
     * buffered writes included. A range read: its cost is proportional to what lies in the range
     * (deleted keys RocksDB has not compacted yet included), not to the store's size.
     */
    List<KeyValue<String, byte[]>> range(String store, String from, String to) {
        TreeMap<String, byte[]> merged = new TreeMap<>();
        try (KeyValueIterator<String, byte[]> it = stores.get(store).range(from, to)) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key.compareTo(to) < 0) {
                    merged.put(kv.key, kv.value);
                }
            }
        }
        pending.get(store).subMap(from, to).forEach(merged::put);
        return live(merged);
    }

    /** The first live key at or after {@code from}, buffered writes included. */
    java.util.Optional<String> firstKey(String store, String from) {
        TreeMap<String, byte[]> buffered = pending.get(store);
        String first = null;
        try (KeyValueIterator<String, byte[]> it = stores.get(store).range(from, null)) {
            while (it.hasNext() && first == null) {
                String key = it.next().key;
                if (buffered.get(key) != DELETED) {
                    first = key;
                }
            }
        }
        for (Map.Entry<String, byte[]> e : buffered.tailMap(from, true).entrySet()) {
            if (e.getValue() != DELETED) {
                if (first == null || e.getKey().compareTo(first) < 0) {
                    first = e.getKey();
                }
                break;
            }
        }
        return java.util.Optional.ofNullable(first);
    }

    private static List<KeyValue<String, byte[]>> live(TreeMap<String, byte[]> merged) {
        List<KeyValue<String, byte[]>> result = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : merged.entrySet()) {
            if (e.getValue() != DELETED) {
                result.add(KeyValue.pair(e.getKey(), e.getValue()));
            }
        }
        return result;
    }

    void flush() {
        pending.forEach((name, writes) -> {
            KeyValueStore<String, byte[]> store = stores.get(name);
            writes.forEach((key, value) -> {
                if (value == DELETED) {
                    store.delete(key);
                } else {
                    store.put(key, value);
                }
            });
            writes.clear();
        });
    }

    void discard() {
        pending.values().forEach(TreeMap::clear);
    }
}
