package dev.purser.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settlements the caller still owes Purser, on disk, so that a commit or a release survives a
 * crash of the caller (docs/CLIENT.md, the journal). Before a settlement is sent, a line
 * {@code {"op":"open","id","path","body"}} is appended and forced to disk; when Purser has answered it
 * for good (2xx, or an error that a retry would get again), {@code {"op":"done","id"}} follows. On
 * start, every open line without its done line is sent again with the same body and so the same
 * idempotency key: the ledger applies it at most once. The file is rewritten with only the open
 * entries when the client starts.
 */
final class SettlementJournal {
    private static final Logger LOG = LoggerFactory.getLogger(SettlementJournal.class);
    static final String FILE = "purser-settlements.jsonl";

    record Entry(String id, String path, Map<String, Object> body) {
    }

    private final Path file;
    private final Map<String, Entry> open = new LinkedHashMap<>();
    private FileChannel channel;

    private SettlementJournal(Path file) {
        this.file = file;
    }

    /** A journal that remembers nothing (no directory configured). */
    static SettlementJournal none() {
        return new SettlementJournal(null);
    }

    static SettlementJournal open(Path directory) {
        try {
            Files.createDirectories(directory);
            SettlementJournal journal = new SettlementJournal(directory.resolve(FILE));
            journal.load();
            journal.rewrite();
            return journal;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the settlement journal in " + directory, e);
        }
    }

    synchronized List<Entry> pending() {
        return List.copyOf(open.values());
    }

    /** Records a settlement about to be sent, on disk before it returns. */
    synchronized Entry begin(String path, Map<String, Object> body) {
        Entry entry = new Entry(UUID.randomUUID().toString(), path, body);
        if (file != null) {
            ObjectNode line = Transport.JSON.createObjectNode().put("op", "open").put("id", entry.id()).put("path", path);
            line.set("body", Transport.JSON.valueToTree(body));
            append(line);
        }
        open.put(entry.id(), entry);
        return entry;
    }

    /** Purser has answered this settlement for good. */
    synchronized void done(Entry entry) {
        if (open.remove(entry.id()) != null && file != null) {
            append(Transport.JSON.createObjectNode().put("op", "done").put("id", entry.id()));
        }
    }

    synchronized void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("closing the settlement journal {}: {}", file, e.toString());
            }
            channel = null;
        }
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i);
            if (text.isBlank()) {
                continue;
            }
            JsonNode line;
            try {
                line = Transport.JSON.readTree(text);
            } catch (IOException e) {
                // a line torn by a crash while it was written: it was never fsynced, so its settlement was never sent
                LOG.warn("settlement journal {} line {} is unreadable and skipped: {}", file, i + 1, e.getMessage());
                continue;
            }
            String id = line.path("id").asText();
            if ("open".equals(line.path("op").asText())) {
                @SuppressWarnings("unchecked")
                Map<String, Object> body = Transport.JSON.convertValue(line.get("body"), Map.class);
                open.put(id, new Entry(id, line.path("path").asText(), body));
            } else {
                open.remove(id);
            }
        }
    }

    /** Starts the file afresh with only the open entries (written aside, forced, then moved over). */
    private void rewrite() throws IOException {
        Path fresh = file.resolveSibling(FILE + ".new");
        try (FileChannel out = FileChannel.open(fresh, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Entry entry : open.values()) {
                ObjectNode line = Transport.JSON.createObjectNode().put("op", "open").put("id", entry.id())
                        .put("path", entry.path());
                line.set("body", Transport.JSON.valueToTree(entry.body()));
                out.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            out.force(true);
        }
        Files.move(fresh, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void append(ObjectNode line) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the settlement journal " + file, e);
        }
    }

    /** Whether entries survive the process (a directory is configured). */
    boolean isOnDisk() {
        return file != null;
    }

    /** How many entries are open (for tests and the log). */
    synchronized int openCount() {
        return open.size();
    }
}
