package dev.purser.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void shouldDoubleFromTheInitialDelayUpToTheMaximum() {
        Backoff exact = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), bound -> bound);

        assertThat(IntStream.rangeClosed(1, 8).mapToLong(exact::delayMillis).boxed())
                .containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
        assertThat(exact.delayMillis(10_000)).isEqualTo(30_000);
    }

    @Test
    void shouldJitterBetweenHalfAndAllOfTheDelayByDefault() {
        for (int i = 0; i < 1000; i++) {
            assertThat(Backoff.DEFAULT.delayMillis(3)).isBetween(2000L, 4000L);
            assertThat(Backoff.DEFAULT.delayMillis(100)).isBetween(150_000L, 300_000L);
        }
    }
}
