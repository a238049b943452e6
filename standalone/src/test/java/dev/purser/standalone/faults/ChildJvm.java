package dev.purser.standalone.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One child JVM of a fault test, started with the test classpath, its output in a log file. The faults:
 * {@link #kill()} (SIGKILL: {@link Process#destroyForcibly()} on Linux), {@link #pause()} (SIGSTOP) and
 * {@link #resume()} (SIGCONT). A JVM-wide shutdown hook kills every child still alive, so a failed or
 * interrupted test leaves no process behind.
 */
final class ChildJvm {
    private static final List<Process> ALIVE = new ArrayList<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (ALIVE) {
                ALIVE.forEach(Process::destroyForcibly);
            }
        }, "fault-children-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM of at most {@code heap} (e.g. {@code 256m}).
     * System properties {@code purser.log.*} (log levels, see log4j2.xml) are passed on.
     */
    static ChildJvm start(String name, Path log, String heap, Class<?> mainClass, List<String> args)
            throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("purser.log."))
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        command.addAll(List.of("-cp", classpath, mainClass.getName()));
        command.addAll(args);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        synchronized (ALIVE) {
            ALIVE.add(process);
        }
        return new ChildJvm(name, process, log);
    }

    /** Waits until a line of the log contains {@code marker}; returns that line. Fails if the JVM dies first. */
    String awaitLine(String marker, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = findLine(marker);
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before '" + marker
                        + "'; see " + log);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(name + " did not print '" + marker + "' within " + timeout + "; see " + log);
    }

    Optional<String> findLine(String marker) throws IOException {
        if (!Files.exists(log)) {
            return Optional.empty();
        }
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines()
                .filter(l -> l.contains(marker)).findFirst();
    }

    /** How many lines of the log contain {@code text}. */
    long countLines(String text) throws IOException {
        if (!Files.exists(log)) {
            return 0;
        }
        return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().filter(l -> l.contains(text))
                .count();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        synchronized (ALIVE) {
            ALIVE.remove(process);
        }
    }

    /** SIGSTOP: the JVM freezes (no heartbeats, no writes) until {@link #resume()}. */
    void pause() throws IOException, InterruptedException {
        signal("-STOP");
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        signal("-CONT");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed: " + exit);
        }
    }
}
