package dev.purser.schemas;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * The one Jackson configuration of Purser: strict reading (duplicate keys, trailing tokens and
 * floats as BigDecimal are refused or kept exact), bounded nesting and string sizes.
 */
public final class Json {
    /** Deepest nesting accepted in any input document. */
    public static final int MAX_DEPTH = 32;
    /** Longest string value accepted in any input document. */
    public static final int MAX_STRING_LENGTH = 64 * 1024;
    /** Longest number (in characters) accepted in any input document. */
    public static final int MAX_NUMBER_LENGTH = 400;

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private Json() {
    }

    /**
     * Why an input document could not be read, for an {@code INVALID_REQUEST} message: a limit of
     * the reader (nesting, string or number length) is named as such; anything else is malformed JSON.
     */
    public static String readProblem(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException limit) {
                String message = String.valueOf(limit.getOriginalMessage());
                if (message.contains("nesting depth")) {
                    return "JSON nested deeper than " + MAX_DEPTH + " levels";
                }
                if (message.contains("String value length")) {
                    return "a JSON string longer than " + MAX_STRING_LENGTH + " characters";
                }
                if (message.contains("Number value length")) {
                    return "a JSON number longer than " + MAX_NUMBER_LENGTH + " characters";
                }
                return "JSON past a reader limit: " + firstLine(message);
            }
        }
        return "malformed JSON: " + firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
