package dev.purser.schemas;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * The limits of the command reader (PROTOCOL.md §8 "inputs are size-limited"): a command over
 * 32 KiB, JSON nested deeper than {@link Json#MAX_DEPTH}, or an over-long number is
 * {@code INVALID_REQUEST} with a message that names the limit, not a generic "malformed JSON".
 */
class InputLimitsTest {
    private static final String RESERVE = "{\"type\":\"reserve\",\"idempotency_key\":\"k\",\"budget_id\":\"acme\","
            + "\"unit\":\"tokens\",\"amount\":\"1\"";

    @Test
    void shouldNameTheNestingLimitWhenACommandIsNestedTooDeep() {
        String deep = RESERVE + ",\"metadata\":" + "{\"a\":".repeat(Json.MAX_DEPTH) + "1" + "}".repeat(Json.MAX_DEPTH)
                + "}";

        InvalidRequestException refused = refuse(deep);

        assertThat(refused.getMessage()).isEqualTo("JSON nested deeper than 32 levels");
        assertThat(refused.field()).isNull();
    }

    @Test
    void shouldAcceptNestingUpToTheLimit() {
        int inner = Json.MAX_DEPTH - 2; // the command object and metadata are two levels
        String deepest = RESERVE + ",\"metadata\":{" + "\"a\":{".repeat(inner) + "}".repeat(inner) + "}}";

        assertThat(CommandCodec.parse(deepest.getBytes(UTF_8)).command()).isInstanceOf(Command.Reserve.class);
    }

    @Test
    void shouldNameTheNestingLimitForADeepArrayToo() {
        String deep = "[".repeat(5_000) + "]".repeat(5_000);

        assertThat(refuse(deep).getMessage()).isEqualTo("JSON nested deeper than 32 levels");
    }

    @Test
    void shouldNameTheNumberLengthLimit() {
        String longNumber = RESERVE + ",\"ttl_ms\":" + "9".repeat(Json.MAX_NUMBER_LENGTH + 1) + "}";

        assertThat(refuse(longNumber).getMessage()).isEqualTo("a JSON number longer than 400 characters");
    }

    @Test
    void shouldNameTheCommandSizeLimit() {
        String big = RESERVE + ",\"metadata\":{\"x\":\"" + "x".repeat(CommandCodec.MAX_COMMAND_BYTES) + "\"}}";

        assertThat(refuse(big).getMessage()).isEqualTo("command larger than 32768 bytes");
    }

    @Test
    void shouldStillCallBrokenJsonMalformed() {
        assertThat(refuse(RESERVE).getMessage()).startsWith("malformed JSON: ");
    }

    private static InvalidRequestException refuse(String json) {
        return catchThrowableOfType(InvalidRequestException.class, () -> CommandCodec.parse(json.getBytes(UTF_8)));
    }
}
