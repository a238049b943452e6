package dev.purser.schemas.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purser.schemas.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signing key files (issue 5, secrets): a PEM or private-JWK key file that group or others may read
 * or write is refused with a message that names the file and the fix and holds no key material; an
 * owner-only file is read; a generated key file is written owner-only.
 */
class SigningKeyFileTest {
    private static final byte[] SEED = new byte[32];

    static {
        for (int i = 0; i < SEED.length; i++) {
            SEED[i] = (byte) (i * 7 + 3);
        }
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} key file with {1}")
    @CsvSource({"pem, rw-r-----", "pem, rw----r--", "pem, rw--w----", "pem, rw-----w-", "pem, rw-rw-rw-",
        "jwk, rw-r--r--", "jwk, r--r-----"})
    void shouldRefuseAKeyFileThatGroupOrOthersMayReadOrWrite(String format, String permissions) throws IOException {
        Path file = keyFile(format);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));

        assertThatThrownBy(() -> SigningKeyFile.read(file, null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("readable or writable by group or others")
                .hasMessageContaining("chmod 600 " + file)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(jwkD()).doesNotContain(pemBody()));
    }

    @ParameterizedTest(name = "{0} key file with {1}")
    @CsvSource({"pem, rw-------", "pem, r--------", "jwk, rw-------"})
    void shouldReadAnOwnerOnlyKeyFile(String format, String permissions) throws IOException {
        Path file = keyFile(format);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));

        assertThat(SigningKeyFile.read(file, "k").publicKey().raw()).isEqualTo(SigningKey.fromSeed(SEED, "k").publicKey()
                .raw());
    }

    @Test
    void shouldWriteAGeneratedKeyFileOwnerOnly() throws IOException {
        Path file = dir.resolve("keys/generated.pem");

        SigningKeyFile.readOrCreate(file, null);

        assertThat(Files.getPosixFilePermissions(file))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }

    @Test
    void shouldNotEchoKeyMaterialWhenAPrivateJwkIsMalformed() throws IOException {
        Path file = dir.resolve("bad.jwk");
        SecretFiles.writeOwnerOnly(file, "{\"kty\":\"OKP\",\"crv\":\"Ed448\",\"d\":\"" + jwkD() + "\"}", "test key");

        assertThatThrownBy(() -> SigningKeyFile.read(file, null))
                .hasMessageContaining(file.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(jwkD()));
    }

    private Path keyFile(String format) {
        Path file = dir.resolve("key." + format);
        SecretFiles.writeOwnerOnly(file, format.equals("pem") ? SigningKey.fromSeed(SEED, null).toPkcs8Pem()
                : "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"d\":\"" + jwkD() + "\"}", "test key");
        return file;
    }

    private static String jwkD() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(SEED);
    }

    private static String pemBody() {
        return SigningKey.fromSeed(SEED, null).toPkcs8Pem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }
}
