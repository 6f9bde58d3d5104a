package org.coophive.solver.web;

import java.util.Optional;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.contracts.AgreementState;

/** Checks of query parameters and path ids; a bad query value is a 400, a bad path id a 404. */
public final class QueryParameters {

    private QueryParameters() {}

    /** An address filter: empty when absent, else {@code 0x} + 40 hex digits. */
    public static String address(String name, String value) {
        if (value == null || value.isEmpty()) return "";
        Addresses.validationError(value).ifPresent(error -> {
            throw ProblemException.invalid(name, "is not an address: " + error);
        });
        return value;
    }

    /** A boolean flag: absent or {@code false} is false, {@code true} is true. */
    public static boolean flag(String name, String value) {
        if (value == null || value.isEmpty() || value.equals("false")) return false;
        if (value.equals("true")) return true;
        throw ProblemException.invalid(name, "must be true or false, not \"" + value + "\"");
    }

    /** A state filter: the Solidity code of {@code AgreementState}, 0 to 10. */
    public static Optional<AgreementState> state(String name, String value) {
        if (value == null || value.isEmpty()) return Optional.empty();
        try {
            return Optional.of(AgreementState.ofCode(Integer.parseInt(value)));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(name, "must be an AgreementState code from 0 to 10, not \"" + value + "\"");
        }
    }

    /** The page size of a listing when the client names none. */
    public static final int DEFAULT_PAGE = 100;

    /** The largest page a client may ask for. */
    public static final int MAX_PAGE = 1000;

    /**
     * A listing's page: {@code limit} 1 to {@value #MAX_PAGE} (default {@value #DEFAULT_PAGE}),
     * {@code after} the last id of the previous page (a content id) or absent for the first.
     */
    public static org.coophive.solver.store.Page page(String limit, String after) {
        int size = DEFAULT_PAGE;
        if (limit != null && !limit.isEmpty()) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > MAX_PAGE) {
                throw ProblemException.invalid(
                        "limit",
                        "must be a whole number from 1 to " + MAX_PAGE + ", not \""
                                + org.coophive.common.model.UserText.escape(limit, 40) + "\"");
            }
        }
        if (after != null && !after.isEmpty() && !ContentIds.isValid(after)) {
            throw ProblemException.invalid(
                    "after", "must be the id of the last item of the previous page (Qm..., 46 characters)");
        }
        return new org.coophive.solver.store.Page(after, size);
    }

    /**
     * An id from the path: anything that is not a content id names nothing here.
     *
     * @throws ProblemException 404 naming what was looked for
     */
    public static String id(String what, String id) {
        if (!ContentIds.isValid(id)) {
            throw ProblemException.notFound("no " + what + " " + id + ": ids are content ids (Qm..., 46 characters)");
        }
        return id;
    }
}
