package dev.purser.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.ParameterizedTest;

/** Ed25519 signing keys: RFC 8032 vectors, RFC 8037/7638 kids, PEM round trips, tamper detection. */
class SigningTest {
    private static final HexFormat HEX = HexFormat.of();
    /** RFC 8032 section 7.1, TEST 1 (empty message). */
    private static final byte[] SEED_1 = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] PUBLIC_1 = HEX.parseHex(
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] SIGNATURE_1 = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522"
            + "4901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
    /** RFC 8032 section 7.1, TEST 2 (one byte, 0x72). */
    private static final byte[] SEED_2 = HEX.parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static final byte[] SIGNATURE_2 = HEX.parseHex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223eb"
            + "db69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

    @Test
    void shouldReproduceRfc8032TestVector1() {
        SigningKey key = SigningKey.fromSeed(SEED_1, null);
        assertThat(key.publicKey().raw()).isEqualTo(PUBLIC_1);
        String signature = key.sign(new byte[0]);
        assertThat(Base64.getUrlDecoder().decode(signature)).isEqualTo(SIGNATURE_1);
        assertThat(signature).hasSize(86).doesNotContain("=");
        assertThat(key.publicKey().verify(new byte[0], signature)).isTrue();
    }

    @Test
    void shouldReproduceRfc8032TestVector2() {
        SigningKey key = SigningKey.fromSeed(SEED_2, null);
        assertThat(Base64.getUrlDecoder().decode(key.sign(new byte[] {0x72}))).isEqualTo(SIGNATURE_2);
    }

    @Test
    void shouldUseTheRfc7638ThumbprintAsKidAsInRfc8037() {
        SigningKey key = SigningKey.fromSeed(SEED_1, null);
        assertThat(key.kid()).isEqualTo("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
        assertThat(key.publicKey().toJwk()).containsEntry("kty", "OKP").containsEntry("crv", "Ed25519")
                .containsEntry("x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo")
                .containsEntry("kid", key.kid()).containsEntry("alg", "EdDSA");
    }

    @Test
    void shouldKeepTheKidStableForTheSameKeyUnlessOneIsGiven() {
        assertThat(SigningKey.fromSeed(SEED_1, null).kid()).isEqualTo(SigningKey.fromSeed(SEED_1.clone(), null).kid());
        assertThat(SigningKey.fromSeed(SEED_1, null).kid()).isNotEqualTo(SigningKey.fromSeed(SEED_2, null).kid());
        assertThat(SigningKey.fromSeed(SEED_1, "2026-05").kid()).isEqualTo("2026-05");
    }

    @Test
    void shouldRoundTripThroughPkcs8Pem() {
        SigningKey key = SigningKey.fromSeed(SEED_1, null);
        String pem = key.toPkcs8Pem();
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        SigningKey read = SigningKey.fromPem(pem, null);
        assertThat(read.kid()).isEqualTo(key.kid());
        assertThat(read.publicKey().raw()).isEqualTo(PUBLIC_1);
        assertThat(read.sign(new byte[0])).isEqualTo(key.sign(new byte[0]));

        SigningKey generated = SigningKey.generate();
        SigningKey again = SigningKey.fromPem(generated.toPkcs8Pem(), "k1");
        byte[] message = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(again.kid()).isEqualTo("k1");
        assertThat(generated.publicKey().verify(message, again.sign(message))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "k/1", "caf\u00e9"})
    void shouldRefuseAKidThatKeyActivatedCouldNotName(String kid) {
        assertThatThrownBy(() -> SigningKey.fromSeed(SEED_1, kid)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kid must be 1-128");
        assertThatThrownBy(() -> SigningKey.fromPem(SigningKey.fromSeed(SEED_1, null).toPkcs8Pem(), kid))
                .hasMessageContaining("kid must be 1-128");
    }

    @Test
    void shouldTakeAKidOf128ButNot129Characters() {
        assertThat(SigningKey.fromSeed(SEED_1, "k".repeat(128)).kid()).hasSize(128);
        assertThatThrownBy(() -> SigningKey.fromSeed(SEED_1, "k".repeat(129)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseAPemThatIsNotAnEd25519PrivateKey() {
        assertThatThrownBy(() -> SigningKey.fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
                null)).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("AAAA");
    }

    @Test
    void shouldNotVerifyATamperedMessageOrSignature() {
        SigningKey key = SigningKey.fromSeed(SEED_2, null);
        byte[] message = "{\"amount\":\"200\"}".getBytes(StandardCharsets.UTF_8);
        String signature = key.sign(message);
        assertThat(key.publicKey().verify(message, signature)).isTrue();

        byte[] tampered = message.clone();
        tampered[11] = '3';
        assertThat(key.publicKey().verify(tampered, signature)).isFalse();
        byte[] flipped = Base64.getUrlDecoder().decode(signature);
        flipped[0] ^= 1;
        assertThat(key.publicKey().verify(message, B64URL.encodeToString(flipped))).isFalse();
        assertThat(key.publicKey().verify(message, signature.substring(0, 80))).isFalse();
        assertThat(key.publicKey().verify(message, "not base64url!")).isFalse();
        assertThat(SigningKey.fromSeed(SEED_1, null).publicKey().verify(message, signature)).isFalse();
    }

    @Test
    void shouldVerifyNothingWithAKeyThatIsNotAnEd25519Point() {
        String signature = B64URL.encodeToString(SIGNATURE_1);
        byte[] notAPoint = new byte[32]; // y = 0: a point of small order, refused as a public key
        byte[] tooShort = java.util.Arrays.copyOf(PUBLIC_1, 31);

        assertThat(new PublicKey("k", PUBLIC_1).verify(new byte[0], signature)).isTrue();
        assertThat(new PublicKey("k", notAPoint).verify(new byte[0], signature)).isFalse();
        assertThat(new PublicKey("k", tooShort).verify(new byte[0], signature)).isFalse();
    }

    @Test
    void shouldKeepItsBytesToItself() {
        byte[] bytes = PUBLIC_1.clone();
        PublicKey key = new PublicKey("k", bytes);
        bytes[0] ^= 1;
        key.raw()[1] ^= 1;

        assertThat(key.raw()).isEqualTo(PUBLIC_1);
        assertThat(key.verify(new byte[0], B64URL.encodeToString(SIGNATURE_1))).isTrue();
        assertThat(key).isEqualTo(new PublicKey("k", PUBLIC_1)).hasSameHashCodeAs(new PublicKey("k", PUBLIC_1));
    }

    @Test
    void shouldVerifyWithAPublicKeyReadFromItsJwk() {
        SigningKey key = SigningKey.fromSeed(SEED_1, null);
        PublicKey fromJwk = PublicKey.fromJwkX(key.kid(), (String) key.publicKey().toJwk().get("x"));
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        assertThat(fromJwk.verify(message, key.sign(message))).isTrue();
    }
}
