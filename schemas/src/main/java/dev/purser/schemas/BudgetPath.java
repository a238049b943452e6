package dev.purser.schemas;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A budget id: a slash-separated path whose first segment is the tenant ({@code acme/eng/bot}).
 * Segments match {@code [a-z0-9][a-z0-9._-]{0,63}}; at most 8 segments. Its ancestors are its
 * proper prefixes, root first.
 */
public record BudgetPath(String value) {
    public static final int MAX_SEGMENTS = 8;
    private static final Pattern SEGMENT = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    public BudgetPath {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Why {@code value} is not a budget id, or null when it is one. */
    public static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "must be a non-empty path of segments";
        }
        String[] segments = value.split("/", -1);
        if (segments.length > MAX_SEGMENTS) {
            return "must have at most " + MAX_SEGMENTS + " segments";
        }
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches()) {
                return "segment '" + abbreviate(segment) + "' must match [a-z0-9][a-z0-9._-]{0,63}";
            }
        }
        return null;
    }

    public static boolean isTenant(String value) {
        return value != null && SEGMENT.matcher(value).matches();
    }

    public String tenant() {
        int slash = value.indexOf('/');
        return slash < 0 ? value : value.substring(0, slash);
    }

    /**
     * Whether this budget is in {@code tenant}'s tree: the one ownership rule (PROTOCOL.md §7) used by
     * the bridge's routes, the ledger's record-key check and the decider.
     */
    public boolean belongsTo(String tenant) {
        return tenant().equals(tenant);
    }

    /** This path and all its ancestors, root first. */
    public List<String> selfAndAncestors() {
        List<String> paths = new ArrayList<>();
        int from = 0;
        while (true) {
            int slash = value.indexOf('/', from);
            if (slash < 0) {
                paths.add(value);
                return paths;
            }
            paths.add(value.substring(0, slash));
            from = slash + 1;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 70 ? s.substring(0, 70) + "..." : s;
    }

    @Override
    public String toString() {
        return value;
    }
}
