package dev.purser.webhooks;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.purser.schemas.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the endpoints file ({@code webhooks.file}): a JSON array of
 * {@code {"name", "url", "secret_file", "types"?, "tenants"?}}; a secret file holds
 * {@code whsec_<base64>} and must be readable by its owner only. Unknown members are refused.
 */
public final class WebhookEndpoints {
    private static final Set<String> MEMBERS = Set.of("name", "url", "secret_file", "types", "tenants");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

    private WebhookEndpoints() {
    }

    public static List<WebhookEndpoint> read(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the webhooks file " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("the webhooks file " + file + " must hold a JSON array");
        }
        List<WebhookEndpoint> endpoints = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (JsonNode entry : root) {
            WebhookEndpoint endpoint = endpoint(file.toAbsolutePath().getParent(), entry);
            if (!names.add(endpoint.name())) {
                throw new IllegalArgumentException("two webhooks are named " + endpoint.name());
            }
            endpoints.add(endpoint);
        }
        return endpoints;
    }

    private static WebhookEndpoint endpoint(Path dir, JsonNode entry) {
        if (!entry.isObject()) {
            throw new IllegalArgumentException("each webhook is a JSON object");
        }
        entry.fieldNames().forEachRemaining(field -> {
            if (!MEMBERS.contains(field)) {
                throw new IllegalArgumentException("unknown webhook member '" + field + "' (allowed: " + MEMBERS + ")");
            }
        });
        String name = required(entry, "name");
        Path secretFile = dir.resolve(required(entry, "secret_file"));
        SecretFiles.checkOwnerOnly(secretFile, "webhook secret of " + name);
        byte[] key;
        try {
            key = WebhookSignature.secretKey(Files.readString(secretFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret of webhook " + name, e);
        }
        Set<String> types = strings(entry, "types");
        return new WebhookEndpoint(name, URI.create(required(entry, "url")), key,
                types.isEmpty() ? WebhookEndpoint.DEFAULT_TYPES : types, strings(entry, "tenants"));
    }

    private static String required(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw new IllegalArgumentException("a webhook needs '" + field + "' (a string)");
        }
        return value.textValue();
    }

    private static Set<String> strings(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        Set<String> result = new LinkedHashSet<>();
        if (value == null) {
            return result;
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("'" + field + "' of a webhook is an array of strings");
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException("'" + field + "' of a webhook is an array of strings");
            }
            result.add(item.textValue());
        }
        return result;
    }
}
