package dev.purser.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flags of {@code compare}: defaults, row selection, the generator flags of each row, the HTTP tenant. */
class CompareSettingsTest {
    private static final CompareSettings.HttpTenant TENANT = new CompareSettings.HttpTenant("demo",
            new TenantTokens.Tokens("pt_admin", "pt_agent"));

    private static CompareSettings parse(String... flags) {
        String[] args = new String[flags.length + 1];
        args[0] = "compare";
        System.arraycopy(flags, 0, args, 1, flags.length);
        return CompareSettings.parse(args);
    }

    @Test
    void shouldRunEveryRowTwiceFor5And20SecondsAnd30IdleSecondsByDefault() {
        CompareSettings s = parse();
        assertThat(s.rows()).containsExactly(CompareRow.values());
        assertThat(s.rows()).extracting(r -> r.id).containsExactly("pairs1", "pairs16", "pairs64", "reserve1",
                "reserve16", "reserve64", "open1000", "idle", "kafka", "rss");
        assertThat(s.passes()).isEqualTo(2);
        assertThat(s.warmupSeconds()).isEqualTo(5.0);
        assertThat(s.durationSeconds()).isEqualTo(20.0);
        assertThat(s.idleSeconds()).isEqualTo(30.0);
        assertThat(s.auditDir().toString()).isEqualTo("./purser-data/audit");
        assertThat(s.credentialsFile().toString()).isEqualTo("./purser-data/keys/credentials");
    }

    @Test
    void shouldWarmTheJitUpWithAMinuteOfPairsAt16ClientsBeforeTheFirstRow() {
        CompareSettings s = parse();
        List<String> flags = s.jvmWarmupArgs(new CompareSettings.HttpTenant("demo",
                new TenantTokens.Tokens("admin-token", "agent-token")));

        assertThat(s.jvmWarmupSeconds()).isEqualTo(60.0);
        assertThat(String.join(" ", flags)).contains("--concurrency 16 --mix pairs").contains("--warmup 60 --duration 1")
                .contains("--deny-fraction 0");
        assertThat(flags.stream().filter("--warmup"::equals)).hasSize(1);
        assertThat(flags.stream().filter("--duration"::equals)).hasSize(1);
        assertThat(parse("--jvm-warmup", "0").jvmWarmupSeconds()).isZero();
    }

