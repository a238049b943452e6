package dev.purser.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.InvalidRequestException;
import dev.purser.schemas.Verb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Handler level, no HTTP: how a request becomes the command the bridge publishes (PROTOCOL.md §3,
 * §7). The verb and ids come from the route, the tenant from the credential, the idempotency key
 * from the header or the body; anything the ledger's codec would refuse is refused here first.
 */
class RequestMapperTest {
    private static final Principal ACME_AGENT = new Principal("acme", Role.AGENT);
    private static final Principal ACME_ADMIN = new Principal("acme", Role.ADMIN);

    @Test
    void shouldPrefixTheVerbAndTakeTheKeyFromTheHeader() {
        byte[] command = RequestMapper.reserve(ACME_AGENT,
                bytes("{\"budget_id\":\"acme/eng\",\"unit\":\"usd_micros\",\"amount\":\"200\"}"), "k-1");

        assertThat(text(command)).isEqualTo(
                "{\"type\":\"reserve\",\"budget_id\":\"acme/eng\",\"unit\":\"usd_micros\",\"amount\":\"200\","
                        + "\"idempotency_key\":\"k-1\"}");
    }

    @Test
    void shouldKeepTheBodyKeyWhenThereIsNoHeader() {
        byte[] command = RequestMapper.reserve(ACME_AGENT,
                bytes("{\"idempotency_key\":\"k-body\",\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"1\"}"),
                null);

        assertThat(text(command)).isEqualTo("{\"type\":\"reserve\",\"idempotency_key\":\"k-body\",\"budget_id\":\"acme\","
                + "\"unit\":\"tokens\",\"amount\":\"1\"}");
    }

    @Test
    void shouldAcceptTheSameKeyInHeaderAndBody() {
        byte[] command = RequestMapper.onReservation(Verb.RELEASE, "res-1", bytes("{\"idempotency_key\":\"k-1\"}"),
                "k-1");

        assertThat(text(command)).isEqualTo(
                "{\"type\":\"release\",\"idempotency_key\":\"k-1\",\"reservation_id\":\"res-1\"}");
    }

    @Test
    void shouldRefuseAHeaderKeyThatDiffersFromTheBodyKey() {
        assertInvalid(() -> RequestMapper.onReservation(Verb.RELEASE, "res-1", bytes("{\"idempotency_key\":\"k-1\"}"),
                "k-2"), "idempotency_key");
    }

    @Test
    void shouldRefuseANonStringBodyKeyEvenWhenItsTextMatchesTheHeader() {
        assertInvalid(() -> RequestMapper.onReservation(Verb.RELEASE, "res-1", bytes("{\"idempotency_key\":42}"),
                "42"), "idempotency_key");
    }

