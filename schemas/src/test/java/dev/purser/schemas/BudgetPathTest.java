package dev.purser.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Budget ids (PROTOCOL.md §1): a path whose first segment is the tenant; at most 8 segments. */
class BudgetPathTest {
    private static final String SEGMENT_64 = "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    private static final Schema RESERVE = CommandSchemas.load("command-reserve.schema.json");

    @Test
    void shouldNameTheTenantAsTheFirstSegment() {
        assertThat(new BudgetPath("acme/eng/support-bot").tenant()).isEqualTo("acme");
        assertThat(new BudgetPath("acme").tenant()).isEqualTo("acme");
    }

    @Test
    void shouldBelongOnlyToTheTenantAtItsRoot() {
        assertThat(new BudgetPath("acme").belongsTo("acme")).isTrue();
        assertThat(new BudgetPath("acme/eng/support-bot").belongsTo("acme")).isTrue();
        assertThat(new BudgetPath("acme-labs/eng").belongsTo("acme")).isFalse();
        assertThat(new BudgetPath("acme/eng").belongsTo("eng")).isFalse();
        assertThat(new BudgetPath("acme").belongsTo("acme/eng")).isFalse();
    }

    @Test
    void shouldListItselfAndItsAncestorsRootFirst() {
        assertThat(new BudgetPath("acme/eng/support-bot").selfAndAncestors())
                .containsExactly("acme", "acme/eng", "acme/eng/support-bot");
        assertThat(new BudgetPath("acme").selfAndAncestors()).containsExactly("acme");
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "acme/eng", "a/b/c/d/e/f/g/h", "0/1", "acme/eng.v2/bot_1-x", SEGMENT_64,
        "acme/" + SEGMENT_64})
    void shouldAcceptPathsOfUpToEightValidSegments(String id) {
        assertThat(BudgetPath.problem(id)).isNull();
        assertThat(new BudgetPath(id).value()).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"Acme", "acme/Eng", "acme/", "/acme", "acme//eng", "-acme", ".acme", "_acme", "acme eng",
        "acme/eng%2Fbot", "a/b/c/d/e/f/g/h/i", SEGMENT_64 + "c", "acmé"})
    void shouldRefuseAnythingElseSayingWhy(String id) {
        assertThat(BudgetPath.problem(id)).isNotBlank();
        assertThatThrownBy(() -> new BudgetPath(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "a/b/c/d/e/f/g/h", "a/b/c/d/e/f/g/h/i", "Acme", "acme//eng", "acme/", SEGMENT_64,
        SEGMENT_64 + "c", "acme/eng.v2/bot_1-x", "acme/-x"})
    void shouldAgreeWithTheSchemaPattern(String id) {
        ObjectNode reserve = Json.MAPPER.createObjectNode().put("type", "reserve").put("idempotency_key", "k")
                .put("budget_id", id).put("unit", "tokens").put("amount", "1");
        assertThat(RESERVE.validate(reserve).isEmpty()).isEqualTo(BudgetPath.problem(id) == null);
    }

    @Test
    void shouldTellATenantFromAPath() {
        assertThat(BudgetPath.isTenant("acme")).isTrue();
        assertThat(BudgetPath.isTenant("acme/eng")).isFalse();
        assertThat(BudgetPath.isTenant(null)).isFalse();
        assertThat(BudgetPath.isTenant("")).isFalse();
    }
}
