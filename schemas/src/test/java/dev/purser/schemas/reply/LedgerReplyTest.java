package dev.purser.schemas.reply;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purser.schemas.Decision;
import dev.purser.schemas.ErrorCode;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a reply from {@code purser.replies} (key = tenant, value = {@code {"correlation_id",
 * "verb", "idempotency_key", "status", "body"}}): the body is cut out of the record byte for
 * byte, never re-encoded, so a replay answers exactly what the first call answered (PROTOCOL.md §4).
 */
class LedgerReplyTest {

    @Test
    void shouldCutTheBodyOutExactly() throws IOException {
        String body = "{\"decision\":\"ALLOW\",\"holds\":[{\"budget_id\":\"acme\",\"window\":\"all\",\"amount\":\"1\"}],"
                + "\"nested\":{\"deeper\":{\"deepest\":[1,[2,{}]]}}}";
        LedgerReply reply = LedgerReply.decode(utf8("{\"correlation_id\":\"c-1\",\"verb\":\"reserve\",\"idempotency_key\":\"k\","
                + "\"status\":200,\"body\":" + body + "}"));

        assertThat(reply.correlationId()).isEqualTo("c-1");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(new String(reply.body(), UTF_8)).isEqualTo(body);
    }

    @Test
    void shouldKeepBlanksEscapesAndMultiByteCharactersAsWritten() throws IOException {
        String body = "{ \"note\" : \"caf\u00e9 \\u00e9 \\\"quoted\\\" \\\\ } { ] \\n\",\n  \"emoji\":\"\uD83D\uDCB8\" }";
        byte[] value = utf8("{\"correlation_id\":\"\u00fcber-\u00e9\",\"status\":403,\"body\":" + body
                + ",\"verb\":\"reserve\"}");

        LedgerReply reply = LedgerReply.decode(value);

        assertThat(reply.body()).isEqualTo(utf8(body));
        assertThat(reply.correlationId()).isEqualTo("\u00fcber-\u00e9");
        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void shouldReadTheFieldsInAnyOrderAndSkipUnknownOnes() throws IOException {
        String body = "{\"error\":{\"code\":\"REPLAY_CONFLICT\",\"message\":\"m\"},\"decision_id\":\"d_1\"}";
        LedgerReply reply = LedgerReply.decode(utf8("{\"body\":" + body + ",\"extra\":{\"body\":{\"not\":\"this\"},\"status\":1},"
                + "\"status\":409,\"verb\":null,\"idempotency_key\":null,\"correlation_id\":\"c-2\"}"));

        assertThat(new String(reply.body(), UTF_8)).isEqualTo(body);
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.correlationId()).isEqualTo("c-2");
    }

    @Test
    void shouldReadANullCorrelationId() throws IOException {
        LedgerReply reply = LedgerReply.decode(utf8("{\"correlation_id\":null,\"status\":400,\"body\":{}}"));

        assertThat(reply.correlationId()).isNull();
        assertThat(reply.body()).isEqualTo(utf8("{}"));
    }

    @Test
    void shouldReadAPrettyPrintedRecord() throws IOException {
        LedgerReply reply = LedgerReply.decode(utf8("{\n  \"correlation_id\" : \"c-9\",\n  \"status\" : 200,\n  \"body\" : {\n"
                + "    \"noop\" : true\n  }\n}\n"));

        assertThat(new String(reply.body(), UTF_8)).isEqualTo("{\n    \"noop\" : true\n  }");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "[]",
        "\"reply\"",
        "{\"correlation_id\":\"c\",\"status\":200",
        "{\"correlation_id\":\"c\",\"body\":{}}",
        "{\"correlation_id\":\"c\",\"status\":200}",
        "{\"correlation_id\":\"c\",\"status\":\"200\",\"body\":{}}",
        "{\"correlation_id\":\"c\",\"status\":200,\"body\":null}",
        "{\"correlation_id\":\"c\",\"status\":200,\"body\":\"text\"}",
        "{\"correlation_id\":\"c\",\"status\":200,\"body\":[1,2]}",
        "{\"correlation_id\":\"c\",\"status\":200,\"body\":{},\"body\":{}}",
        "{\"correlation_id\":\"c\",\"status\":200,\"body\":{\"a\":}}",
    })
    void shouldRefuseAnUnreadableReply(String value) {
        assertThatThrownBy(() -> LedgerReply.decode(utf8(value))).isInstanceOf(IOException.class);
    }

    @Test
    void shouldCarryTheTopLevelDecisionOfTheBodyButNotOneNestedInTheCallersMetadata() throws IOException {
        LedgerReply reply = LedgerReply.decode(utf8("{\"correlation_id\":\"c\",\"status\":403,\"body\":"
                + "{\"metadata\":{\"decision\":\"ALLOW\"},\"decision\":\"DENY\",\"reasons\":[\"X\"]}}"));

        assertThat(reply.summary().decision()).isEqualTo(Decision.DENY);
        assertThat(reply.summary().errorCode()).isNull();
    }

    @Test
    void shouldCarryTheErrorCodeOfAnErrorBody() throws IOException {
        LedgerReply reply = LedgerReply.decode(utf8("{\"correlation_id\":\"c\",\"status\":409,\"body\":"
                + "{\"error\":{\"message\":\"m\",\"code\":\"REPLAY_CONFLICT\"},\"decision_id\":\"d_1\"}}"));

        assertThat(reply.summary()).isEqualTo(new LedgerReply.Summary(null, "REPLAY_CONFLICT"));
    }

    @Test
    void shouldReadBackWhatItWritesWithTheBodyUntouched() throws IOException {
        byte[] body = ErrorBody.of(ErrorCode.NOT_FOUND, "no such budget", "budget_id", "d_7");
        LedgerReply written = new LedgerReply("c-3", "commit", "k-3", 404, LedgerReply.Summary.ofError(
                ErrorCode.NOT_FOUND), body);

        LedgerReply read = LedgerReply.decode(written.encode());

        assertThat(read.body()).isEqualTo(body);
        assertThat(read).usingRecursiveComparison().isEqualTo(written);
    }

    @Test
    void shouldTellAKeyActivationFromItsRefusal() throws IOException {
        LedgerReply activated = LedgerReply.decode(utf8("{\"correlation_id\":\"c\",\"verb\":\"key_activated\","
                + "\"idempotency_key\":\"a\",\"status\":200,\"body\":{\"activated\":true,\"kid\":\"k2\",\"partition\":0}}"));
        LedgerReply refused = LedgerReply.decode(utf8("{\"correlation_id\":\"c\",\"verb\":\"key_activated\","
                + "\"idempotency_key\":\"a\",\"status\":400,\"body\":{\"error\":{\"code\":\"INVALID_REQUEST\","
                + "\"message\":\"unknown kid\"}}}"));

        assertThat(activated.keyActivated()).isTrue();
        assertThat(refused.keyActivated()).isFalse();
    }

    @Test
    void shouldRenderAnErrorBodyAsCanonicalJson() {
        assertThat(new String(ErrorBody.of(ErrorCode.TIMEOUT, "late", null, null), UTF_8))
                .isEqualTo("{\"error\":{\"code\":\"TIMEOUT\",\"message\":\"late\"}}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }
}
