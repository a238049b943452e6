package dev.purser.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One partition's append-only copy of the audit topic: segment files
 * {@code p<partition>-<first offset, 20 digits>.jsonl}, one event per line, byte for byte as it
 * arrived. A segment rotates when it passes {@code maxSegmentBytes}. Opening cuts the current
 * segment back to the checkpointed length and deletes segments started after the checkpoint.
 */
public final class PartitionLog implements AutoCloseable {
    private static final byte[] NEWLINE = {'\n'};
    private final Path dir;
    private final int partition;
    private final long maxSegmentBytes;
    private FileChannel channel;
    private String segment;
    private long length;
    private long lastOffset;

    public PartitionLog(Path dir, int partition, long maxSegmentBytes, Checkpoint.Position position) {
        this.dir = dir;
        this.partition = partition;
        this.maxSegmentBytes = maxSegmentBytes;
        try {
            deleteSegmentsAfter(position);
            if (position != null) {
                segment = position.segment();
                length = position.length();
                lastOffset = position.lastOffset();
                channel = FileChannel.open(dir.resolve(segment), StandardOpenOption.WRITE, StandardOpenOption.CREATE);
                channel.truncate(length);
                channel.position(length);
            } else {
                lastOffset = -1;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the audit log of partition " + partition, e);
        }
    }

    /** The offset to read next: one past the last one written, or 0. */
    public long nextOffset() {
        return lastOffset + 1;
    }

    public void append(long offset, byte[] event) {
        try {
            if (channel == null || length >= maxSegmentBytes) {
                rotate(offset);
            }
            channel.write(new ByteBuffer[] {ByteBuffer.wrap(event), ByteBuffer.wrap(NEWLINE)});
            length += event.length + 1;
            lastOffset = offset;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + segment, e);
        }
    }

    /** fsyncs what was appended; returns the position to checkpoint (null when nothing was ever written). */
    public Checkpoint.Position sync() {
        if (channel == null) {
            return null;
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot fsync " + segment, e);
        }
        return new Checkpoint.Position(segment, length, lastOffset);
    }

    private void rotate(long firstOffset) throws IOException {
        if (channel != null) {
            channel.force(false);
            channel.close();
        }
        segment = String.format("p%d-%020d.jsonl", partition, firstOffset);
        channel = FileChannel.open(dir.resolve(segment), StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        length = 0;
    }

    private void deleteSegmentsAfter(Checkpoint.Position position) throws IOException {
        for (Path file : segments(dir, partition)) {
            String name = file.getFileName().toString();
            if (position == null || name.compareTo(position.segment()) > 0) {
                Files.delete(file);
            }
        }
    }

    /** The segment files of a partition, oldest first. */
    public static List<Path> segments(Path dir, int partition) throws IOException {
        String prefix = "p" + partition + "-";
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".jsonl")).sorted().toList());
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
