package dev.purser.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The ticker's view of when each local partition can next expire something. */
class DeadlineWatchTest {
    private final DeadlineWatch watch = new DeadlineWatch();

    @Test
    void shouldNeverWantATickForAPartitionWhoseTaskIsNotHere() {
        watch.scheduled(3, 100);

        assertThat(watch.due(3, Long.MAX_VALUE)).isFalse();
        assertThat(watch.partitions()).isEmpty();
    }

    @Test
    void shouldWantATickFromANewTaskWhateverTheTime() {
        watch.hosted(1);

        assertThat(watch.due(1, Long.MIN_VALUE + 1)).isTrue();
    }

    @Test
    void shouldBeDueOnlyAfterTheEarliestDeadline() {
        watch.hosted(1);
        watch.recomputed(1, 500);
        watch.scheduled(1, 900);
        watch.scheduled(1, 300);

        assertThat(watch.due(1, 300)).isFalse();
        assertThat(watch.due(1, 301)).isTrue();
    }

    @Test
    void shouldTakeTheExactEarliestDeadlineAfterATick() {
        watch.hosted(1);
        watch.scheduled(1, 300);
        watch.recomputed(1, Long.MAX_VALUE);

        assertThat(watch.due(1, Long.MAX_VALUE)).isFalse();
    }

    @Test
    void shouldForgetAReleasedPartition() {
        watch.hosted(1);
        watch.hosted(2);
        watch.released(1);

        assertThat(watch.partitions()).containsExactly(2);
        assertThat(watch.due(1, Long.MAX_VALUE)).isFalse();
    }
}
