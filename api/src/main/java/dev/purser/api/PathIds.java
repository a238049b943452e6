package dev.purser.api;

import dev.purser.schemas.BudgetPath;
import dev.purser.schemas.InvalidRequestException;
import io.javalin.http.Context;
import java.util.regex.Pattern;

/** Ids taken from the path, checked against the grammar before anything else sees them. */
final class PathIds {
    private static final Pattern RESERVATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private PathIds() {
    }

    static String reservationId(Context ctx) {
        String id = ctx.pathParam("reservation_id");
        if (!RESERVATION_ID.matcher(id).matches()) {
            throw new InvalidRequestException("reservation_id", "must match [A-Za-z0-9._-]{1,128}");
        }
        return id;
    }

    /** {@code {budget_id}} is the rest of the path, slashes included ({@code %2F} accepted too). */
    static String budgetId(Context ctx) {
        String id = ctx.pathParam("budget_id").replace("%2F", "/").replace("%2f", "/");
        String problem = BudgetPath.problem(id);
        if (problem != null) {
            throw new InvalidRequestException("budget_id", problem);
        }
        return id;
    }
}