    @Test
    void shouldRunASubsetOfRowsOnceEachInRunOrder() {
        CompareSettings s = parse("--rows", "idle,pairs1,reserve1,idle", "--passes=1", "--idle-seconds", "2");
        assertThat(s.rows()).containsExactly(CompareRow.PAIRS_1, CompareRow.RESERVE_1, CompareRow.IDLE);
        assertThat(s.passes()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAnUnknownRowBadDurationsAndUnknownFlags() {
        assertThatThrownBy(() -> parse("--rows", "reserve1,reserve2")).hasMessageContaining("unknown row reserve2")
                .hasMessageContaining("pairs64");
        assertThatThrownBy(() -> parse("--rows", ",")).hasMessageContaining("names no row");
        assertThatThrownBy(() -> parse("--passes", "0")).hasMessageContaining("--passes >= 1");
        assertThatThrownBy(() -> parse("--concurrency", "4")).hasMessageContaining("unknown flag --concurrency");
        assertThatThrownBy(() -> parse("--help")).hasMessageContaining("usage: purser-load compare");
    }

    @Test
    void shouldRunThePlainComparisonRowsWithoutDeniesOrReplaysOnOneBudgetOfOneTenant() {
        CompareSettings s = parse("--url", "http://127.0.0.1:18080", "--warmup", "1", "--duration", "3");
        LoadSettings reserve1 = LoadSettings.parse(s.loadArgs(CompareRow.RESERVE_1, TENANT).toArray(String[]::new));
        assertThat(reserve1.mode()).isEqualTo("http");
        assertThat(reserve1.openLoop()).isFalse();
        assertThat(reserve1.concurrency()).isEqualTo(1);
        assertThat(reserve1.mix()).isEqualTo("reserve-only");
        assertThat(reserve1.denyFraction()).isZero();
        assertThat(reserve1.replayFraction()).isZero();
        assertThat(reserve1.teams()).isEqualTo(1);
        assertThat(reserve1.reserveTtlMs()).isEqualTo(3_600_000L);
        assertThat(reserve1.warmupSeconds()).isEqualTo(1.0);
        assertThat(reserve1.durationSeconds()).isEqualTo(3.0);
        assertThat(reserve1.get("url")).isEqualTo("http://127.0.0.1:18080");
        assertThat(reserve1.get("agent-token")).isEqualTo("pt_agent");

        LoadSettings pairs64 = LoadSettings.parse(s.loadArgs(CompareRow.PAIRS_64, TENANT).toArray(String[]::new));
        assertThat(pairs64.mix()).isEqualTo("pairs");
        assertThat(pairs64.concurrency()).isEqualTo(64);
        assertThat(pairs64.connections()).isEqualTo(64);

        LoadSettings open = LoadSettings.parse(s.loadArgs(CompareRow.OPEN_1000, TENANT).toArray(String[]::new));
        assertThat(open.openLoop()).isTrue();
        assertThat(open.rate()).isEqualTo(1000.0);
        assertThat(open.mix()).isEqualTo("reserve-only");
    }

    @Test
    void shouldRunTheKafkaRowWithTheDefaultMixOverManyTenantsAtHighConcurrency() {
        CompareSettings s = parse("--bootstrap-servers", "127.0.0.1:9999", "--kafka-tenants", "4");
        LoadSettings kafka = LoadSettings.parse(s.loadArgs(CompareRow.KAFKA, TENANT).toArray(String[]::new));
        assertThat(kafka.mode()).isEqualTo("kafka");
        assertThat(kafka.tenants()).isEqualTo(4);
        assertThat(kafka.concurrency()).isEqualTo(256);
        assertThat(kafka.mix()).isEqualTo("reserve-commit");
        assertThat(kafka.denyFraction()).isEqualTo(0.10);
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:9999");
        assertThat(s.label(CompareRow.KAFKA)).isEqualTo("Kafka-native, 4 tenants");
    }

    @Test
    void shouldPickTheOnlyTenantElseDemoElseTheOneNamed() {
        TenantTokens.Tokens tokens = new TenantTokens.Tokens("a", "b");
        assertThat(parse().httpTenant(Map.of("acme", tokens)).id()).isEqualTo("acme");
        assertThat(parse().httpTenant(Map.of("acme", tokens, "demo", tokens)).id()).isEqualTo("demo");
        assertThat(parse("--tenant", "lt1").httpTenant(Map.of("lt0", tokens, "lt1", tokens)).id()).isEqualTo("lt1");
        assertThatThrownBy(() -> parse().httpTenant(Map.of("lt0", tokens, "lt1", tokens)))
                .hasMessageContaining("lt0,lt1").hasMessageContaining("--tenant");
    }

    @Test
    void shouldHideTheTokensOfTheFlagsItShows() {
        List<String> shown = Comparison.masked(parse().loadArgs(CompareRow.RESERVE_1, TENANT));
        assertThat(String.join(" ", shown)).doesNotContain("pt_admin").doesNotContain("pt_agent")
                .contains("--agent-token (hidden)");
    }

    @Test
    void shouldNameTheFlagsThatArePurserKeysLikeTheKeysAndKeepTheEarlierSpellings() {
        CompareSettings keys = parse("--bootstrap.servers", "b:1", "--data.dir", "/tmp/p", "--http.credentials.file", "c");
        CompareSettings aliases = parse("--bootstrap-servers", "b:1", "--data-dir", "/tmp/p", "--credentials", "c");

        for (CompareSettings s : List.of(keys, aliases)) {
            assertThat(s.dataDir()).isEqualTo(java.nio.file.Path.of("/tmp/p"));
            assertThat(s.credentialsFile()).isEqualTo(java.nio.file.Path.of("c"));
            assertThat(s.loadArgs(CompareRow.KAFKA, TENANT)).containsSequence("--bootstrap.servers", "b:1")
                    .containsSequence("--data.dir", "/tmp/p");
        }
        assertThatThrownBy(() -> parse("--rowz", "all")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rowz");
    }
}
