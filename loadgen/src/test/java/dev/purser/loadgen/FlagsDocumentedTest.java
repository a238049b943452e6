package dev.purser.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md names the generator's flags that are Purser keys, and their kept aliases. */
class FlagsDocumentedTest {

    @Test
    void shouldNameEveryKeyFlagAndItsAlias() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "CONFIGURATION.md"));
        String tools = doc.substring(doc.indexOf("## Command-line tools"));
        Flags.ALIASES.forEach((alias, flag) -> assertThat(tools).contains("`--" + alias + "`")
                .contains("`--" + flag + "`"));
    }
}
