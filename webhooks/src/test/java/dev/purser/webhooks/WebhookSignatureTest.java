package dev.purser.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Signatures per Standard Webhooks: HMAC-SHA256 of "id.timestamp.body", base64, prefixed v1. */
class WebhookSignatureTest {
    /** The example of the Standard Webhooks specification (also reproduced with openssl dgst -hmac). */
    private static final byte[] SPEC_KEY = WebhookSignature.secretKey("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldSignTheSpecificationsExampleAsTheSpecificationDoes() {
        assertThat(WebhookSignature.sign(SPEC_KEY, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, SPEC_BODY))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void shouldSignAnAuditEventAsOpensslDoes() {
        // printf 'd_…01.1733385600.{…}' | openssl dgst -sha256 -hmac 'purser-webhook-test-key!' -binary | base64
        byte[] key = WebhookSignature.secretKey("whsec_cHVyc2VyLXdlYmhvb2stdGVzdC1rZXkh");
        byte[] body = "{\"type\":\"dev.purser.audit.threshold_crossed\"}".getBytes(StandardCharsets.UTF_8);

        assertThat(WebhookSignature.sign(key, "d_00000000000000000000000000000001", 1733385600, body))
                .isEqualTo("v1,g+0AR75to4o4uBVaGaGXSY035EZOjV1QA8F/byOcags=");
    }

    @Test
    void shouldVerifyOnlyTheSameBodyIdAndAFreshTimestamp() {
        String id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
        String signature = "v1,bogus v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

        assertThat(WebhookSignature.verify(SPEC_KEY, id, "1614265330", signature, SPEC_BODY, 1614265330 + 299, 300))
                .isTrue();
        assertThat(WebhookSignature.verify(SPEC_KEY, id, "1614265330", signature, SPEC_BODY, 1614265330 + 301, 300))
                .as("replayed after the tolerance").isFalse();
        assertThat(WebhookSignature.verify(SPEC_KEY, "msg_other", "1614265330", signature, SPEC_BODY, 1614265330, 300))
                .as("another id").isFalse();
        assertThat(WebhookSignature.verify(SPEC_KEY, id, "1614265330", signature,
                "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8), 1614265330, 300)).as("another body").isFalse();
        assertThat(WebhookSignature.verify(SPEC_KEY, id, "1614265331", signature, SPEC_BODY, 1614265330, 300))
                .as("another timestamp").isFalse();
    }

    @Test
    void shouldRefuseSecretsThatAreNotWhsecBase64OfAUsefulLength() {
        assertThatThrownBy(() -> WebhookSignature.secretKey("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                .hasMessageContaining("whsec_");
        assertThatThrownBy(() -> WebhookSignature.secretKey("whsec_c2hvcnQ=")).hasMessageContaining("24 to 64");
        assertThatThrownBy(() -> WebhookSignature.secretKey("whsec_***")).hasMessageContaining("base64");
    }
}
