package dev.purser.schemas.audit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The JWK Set of the keys that verify audit events ({@code /.well-known/asp-jwks.json}): current and retired. */
public final class Jwks {
    private Jwks() {
    }

    public static byte[] render(List<PublicKey> keys) {
        ObjectNode jwks = Json.MAPPER.createObjectNode();
        ArrayNode array = jwks.putArray("keys");
        for (PublicKey key : keys) {
            array.add(Json.MAPPER.valueToTree(key.toJwk()));
        }
        return CanonicalJson.canonicalize(jwks).getBytes(StandardCharsets.UTF_8);
    }
}
