package dev.purser.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purser.schemas.InvalidRequestException;
import dev.purser.schemas.KafkaClientSettings;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A kid that key_activated cannot carry (PROTOCOL.md §11) is refused before any client connects: the
 * address below answers nothing, so reaching it would time out instead.
 */
class KeyActivationTest {

    @ParameterizedTest
    @ValueSource(strings = {"a b", "", "k/1"})
    void shouldRefuseAKidTheProtocolCannotCarryBeforeConnecting(String kid) {
        assertThatThrownBy(() -> KeyActivation.activate("127.0.0.1:1", KafkaClientSettings.NONE, kid,
                Duration.ofSeconds(30)))
                .isInstanceOf(InvalidRequestException.class);
    }
}
