package dev.purser.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sink's commit point, {@code checkpoint.json}, replaced atomically (write, fsync, rename) after
 * the segment files it describes were fsynced: per partition the segment being written, its valid
 * length and the last offset in it; and every tenant's chain head. What is past the checkpoint in a
 * segment after a crash is cut off and read again from Kafka: every event lands exactly once.
 */
public record Checkpoint(Map<Integer, Position> partitions, Map<String, ChainHead> heads) {
    public static final String FILE = "checkpoint.json";

    /** Where a partition's log stands: segment file name, bytes in it that count, last offset written. */
    public record Position(String segment, long length, long lastOffset) {
    }

    public static Checkpoint empty() {
        return new Checkpoint(new TreeMap<>(), new TreeMap<>());
    }

    public static Checkpoint read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return empty();
        }
        try {
            JsonNode root = Json.MAPPER.readTree(Files.readAllBytes(file));
            Map<Integer, Position> partitions = new TreeMap<>();
            root.path("partitions").properties().forEach(e -> partitions.put(Integer.parseInt(e.getKey()),
                    new Position(e.getValue().get("segment").asText(), e.getValue().get("length").asLong(),
                            e.getValue().get("last_offset").asLong())));
            Map<String, ChainHead> heads = new TreeMap<>();
            root.path("heads").properties().forEach(e -> heads.put(e.getKey(),
                    new ChainHead(e.getValue().get("seq").asLong(), e.getValue().get("hash").asText())));
            return new Checkpoint(partitions, heads);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + file, e);
        }
    }

    public void write(Path dir) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode parts = root.putObject("partitions");
        partitions.forEach((p, pos) -> parts.putObject(Integer.toString(p)).put("segment", pos.segment())
                .put("length", pos.length()).put("last_offset", pos.lastOffset()));
        ObjectNode headsNode = root.putObject("heads");
        new TreeMap<>(heads).forEach((tenant, head) -> headsNode.putObject(tenant).put("seq", head.seq())
                .put("hash", head.hash()));
        Path tmp = dir.resolve(FILE + ".tmp");
        try {
            Files.write(tmp, Json.MAPPER.writeValueAsBytes(root));
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel dirChannel = FileChannel.open(dir, StandardOpenOption.READ)) {
                dirChannel.force(true);
            } catch (IOException ignored) {
                // some file systems cannot fsync a directory; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
        }
    }
}
