package dev.purser.loadgen;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --key value} and {@code --key=value} flags after the mode word, each of which must be one of
 * the known keys (those of the defaults). Shared by {@link LoadSettings} and {@link CompareSettings}.
 */
final class Flags {
    private Flags() {
    }

    /** The defaults overridden by {@code args[1..]}; refuses an unknown flag or one without a value. */
    static Map<String, String> parse(String[] args, Map<String, String> defaults, String usage) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + arg + "\n" + usage);
            }
            String key;
            String value;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                key = arg.substring(2, eq);
                value = arg.substring(eq + 1);
            } else {
                key = arg.substring(2);
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + key + " needs a value");
                }
                value = args[++i];
            }
            if (!defaults.containsKey(key)) {
                throw new IllegalArgumentException("unknown flag --" + key + "\n" + usage);
            }
            values.put(key, value);
        }
        return values;
    }
}
