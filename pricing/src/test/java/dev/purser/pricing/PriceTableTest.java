package dev.purser.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/PRICING.md, the table: versioned, dated, exact integers, found by name, overridable. */
class PriceTableTest {
    private final PriceTable table = PriceTable.shipped();

    @Test
    void the_shipped_table_has_a_version_a_date_and_a_source_for_every_price() {
        assertThat(table.version()).isNotBlank();
        assertThat(table.asOf()).isBeforeOrEqualTo(LocalDate.of(2026, 12, 31));
        assertThat(table.models()).isNotEmpty();
        table.models().values().forEach(p -> assertThat(p.source()).as(p.model()).isNotBlank());
        assertThat(table.models().values()).extracting(ModelPrice::provider).contains(Provider.OPENAI, Provider.ANTHROPIC);
    }

    @Test
    void a_model_is_found_exactly_then_without_its_snapshot_date_then_by_alias() {
        assertThat(table.find("gpt-4o")).get().extracting(ModelPrice::inputPerMillion).isEqualTo(2_500_000L);
        assertThat(table.find("gpt-4o-2024-08-06")).get().extracting(ModelPrice::model).isEqualTo("gpt-4o");
        assertThat(table.find("claude-sonnet-4-20250514")).get().extracting(ModelPrice::model).isEqualTo("claude-sonnet-4");
        assertThat(table.find("claude-3-5-haiku-latest")).get().extracting(ModelPrice::model).isEqualTo("claude-3-5-haiku");
    }

    @Test
    void an_unknown_model_has_no_price() {
        assertThat(table.find("gpt-9-ultra")).isEmpty();
        assertThat(table.find("gpt-4o-mini-tts")).isEmpty();
        assertThat(table.find(null)).isEmpty();
    }

    @Test
    void a_local_table_overrides_and_adds_and_its_version_is_recorded(@TempDir Path dir) throws Exception {
        Path local = dir.resolve("prices.json");
        Files.writeString(local, """
                {"version":"acme-7","as_of":"2026-12-06","models":{
                  "gpt-4o":{"provider":"openai","input":2000000,"output":9000000,"context_window":128000,"max_output_tokens":16384,"source":"contract"},
                  "llama-local":{"provider":"openai","input":1,"output":1,"context_window":8192,"max_output_tokens":2048,"source":"own"}}}
                """);

        PriceTable merged = PriceTable.shippedWith(local);

        assertThat(merged.version()).isEqualTo(table.version() + "+acme-7");
        assertThat(merged.find("gpt-4o")).get().extracting(ModelPrice::outputPerMillion).isEqualTo(9_000_000L);
        assertThat(merged.find("gpt-4o")).get().extracting(ModelPrice::cachedInputPerMillion)
                .as("no cached price given: cached input costs the full rate").isEqualTo(2_000_000L);
        assertThat(merged.find("llama-local")).isPresent();
        assertThat(merged.find("claude-sonnet-4")).isPresent();
    }

    @Test
    void a_price_that_is_not_an_exact_integer_is_refused(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {"version":"x","as_of":"2026-12-06","models":{"m":{"provider":"openai","input":2.5,"output":10,"context_window":1,"max_output_tokens":1}}}
                """);
        assertThatThrownBy(() -> PriceTable.read(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input").hasMessageContaining("integer");
    }
}
