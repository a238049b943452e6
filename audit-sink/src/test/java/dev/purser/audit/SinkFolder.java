package dev.purser.audit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.audit.Jwks;
import dev.purser.schemas.audit.KeyRing;
import dev.purser.schemas.audit.PublicKey;
import dev.purser.schemas.audit.SignedAuditEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder laid out exactly as {@link AuditSink} lays it out — segment files
 * {@code p<partition>-<first offset>.jsonl} written by {@link PartitionLog} and a {@link Checkpoint}
 * with every tenant's chain head — plus the reading and rewriting tests need to tamper with it.
 */
final class SinkFolder {
    /** One event of the folder: where it is (segment file, 1-based line) and what it is. */
    record Line(Path file, int number, int partition, String tenant, long seq, String type, String id,
                byte[] bytes) {
        String where() {
            return file.getFileName() + " line " + number;
        }

        SignedAuditEvent event() {
            return SignedAuditEvent.fromStructuredJson(bytes);
        }
    }

    /** One record to write: its partition and its value. */
    record Placed(int partition, byte[] value) {
    }

    private SinkFolder() {
    }

    /** Writes {@code events} as the sink does (offsets from 0 per partition) and the checkpoint after them. */
    static void write(Path dir, List<Placed> events, KeyRing keys, long maxSegmentBytes) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChainVerifier chains = new ChainVerifier(keys);
        Map<Integer, PartitionLog> logs = new TreeMap<>();
        Map<Integer, Long> offsets = new HashMap<>();
        for (Placed event : events) {
            PartitionLog log = logs.computeIfAbsent(event.partition(),
                    p -> new PartitionLog(dir, p, maxSegmentBytes, null));
            long offset = offsets.merge(event.partition(), 1L, Long::sum) - 1;
            log.append(offset, event.value());
            ChainVerifier.Checked checked = chains.check("generated", event.value());
            if (!checked.ok()) {
                throw new IllegalStateException("the generated log is not valid: " + checked.violation());
            }
        }
        Map<Integer, Checkpoint.Position> positions = new TreeMap<>();
        logs.forEach((partition, log) -> {
            positions.put(partition, log.sync());
            log.close();
        });
        new Checkpoint(positions, new TreeMap<>(chains.heads())).write(dir);
    }

    /** Every event of the folder, in the order {@code verify} reads them (partition, then offset). */
    static List<Line> lines(Path dir) {
        List<Line> result = new ArrayList<>();
        for (Path file : segments(dir)) {
            String name = file.getFileName().toString();
            int partition = Integer.parseInt(name.substring(1, name.indexOf('-')));
            int number = 0;
            for (byte[] bytes : read(file)) {
                number++;
                SignedAuditEvent event = SignedAuditEvent.fromStructuredJson(bytes);
                JsonNode data = event.dataNode();
                result.add(new Line(file, number, partition, data.get("tenant").asText(),
                        data.get("chain").get("seq").asLong(), event.type().substring(event.type().lastIndexOf('.') + 1),
                        event.id(), bytes));
            }
        }
        return result;
    }

    /** The segment files, by partition then first offset. */
    static List<Path> segments(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl"))
                    .sorted((a, b) -> segmentKey(a).compareTo(segmentKey(b))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line of every segment of one partition, in order. */
    static List<byte[]> partition(Path dir, int partition) {
        List<byte[]> result = new ArrayList<>();
        segments(dir).stream().filter(f -> f.getFileName().toString().startsWith("p" + partition + "-"))
                .forEach(f -> result.addAll(read(f)));
        return result;
    }

    /** The lines of a file, without their newlines (a last line without one is kept too). */
    static List<byte[]> read(Path file) {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                lines.add(Arrays.copyOfRange(all, start, i));
                start = i + 1;
            }
        }
        if (start < all.length) {
            lines.add(Arrays.copyOfRange(all, start, all.length));
        }
        return lines;
    }

    /** Replaces a file's content with {@code lines}, each followed by a newline. */
    static void rewrite(Path file, List<byte[]> lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            out.writeBytes(line);
            out.write('\n');
        }
        try {
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a folder (flat: segments and checkpoint). */
    static Path copy(Path from, Path to) {
        try {
            Files.createDirectories(to);
            try (Stream<Path> files = Files.list(from)) {
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a JWK Set of {@code keys} to {@code file}. */
    static Path jwks(Path file, List<PublicKey> keys) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, Jwks.render(keys));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String segmentKey(Path file) {
        String name = file.getFileName().toString();
        int dash = name.indexOf('-');
        return String.format("%010d", Long.parseLong(name.substring(1, dash))) + name.substring(dash);
    }
}
