package dev.purser.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.purser.client.Hold;
import dev.purser.pricing.ModelPrice;

/** The gate's answer before forwarding: forward this body under this hold, or refuse in the provider's shape. */
sealed interface Admission {
    /** Forward {@code body} (its output limit or model possibly changed); settle {@code hold} afterwards. */
    record Forward(ObjectNode body, Hold hold, ModelPrice price) implements Admission {
    }

    /** Refuse without calling the upstream. */
    record Refuse(int status, String code, String message, String decisionId) implements Admission {
    }
}
