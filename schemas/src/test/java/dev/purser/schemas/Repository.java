package dev.purser.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The repository the tests run in: its root (found by walking up from the working directory to the
 * directory that holds {@code .git} or the aggregator {@code pom.xml}), its Markdown files and the
 * protocol document, {@code docs/PROTOCOL.md}.
 */
public final class Repository {
    /** Folders that are not part of the repository's text: build output, dependencies, Git, runtime data. */
    private static final Set<String> SKIPPED = Set.of("target", "node_modules", ".git", ".idea", "purser-data");

    private Repository() {
    }

    public static Path root() {
        Path start = Path.of("").toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve(".git")) || isAggregatorPom(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root (a folder with .git or a pom.xml with <modules>) above "
                + start);
    }

    /** Every {@code *.md} file of the repository, sorted by path. */
    public static List<Path> markdownFiles() {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return SKIPPED.contains(dir.getFileName().toString()) ? FileVisitResult.SKIP_SUBTREE
                            : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (file.getFileName().toString().endsWith(".md")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        return files;
    }

    /** The protocol document. */
    public static Path protocol() {
        return root().resolve("docs").resolve("PROTOCOL.md");
    }

    public static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isAggregatorPom(Path pom) {
        return Files.isRegularFile(pom) && read(pom).contains("<modules>");
    }
}
