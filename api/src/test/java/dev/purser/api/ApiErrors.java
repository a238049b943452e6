package dev.purser.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.ErrorCode;
import dev.purser.schemas.Json;
import io.javalin.testtools.Response;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Assertions on the bridge's error answers: {@code {"error":{"code","message","field"}}} (PROTOCOL.md §5). */
final class ApiErrors {
    private ApiErrors() {
    }

    /** The answer is {@code status}, JSON, and an error body with {@code code} and (when not null) {@code field}. */
    static JsonNode assertError(Response response, int status, ErrorCode code, String field) {
        String body = response.body().string();
        assertThat(response.code()).as("status of %s", body).isEqualTo(status);
        assertThat(response.headers().get("Content-Type")).as("content type of %s", body)
                .anySatisfy(type -> assertThat(type).startsWith("application/json"));
        JsonNode tree = json(body);
        assertThat(tree.size()).as("only 'error' at the top of %s", body).isEqualTo(1);
        JsonNode error = tree.get("error");
        assertThat(error).as("error object in %s", body).isNotNull();
        assertThat(error.path("code").asText()).as("code in %s", body).isEqualTo(code.name());
        assertThat(error.path("message").asText()).as("message in %s", body).isNotBlank();
        if (field != null) {
            assertThat(error.path("field").asText(null)).as("field in %s", body).isEqualTo(field);
        }
        return error;
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }
}