    @Test
    void shouldRefuseACommandWithoutAnyIdempotencyKey() {
        assertInvalid(() -> RequestMapper.onReservation(Verb.RELEASE, "res-1", new byte[0], null), "idempotency_key");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "COMMIT|{\"amount\":\"150\"}|{\"type\":\"commit\",\"amount\":\"150\",\"reservation_id\":\"res-1\",\"idempotency_key\":\"k\"}",
        "RELEASE|{\"reason\":\"cancelled\"}|{\"type\":\"release\",\"reason\":\"cancelled\",\"reservation_id\":\"res-1\",\"idempotency_key\":\"k\"}",
        "REFUND|{\"refund_id\":\"rf-1\",\"amount\":\"5\"}|{\"type\":\"refund\",\"refund_id\":\"rf-1\",\"amount\":\"5\",\"reservation_id\":\"res-1\",\"idempotency_key\":\"k\"}",
        "EXTEND|{\"extend_by_ms\":30000}|{\"type\":\"extend\",\"extend_by_ms\":30000,\"reservation_id\":\"res-1\",\"idempotency_key\":\"k\"}",
    })
    void shouldTakeTheReservationIdFromThePath(Verb verb, String body, String expected) {
        assertThat(text(RequestMapper.onReservation(verb, "res-1", bytes(body), "k"))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"COMMIT", "RELEASE", "REFUND", "EXTEND"})
    void shouldRefuseAReservationIdInTheBodyOfAPathRoute(Verb verb) {
        assertInvalid(() -> RequestMapper.onReservation(verb, "res-1", bytes("{\"reservation_id\":\"res-1\"}"), "k"),
                "reservation_id");
    }

    @Test
    void shouldRefuseATypeInTheBody() {
        assertInvalid(() -> RequestMapper.reserve(ACME_AGENT,
                bytes("{\"type\":\"reserve\",\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":\"1\"}"), "k"), "type");
    }

    @Test
    void shouldAnswerABudgetOfAnotherTenantAsNotFound() {
        assertThatThrownBy(() -> RequestMapper.reserve(ACME_AGENT,
                bytes("{\"budget_id\":\"globex/eng\",\"unit\":\"tokens\",\"amount\":\"1\"}"), "k"))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                    assertThat(e.status()).isEqualTo(404);
                });
    }

    @Test
    void shouldRefuseANonStringBudgetIdAsInvalidRatherThanNotFound() {
        assertInvalid(() -> RequestMapper.reserve(ACME_AGENT,
                bytes("{\"budget_id\":123,\"unit\":\"tokens\",\"amount\":\"1\"}"), "k"), "budget_id");
    }

    @Test
    void shouldDefineABudgetNamedByThePath() {
        byte[] command = RequestMapper.onBudget(Verb.DEFINE_BUDGET, ACME_ADMIN, "acme/eng",
                bytes("{\"unit\":\"usd_micros\",\"limit\":\"1000000\",\"period\":\"month\"}"), "k-def");

        assertThat(text(command)).isEqualTo("{\"type\":\"define_budget\",\"unit\":\"usd_micros\",\"limit\":\"1000000\","
                + "\"period\":\"month\",\"budget_id\":\"acme/eng\",\"idempotency_key\":\"k-def\"}");
    }

    @Test
    void shouldRefuseABudgetIdInTheBodyOfADefinition() {
        assertInvalid(() -> RequestMapper.onBudget(Verb.DEFINE_BUDGET, ACME_ADMIN, "acme",
                bytes("{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"limit\":\"1\"}"), "k"), "budget_id");
    }

    @Test
    void shouldAnswerADefinitionForAnotherTenantAsNotFound() {
        assertThatThrownBy(() -> RequestMapper.onBudget(Verb.DEFINE_BUDGET, ACME_ADMIN, "globex",
                bytes("{\"unit\":\"tokens\",\"limit\":\"1\"}"), "k"))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "[]", "null", "\"text\"", "42", "{} {}", "{\"a\":1,\"a\":2}"})
    void shouldRefuseABodyThatIsNotOneJsonObject(String body) {
        assertInvalid(() -> RequestMapper.onReservation(Verb.RELEASE, "res-1", bytes(body), "k"), null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"-1\"", "\"1.5\"", "\"1e3\"", "\"+1\"", "\" 1\"", "\"\"", "\"0\"", "\"007\"", "1",
        "\"9223372036854775808\"", "\"99999999999999999999\"", "null"})
    void shouldRefuseAnAmountThatIsNotADigitStringUpToTwoToTheSixtyThreeMinusOne(String amount) {
        assertInvalid(() -> RequestMapper.reserve(ACME_AGENT,
                bytes("{\"budget_id\":\"acme\",\"unit\":\"tokens\",\"amount\":" + amount + "}"), "k"), "amount");
    }

    @Test
    void shouldAcceptTheLargestAmount() {
        byte[] command = RequestMapper.onReservation(Verb.COMMIT, "res-1",
                bytes("{\"amount\":\"9223372036854775807\"}"), "k");

        assertThat(text(command)).contains("\"amount\":\"9223372036854775807\"");
    }

    private static void assertInvalid(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(InvalidRequestException.class,
                e -> assertThat(e.field()).as(e.getMessage()).isEqualTo(field));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, UTF_8);
    }
}
