package dev.purser.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The golden examples of the contract, under {@code src/test/resources/golden}. */
public final class GoldenFiles {
    private GoldenFiles() {
    }

    public static Path dir() {
        try {
            return Path.of(GoldenFiles.class.getResource("/golden").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The golden files whose name passes {@code filter}, sorted by name. */
    public static List<Path> matching(Predicate<String> filter) {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> filter.test(f.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode json(Path file) {
        try {
            return Json.MAPPER.readTree(bytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON file on the class path, e.g. {@code schemas/command-reserve.schema.json}. */
    public static JsonNode classpathJson(String resource) {
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no such resource: " + resource);
            }
            return Json.MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Properties properties(String name) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(dir().resolve(name))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    public static String name(Path file) {
        return file.getFileName().toString();
    }
}
