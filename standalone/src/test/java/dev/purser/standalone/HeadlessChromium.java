package dev.purser.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, as a test drives it: load a page, let its scripts run
 * for a while of virtual time, then dump the DOM or take a screenshot. Found on the PATH
 * ({@code chromium}, {@code chromium-browser}, {@code google-chrome}); {@code .ci/run} installs it.
 */
final class HeadlessChromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private final Path binary;
    private final Path profile;

    private HeadlessChromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    static Optional<HeadlessChromium> find(Path profile) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : NAMES) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(new HeadlessChromium(candidate, profile));
                }
            }
        }
        return Optional.empty();
    }

    /** The DOM after {@code virtualMillis} of the page's own time. */
    String dumpDom(String url, int virtualMillis) throws IOException, InterruptedException {
        return run(List.of("--virtual-time-budget=" + virtualMillis, "--dump-dom", url));
    }

    /** A PNG of the page at {@code width}×{@code height} after {@code virtualMillis}. */
    void screenshot(String url, int virtualMillis, int width, int height, Path png) throws IOException,
            InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(List.of("--virtual-time-budget=" + virtualMillis, "--hide-scrollbars",
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url));
        if (!Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new IOException("chromium wrote no screenshot to " + png);
        }
    }

    private String run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--user-data-dir=" + profile));
        command.addAll(args);
        Path out = Files.createTempFile("chromium-out", ".html");
        Path err = Files.createTempFile("chromium-err", ".log");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("chromium did not finish in 90 s: " + Files.readString(err));
        }
        if (process.exitValue() != 0) {
            throw new IOException("chromium exited " + process.exitValue() + ": " + Files.readString(err));
        }
        String dom = Files.readString(out, StandardCharsets.UTF_8);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return dom;
    }
}
