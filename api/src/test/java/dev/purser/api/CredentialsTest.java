package dev.purser.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.SecretFiles;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The credentials file ({@code <token-or-sha256:hex> <tenant> <role>} a line) and bearer
 * authentication: a token names exactly one principal, and nothing else does.
 */
class CredentialsTest {
    private static final String SECRET = "s3cret-token-of-globex";
    private static final String SECRET_HASH = CanonicalJson.sha256Hex(SECRET.getBytes(UTF_8));

    private final Credentials credentials = Credentials.parse(List.of(
            "# Purser credentials: <token-or-sha256:hex> <tenant> <role>",
            "",
            "   ",
            "acme-agent-token acme agent",
            "\tacme-admin-token\t acme   ADMIN  ",
            "  # an indented comment",
            "sha256:" + SECRET_HASH.toUpperCase() + " globex agent"), "creds");

    @Test
    void shouldSkipCommentsAndBlankLines() {
        assertThat(credentials.size()).isEqualTo(3);
    }

    @Test
    void shouldNameThePrincipalOfAPlainToken() {
        assertThat(credentials.authenticate("acme-agent-token")).contains(new Principal("acme", Role.AGENT));
        assertThat(credentials.authenticate("acme-admin-token")).contains(new Principal("acme", Role.ADMIN));
    }

    @Test
    void shouldNameThePrincipalOfATokenKeptOnlyAsItsHash() {
        assertThat(credentials.authenticate(SECRET)).contains(new Principal("globex", Role.AGENT));
    }

    @Test
    void shouldNotTakeTheHashForTheToken() {
        assertThat(credentials.authenticate("sha256:" + SECRET_HASH)).isEmpty();
        assertThat(credentials.authenticate(SECRET_HASH)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"acme-agent-toke", "acme-agent-token ", "acme-agent-tokeN", "ACME-AGENT-TOKEN",
        "acme-agent-tokenx", "acme", "agent"})
    void shouldNameNobodyForAnyOtherToken(String token) {
        assertThat(credentials.authenticate(token)).isEmpty();
    }

    @Test
    void shouldNameNobodyForAnOverlongToken() {
        Credentials longOne = Credentials.parse(List.of("x".repeat(5000) + " acme agent"), "creds");

        assertThat(longOne.authenticate("x".repeat(5000))).isEmpty();
    }

    @Test
    void shouldMatchWhicheverEntryTheTokenIsIn() {
        for (int position = 0; position < 5; position++) {
            String[] lines = new String[5];
            for (int i = 0; i < 5; i++) {
                lines[i] = (i == position ? "wanted" : "other-" + i) + " t" + i + " agent";
            }
            Credentials some = Credentials.parse(List.of(lines), "creds");

            assertThat(some.authenticate("wanted")).as("entry %d", position)
                    .isEqualTo(Optional.of(new Principal("t" + position, Role.AGENT)));
        }
    }

    @Test
    void shouldNameTheLineOfAnIncompleteEntryWithoutEchoingTheToken() {
        assertRefused(List.of("# header", "good-token acme agent", "leaky-token-1 acme"), "creds line 3",
                "leaky-token-1");
        assertRefused(List.of("leaky-token-2 acme agent extra"), "creds line 1", "leaky-token-2");
    }

    @Test
    void shouldNameTheLineOfABadTenantWithoutEchoingTheToken() {
        assertRefused(List.of("", "leaky-token-3 Acme agent"), "creds line 2", "leaky-token-3");
        assertRefused(List.of("leaky-token-4 acme/eng agent"), "creds line 1", "leaky-token-4");
    }

    @Test
    void shouldNameTheLineOfABadRoleWithoutEchoingTheToken() {
        assertRefused(List.of("leaky-token-5 acme root"), "creds line 1", "leaky-token-5");
    }

    @Test
    void shouldNameTheLineOfABadHashWithoutEchoingIt() {
        String shortHash = SECRET_HASH.substring(1);
        assertRefused(List.of("#", "sha256:" + shortHash + " acme agent"), "creds line 2", shortHash);
        assertRefused(List.of("sha256:" + SECRET_HASH.replace('a', 'g') + " acme agent"), "creds line 1",
                SECRET_HASH.replace('a', 'g'));
    }

    @Test
    void shouldRefuseATokenListedTwiceForItWouldNameTwoPrincipals() {
        assertRefused(List.of("leaky-token-6 acme agent", "# again", "leaky-token-6 globex admin"),
                "creds line 3: the same token as line 1", "leaky-token-6");
        assertRefused(List.of(SECRET + " acme agent", "sha256:" + SECRET_HASH + " globex agent"),
                "creds line 2: the same token as line 1", SECRET);
    }

    @Test
    void shouldLoadAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials");
        SecretFiles.writeOwnerOnly(file, "# comment\n\nfile-token acme admin\n", "credentials");

        assertThat(Credentials.load(file).authenticate("file-token")).contains(new Principal("acme", Role.ADMIN));
    }

    @Test
    void shouldNameTheFileItCannotRead(@TempDir Path dir) {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> Credentials.load(missing)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(missing.toString());
    }

    @Test
    void shouldNameTheFileAndLineOfABadEntry(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials");
        SecretFiles.writeOwnerOnly(file, "ok-token acme agent\nleaky-token-7 acme wizard\n", "credentials");

        assertThatThrownBy(() -> Credentials.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + " line 2").hasMessageNotContaining("leaky-token-7");
    }

    @Test
    void shouldRefuseAFileOfPlaintextTokensThatGroupOrOthersMayRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials");
        SecretFiles.writeOwnerOnly(file, "# hashes are fine\nsha256:" + SECRET_HASH + " acme agent\n"
                + "loose-token-8 acme admin\n", "credentials");
        for (String loose : List.of("rw-r-----", "rw----r--", "rw--w----", "rw-----w-")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(loose));

            assertThatThrownBy(() -> Credentials.load(file)).as(loose).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("credentials file " + file).hasMessageContaining("chmod 600 " + file)
                    .hasMessageNotContaining("loose-token-8");
        }
    }

    @Test
    void shouldAcceptAFileOfHashesOnlyWhateverItsPermissions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials");
        Files.writeString(file, "sha256:" + SECRET_HASH + " acme agent\n", UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(Credentials.load(file).authenticate(SECRET)).contains(new Principal("acme", Role.AGENT));
    }

    private static void assertRefused(List<String> lines, String where, String secret) {
        assertThatThrownBy(() -> Credentials.parse(lines, "creds")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(where).hasMessageNotContaining(secret);
    }
}
