package dev.purser.audit.invariants;

import dev.purser.audit.ToolFlagsDocumentedTest;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** docs/CONFIGURATION.md names every flag (and kept alias) of check-invariants. */
class InvariantCheckFlagsDocumentedTest {

    @Test
    void shouldNameEveryFlagOfCheckInvariants() throws IOException {
        ToolFlagsDocumentedTest.assertDocumented(new InvariantCheckArguments());
    }
}
