package dev.purser.standalone;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The value of one key and the layer it came from; reads the value as a number or a path and
 * names the key, the value and its origin when it cannot.
 *
 * @param key    the key
 * @param value  the value, trimmed
 * @param origin where it was set, e.g. {@code default}, {@code environment variable PURSER_PARTITIONS}
 */
public record Setting(ConfigKey key, String value, String origin) {
    static final String DEFAULT = "default";

    static Setting ofDefault(ConfigKey key) {
        return new Setting(key, key.defaultValue(), DEFAULT);
    }

    public boolean isDefault() {
        return DEFAULT.equals(origin);
    }

    long longValue(long min, long max) {
        String range = max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "at least " + min
                : "from " + min + " to " + max;
        try {
            long number = Long.parseLong(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number out of range
        }
        throw invalid("expected a whole number " + range);
    }

    Path path() {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw invalid("not a valid path: " + e.getReason());
        }
    }

    ConfigException invalid(String problem) {
        return new ConfigException("invalid value '" + value + "' for " + key.key() + " (from " + origin + "): "
                + problem);
    }
}
