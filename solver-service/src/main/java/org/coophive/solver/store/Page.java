package org.coophive.solver.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which part of a listing to read: everything, oldest first (the solver's own passes), or at
 * most {@code limit} rows by id after the id {@code after} (the API's pages: keyset by a unique
 * key, so a row is never seen twice and a page costs the same however deep it is).
 *
 * @param after the last id of the previous page, {@code ""} for the first page
 * @param limit the most rows, 0 for all (then oldest first)
 */
public record Page(String after, int limit) {

    /** Every row, oldest first. */
    public static final Page ALL = new Page("", 0);

    public Page {
        after = after == null ? "" : after;
        if (limit < 0) throw new IllegalArgumentException("limit must not be negative: " + limit);
    }

    /** The WHERE, ORDER BY and LIMIT clauses after the table name; adds its parameters. */
    String sql(List<String> conditions, Map<String, Object> params) {
        List<String> all = new ArrayList<>(conditions);
        if (limit > 0 && !after.isEmpty()) {
            all.add("id > :after");
            params.put("after", after);
        }
        String where = all.isEmpty() ? "" : " WHERE " + String.join(" AND ", all);
        if (limit == 0) return where + " ORDER BY created_at, id";
        params.put("limit", limit);
        return where + " ORDER BY id LIMIT :limit";
    }
}
