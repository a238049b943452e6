package dev.purser.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Refuses bytes that are not well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
 * past U+10FFFF) before any JSON parser sees them; Jackson alone decodes some of those leniently.
 */
public final class StrictUtf8 {
    private StrictUtf8() {
    }

    public static void check(byte[] bytes, String what) {
        if (decode(bytes).isEmpty()) {
            throw new InvalidRequestException(null, what + " is not well-formed UTF-8");
        }
    }

    /** The text, or empty when the bytes are not well-formed UTF-8. */
    public static java.util.Optional<String> decode(byte[] bytes) {
        try {
            return java.util.Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return java.util.Optional.empty();
        }
    }
}
