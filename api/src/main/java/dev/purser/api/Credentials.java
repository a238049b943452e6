package dev.purser.api;

import dev.purser.schemas.BudgetPath;
import dev.purser.schemas.CanonicalJson;
import dev.purser.schemas.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer credentials from a file, one per line: {@code <token-or-sha256:hex> <tenant> <role>}
 * ({@code agent} or {@code admin}); blank lines and {@code #} comments are ignored. Only SHA-256
 * hashes are kept; a presented token is hashed and looked up by its hash (one hash-table lookup
 * however many credentials there are; what its timing could reveal is about the SHA-256 of the
 * presented token, never about a stored token).
 * A token listed twice is refused (it would name two principals). Errors name the line, never the token.
 *
 * <p>A file that holds any plaintext token is a secret: {@link #load} refuses it when group or others
 * may read or write it. A file of {@code sha256:} hashes only may be shared (the hashes of random
 * tokens reveal nothing usable).
 */
public final class Credentials {
    private static final String HASH_PREFIX = "sha256:";

    private record Entry(byte[] hash, Principal principal) {
    }

    private final Map<String, Principal> byHash = new HashMap<>();
    private final boolean holdsPlaintextTokens;

    private Credentials(List<Entry> entries, boolean holdsPlaintextTokens) {
        for (Entry entry : entries) {
            byHash.put(HexFormat.of().formatHex(entry.hash()), entry.principal());
        }
        this.holdsPlaintextTokens = holdsPlaintextTokens;
    }

    /** Reads a credentials file; refuses one that holds plaintext tokens and is open to group or others. */
    public static Credentials load(Path file) {
        Credentials credentials;
        try {
            credentials = parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read credentials file " + file, e);
        }
        if (credentials.holdsPlaintextTokens) {
            SecretFiles.checkOwnerOnly(file, "credentials file");
        }
        return credentials;
    }

    public static Credentials parse(List<String> lines, String source) {
        List<Entry> entries = new ArrayList<>();
        boolean plaintext = false;
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String where = source + " line " + (i + 1);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + ": expected '<token-or-sha256:hex> <tenant> <role>'");
            }
            if (!BudgetPath.isTenant(parts[1])) {
                throw new IllegalArgumentException(where + ": not a tenant id");
            }
            Role role;
            try {
                role = Role.valueOf(parts[2].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": role must be agent or admin");
            }
            byte[] hash = hashOf(parts[0], where);
            plaintext |= !parts[0].startsWith(HASH_PREFIX);
            Integer earlier = lineOf.putIfAbsent(HexFormat.of().formatHex(hash), i + 1);
            if (earlier != null) {
                throw new IllegalArgumentException(where + ": the same token as line " + earlier);
            }
            entries.add(new Entry(hash, new Principal(parts[1], role)));
        }
        return new Credentials(entries, plaintext);
    }

    /** The principal of a bearer token, if any entry matches. */
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return Optional.empty();
        }
        return Optional.ofNullable(byHash.get(HexFormat.of().formatHex(sha256(token))));
    }

    public int size() {
        return byHash.size();
    }

    private static byte[] hashOf(String tokenOrHash, String where) {
        if (tokenOrHash.startsWith(HASH_PREFIX)) {
            String hex = tokenOrHash.substring(HASH_PREFIX.length());
            if (!hex.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException(where + ": sha256: must be followed by 64 hex digits");
            }
            return HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        }
        return sha256(tokenOrHash);
    }

    static byte[] sha256(String token) {
        return CanonicalJson.sha256(token.getBytes(StandardCharsets.UTF_8));
    }
}
