package dev.purser.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a reply from {@code purser.replies} (key = tenant, value = {@code {"correlation_id",
 * "verb", "idempotency_key", "status", "body"}}): the body is cut out of the record byte for
 * byte, never re-encoded, so a replay answers exactly what the first call answered (PROTOCOL.md §4).
 */
class ReplyTest {

    @Test
    void shouldCutTheBodyOutExactly() throws IOException {
        String body = "{\"decision\":\"ALLOW\",\"holds\":[{\"budget_id\":\"acme\",\"window\":\"all\",\"amount\":\"1\"}],"
                + "\"nested\":{\"deeper\":{\"deepest\":[1,[2,{}]]}}}";
        Reply reply = Reply.parse(utf8("{\"correlation_id\":\"c-1\",\"verb\":\"reserve\",\"idempotency_key\":\"k\","
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

        Reply reply = Reply.parse(value);

        assertThat(reply.body()).isEqualTo(utf8(body));
        assertThat(reply.correlationId()).isEqualTo("\u00fcber-\u00e9");
        assertThat(reply.status()).isEqualTo(403);
    }

    @Test
    void shouldReadTheFieldsInAnyOrderAndSkipUnknownOnes() throws IOException {
        String body = "{\"error\":{\"code\":\"REPLAY_CONFLICT\",\"message\":\"m\"},\"decision_id\":\"d_1\"}";
        Reply reply = Reply.parse(utf8("{\"body\":" + body + ",\"extra\":{\"body\":{\"not\":\"this\"},\"status\":1},"
                + "\"status\":409,\"verb\":null,\"idempotency_key\":null,\"correlation_id\":\"c-2\"}"));

        assertThat(new String(reply.body(), UTF_8)).isEqualTo(body);
        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.correlationId()).isEqualTo("c-2");
    }

    @Test
    void shouldReadANullCorrelationId() throws IOException {
        Reply reply = Reply.parse(utf8("{\"correlation_id\":null,\"status\":400,\"body\":{}}"));

        assertThat(reply.correlationId()).isNull();
        assertThat(reply.body()).isEqualTo(utf8("{}"));
    }

    @Test
    void shouldReadAPrettyPrintedRecord() throws IOException {
        Reply reply = Reply.parse(utf8("{\n  \"correlation_id\" : \"c-9\",\n  \"status\" : 200,\n  \"body\" : {\n"
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
        assertThatThrownBy(() -> Reply.parse(utf8(value))).isInstanceOf(IOException.class);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(UTF_8);
    }
}
