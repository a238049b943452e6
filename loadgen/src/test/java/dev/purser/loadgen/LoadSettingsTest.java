package dev.purser.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Flags: both spellings, the loop they choose, and refusals that name the flag. */
class LoadSettingsTest {
    @Test
    void shouldReadBothFlagSpellingsAndDefaultToAClosedLoopOf64() {
        LoadSettings s = LoadSettings.parse(new String[] {"kafka", "--teams=3", "--agents", "5"});
        assertThat(s.openLoop()).isFalse();
        assertThat(s.concurrency()).isEqualTo(64);
        assertThat(s.teams()).isEqualTo(3);
        assertThat(s.agents()).isEqualTo(5);
        assertThat(s.describe()).containsEntry("loop", "closed").containsEntry("deny-fraction", "0.10");
    }

    @Test
    void shouldRunAnOpenLoopWhenARateIsGivenWith128RawConnections() {
        LoadSettings s = LoadSettings.parse(new String[] {"http", "--rate", "1000"});
        assertThat(s.openLoop()).isTrue();
        assertThat(s.rate()).isEqualTo(1000.0);
        assertThat(s.connections()).isEqualTo(128);
    }

    @Test
    void shouldRunOneLevelPerValueOfAConcurrencyListWithConnectionsForTheLargest() {
        LoadSettings s = LoadSettings.parse(new String[] {"http", "--concurrency", "16,64,256"});
        assertThat(s.levels()).extracting(LoadSettings::concurrency).containsExactly(16, 64, 256);
        assertThat(s.connections()).isEqualTo(256);
        assertThat(LoadSettings.parse(new String[] {"kafka", "--rate", "100,200"}).levels())
                .extracting(LoadSettings::rate).containsExactly(100.0, 200.0);
    }

    @Test
    void shouldAcceptThePairsMixAndRefuseAnUnknownOne() {
        assertThat(LoadSettings.parse(new String[] {"http", "--mix", "pairs"}).mix()).isEqualTo("pairs");
        assertThatThrownBy(() -> LoadSettings.parse(new String[] {"http", "--mix", "commit-only"}))
                .hasMessageContaining("reserve-commit, reserve-only or pairs");
    }

    @Test
    void shouldHideTokensInTheDescription() {
        LoadSettings s = LoadSettings.parse(new String[] {"http", "--admin-token", "pt_secret", "--agent-token", "x"});
        assertThat(s.describe().toString()).doesNotContain("pt_secret");
    }

    @Test
    void shouldRefuseARateWithAConcurrencyAnUnknownFlagAndAMissingMode() {
        assertThatThrownBy(() -> LoadSettings.parse(new String[] {"kafka", "--rate", "5", "--concurrency", "2"}))
                .hasMessageContaining("exclude each other");
        assertThatThrownBy(() -> LoadSettings.parse(new String[] {"kafka", "--speed", "5"}))
                .hasMessageContaining("--speed");
        assertThatThrownBy(() -> LoadSettings.parse(new String[] {"--rate", "5"}))
                .hasMessageContaining("kafka, http, credentials or compare");
    }

    @Test
    void shouldNameTheFlagsThatArePurserKeysLikeTheKeysAndKeepTheEarlierSpellings() {
        LoadSettings keys = LoadSettings.parse(new String[] {"kafka", "--bootstrap.servers", "b:9092",
                "--data.dir=/tmp/p", "--http.reply.mode", "committed", "--http.reply.partition", "2",
                "--http.credentials.file", "c"});
        LoadSettings aliases = LoadSettings.parse(new String[] {"kafka", "--bootstrap-servers", "b:9092",
                "--data-dir=/tmp/p", "--reply-mode", "committed", "--reply-partition", "2", "--credentials", "c"});

        for (LoadSettings s : List.of(keys, aliases)) {
            assertThat(s.bootstrapServers()).isEqualTo("b:9092");
            assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/p"));
            assertThat(s.replyMode()).isEqualTo("committed");
            assertThat(s.replyPartition()).isEqualTo(2);
            assertThat(s.get("http.credentials.file")).isEqualTo("c");
        }
        assertThat(aliases.describe()).isEqualTo(keys.describe()).doesNotContainKey("data-dir");
    }

    @Test
    void shouldKeepTheLastOfAFlagAndItsAliasAndTakeANegativeNumberAsAValue() {
        LoadSettings s = LoadSettings.parse(new String[] {"kafka", "--data-dir", "a", "--data.dir", "b",
                "--http.reply.partition", "-1"});
        assertThat(s.dataDir()).isEqualTo(Path.of("b"));
        assertThat(s.replyPartition()).isEqualTo(-1);
    }

    @Test
    void shouldRefuseAFlagWithoutAValueAndAnswerHelpWithTheUsage() {
        assertThatThrownBy(() -> LoadSettings.parse(new String[] {"kafka", "--duration"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--duration");
        assertThatThrownBy(() -> LoadSettings.parse(new String[] {"http", "--help"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("usage: purser-load");
    }
}
