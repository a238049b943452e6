package dev.purser.standalone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;

/**
 * Dev bearer tokens for the one-command start: generated once into {@code data.dir/keys/credentials}
 * (owner-only), tenant {@code demo}, one admin and one agent token. Never logged.
 */
final class DevCredentials {
    static final String TENANT = "demo";

    private DevCredentials() {
    }

    static void createIfMissing(Path file) {
        if (Files.exists(file)) {
            return;
        }
        String text = "# Purser dev credentials, generated on first start. <token-or-sha256:hex> <tenant> <role>\n"
                + token() + " " + TENANT + " admin\n"
                + token() + " " + TENANT + " agent\n";
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(file, EnumSet.of(PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write dev credentials " + file, e);
        }
    }

    private static String token() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return "pt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
