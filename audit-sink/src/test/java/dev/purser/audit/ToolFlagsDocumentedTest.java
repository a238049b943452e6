package dev.purser.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/CONFIGURATION.md names every flag (and kept alias) of verify; check-invariants' test uses it too. */
public class ToolFlagsDocumentedTest {

    @Test
    void shouldNameEveryFlagOfVerify() throws IOException {
        assertDocumented(new VerifyArguments());
    }

    /** Every option of {@code options} (picocli-annotated), hidden aliases included, is in the tools section. */
    public static void assertDocumented(Object options) throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "CONFIGURATION.md"));
        String tools = doc.substring(doc.indexOf("## Command-line tools"));
        for (OptionSpec option : new CommandLine(options).getCommandSpec().options()) {
            assertThat(tools).as(option.longestName()).contains("`" + option.longestName());
        }
    }
}
