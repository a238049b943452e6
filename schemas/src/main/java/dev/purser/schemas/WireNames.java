package dev.purser.schemas;

import java.util.Locale;

/** The one place that maps enums to their wire names: lower case, except decisions and codes. */
public final class WireNames {
    private WireNames() {
    }

    public static String of(Enum<?> value) {
        return upperCase(value.getDeclaringClass()) ? value.name() : value.name().toLowerCase(Locale.ROOT);
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String wire) {
        for (E value : type.getEnumConstants()) {
            if (of(value).equals(wire)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown value '" + wire + "'");
    }

    private static boolean upperCase(Class<?> type) {
        return type == Decision.class || type == ReasonCode.class || type == ErrorCode.class;
    }
}
