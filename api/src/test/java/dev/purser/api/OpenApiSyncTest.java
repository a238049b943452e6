package dev.purser.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.purser.schemas.Json;
import io.javalin.Javalin;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code openapi.json} describes exactly the routes the bridge registers, no more, no less: the
 * (method, path) pairs of the document and of the Javalin router are compared in both directions
 * (Javalin's {@code <budget_id>}, the rest of the path, is OpenAPI's {@code {budget_id}}). Also: the
 * document is JSON, OpenAPI 3.0.3, every operation answers something, every path parameter is
 * declared, and every {@code $ref} resolves.
 */
class OpenApiSyncTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch",
            "trace");
    private static JsonNode document;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = HttpBridge.class.getResourceAsStream("/openapi.json")) {
            assertThat(in).as("openapi.json on the class path").isNotNull();
            document = Json.MAPPER.readTree(in);
        }
    }

    @Test
    void shouldDocumentEveryRouteTheBridgeRegistersAndNoOther() {
        Javalin app = new TestBridge().app();
        Set<String> registered = new TreeSet<>();
        for (var parsed : app.unsafe.internalRouter.allHttpHandlers()) {
            Endpoint endpoint = parsed.endpoint;
            if (endpoint.method.isHttpMethod()) {
                registered.add(endpoint.method.name().toUpperCase(Locale.ROOT) + " "
                        + endpoint.path.replace('<', '{').replace('>', '}'));
            }
        }

        assertThat(registered).as("routes registered").isNotEmpty();
        assertThat(documentedOperations()).isEqualTo(registered);
    }

    @Test
    void shouldBeOpenApi303WithABearerScheme() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        assertThat(document.path("info").path("version").asText()).isNotBlank();
        JsonNode bearer = document.at("/components/securitySchemes/bearerAuth");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/security/0").has("bearerAuth")).isTrue();
    }

    @Test
    void shouldGiveEveryOperationAnIdAndAtLeastOneResponse() {
        Set<String> ids = new TreeSet<>();
        forEachOperation((key, operation) -> {
            assertThat(operation.path("responses").size()).as("responses of %s", key).isPositive();
            operation.path("responses").properties().forEach(response -> assertThat(response.getKey())
                    .as("status of %s", key).matches("[1-5][0-9][0-9]|default"));
            assertThat(ids.add(operation.path("operationId").asText())).as("unique operationId of %s", key).isTrue();
        });
        assertThat(ids).doesNotContain("");
    }

    @Test
    void shouldDocumentTheErrorsOfEveryCommandWithTheErrorSchema() {
        for (String command : List.of("POST /v1/reservations", "POST /v1/reservations/{reservation_id}/commit",
                "POST /v1/reservations/{reservation_id}/release", "POST /v1/reservations/{reservation_id}/refund",
                "POST /v1/reservations/{reservation_id}/extend", "PUT /v1/budgets/{budget_id}")) {
            JsonNode responses = operation(command).path("responses");
            for (String status : List.of("200", "400", "401", "403", "404", "409", "415", "503", "504")) {
                if (status.equals("403") && !command.startsWith("PUT") && !command.equals("POST /v1/reservations")) {
                    continue;
                }
                assertThat(responses.has(status)).as("%s answers %s", command, status).isTrue();
            }
            for (String status : List.of("400", "401", "404", "409", "415", "503", "504")) {
                assertThat(resolve(responses.get(status)).at("/content/application~1json/schema/$ref").asText())
                        .as("%s %s body", command, status).isEqualTo("#/components/schemas/Error");
            }
        }
        assertThat(operation("POST /v1/reservations/{reservation_id}/commit").path("responses").has("410")).isTrue();
        assertThat(resolve(operation("PUT /v1/budgets/{budget_id}").at("/responses/403"))
                .at("/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/Error");
        assertThat(operation("POST /v1/reservations").at("/responses/403/content/application~1json/schema/$ref")
                .asText()).as("a DENY is the decision, not an error").isEqualTo("#/components/schemas/Decision");
    }

    @Test
    void shouldDeclareEveryPathParameter() {
        Pattern template = Pattern.compile("\\{([a-z_]+)}");
        forEachOperation((key, operation) -> {
            Set<String> declared = new TreeSet<>();
            for (JsonNode parameter : operation.path("parameters")) {
                JsonNode p = resolve(parameter);
                if (p.path("in").asText().equals("path")) {
                    assertThat(p.path("required").asBoolean()).as("%s %s required", key, p.path("name")).isTrue();
                    declared.add(p.path("name").asText());
                }
            }
            Set<String> inPath = new TreeSet<>();
            Matcher m = template.matcher(key.substring(key.indexOf(' ') + 1));
            while (m.find()) {
                inPath.add(m.group(1));
            }
            assertThat(declared).as("path parameters of %s", key).isEqualTo(inPath);
        });
    }

    @Test
    void shouldResolveEveryReference() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as("target of %s", ref).isFalse();
        }
    }

    private static Set<String> documentedOperations() {
        Set<String> operations = new TreeSet<>();
        forEachOperation((key, operation) -> operations.add(key));
        return operations;
    }

    private static JsonNode operation(String key) {
        String[] parts = key.split(" ", 2);
        return document.path("paths").path(parts[1]).path(parts[0].toLowerCase(Locale.ROOT));
    }

    private interface OperationVisitor {
        void visit(String key, JsonNode operation);
    }

    private static void forEachOperation(OperationVisitor visitor) {
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            path.getValue().properties().forEach(method -> {
                if (HTTP_METHODS.contains(method.getKey())) {
                    visitor.visit(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), method.getValue());
                }
            });
        }
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref == null ? node : document.at(ref.asText().substring(1));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("$ref")) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
