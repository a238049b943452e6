package dev.purser.topology;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the native memory of every RocksDB store of this JVM (6 stores per task, so 18 with three
 * partitions): one shared block cache, with index and filter blocks counted in it, and memtables
 * charged to the same cache through one write-buffer manager. Without it each store takes its own
 * 50 MB block cache and up to three 16 MB memtables, and the process outgrows its memory under
 * load. Kafka Streams instantiates this class by name ({@code rocksdb.config.setter}), hence the
 * one static cache, sized once by {@link #MEMORY_BYTES_CONFIG} (bytes, default 128 MiB).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** Streams config key carrying the bytes RocksDB may use in all (block cache + memtables). */
    public static final String MEMORY_BYTES_CONFIG = "purser.rocksdb.memory.bytes";
    public static final long DEFAULT_MEMORY_BYTES = 128L * 1024 * 1024;
    private static final double MEMTABLE_SHARE = 0.5;
    private static final double INDEX_AND_FILTER_SHARE = 0.1;
    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    private static synchronized void ensureShared(long bytes) {
        if (cache == null) {
            cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_SHARE);
            writeBufferManager = new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Object configured = configs.get(MEMORY_BYTES_CONFIG);
        ensureShared(configured == null ? DEFAULT_MEMORY_BYTES : Long.parseLong(configured.toString()));
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(writeBufferManager);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and the write-buffer manager are shared by every store of the JVM: never closed here
    }
}
