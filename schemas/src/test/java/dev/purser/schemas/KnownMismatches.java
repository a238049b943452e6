package dev.purser.schemas;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.function.Executable;

/**
 * Reported, not yet fixed disagreements between the contract and the code
 * ({@code golden/known-mismatches.properties}). A listed check that fails is aborted (reported as
 * skipped, with the reason); a listed check that passes fails, so that its entry gets removed.
 */
public final class KnownMismatches {
    private static final Properties KNOWN = load();

    private KnownMismatches() {
    }

    public static boolean isKnown(String name) {
        return KNOWN.containsKey(name);
    }

    /** Runs {@code check}; when {@code name} is a known mismatch, its failure aborts the test instead. */
    public static void check(String name, Executable check) {
        String known = KNOWN.getProperty(name);
        if (known == null) {
            run(check);
            return;
        }
        try {
            check.execute();
        } catch (Throwable failure) {
            Assumptions.abort("known mismatch '" + name + "': " + known + " (" + failure + ")");
        }
        fail("'" + name + "' is listed in golden/known-mismatches.properties but now passes: remove the entry");
    }

    private static void run(Executable check) {
        try {
            check.execute();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = KnownMismatches.class.getResourceAsStream("/golden/known-mismatches.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
