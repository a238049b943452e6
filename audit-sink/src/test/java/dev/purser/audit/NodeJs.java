package dev.purser.audit;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Whether the Node.js verifier can run here: the tests that need it are skipped without {@code node}. */
final class NodeJs {
    private NodeJs() {
    }

    static boolean available() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
