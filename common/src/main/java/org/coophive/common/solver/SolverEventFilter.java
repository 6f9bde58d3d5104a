package org.coophive.common.solver;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;

/**
 * Which events a {@link SolverEventStream} asks the solver for ({@code GET /ws?address=..&deal_id=..}).
 * An event passes if it names one of the addresses (as the job creator, resource provider or
 * chosen mediator of its offer or deal) or is about one of the deals; with neither set, every
 * event passes.
 *
 * @param addresses addresses to follow, each {@code 0x} + 40 hex digits
 * @param dealIds deal ids to follow, each a content id
 */
public record SolverEventFilter(Set<String> addresses, Set<String> dealIds) {

    /** Every event. */
    public static final SolverEventFilter ALL = new SolverEventFilter(Set.of(), Set.of());

    /**
     * @throws IllegalArgumentException if an address or deal id is malformed
     */
    public SolverEventFilter {
        addresses = addresses == null ? Set.of() : Set.copyOf(addresses);
        dealIds = dealIds == null ? Set.of() : Set.copyOf(dealIds);
        for (String address : addresses) {
            if (!Addresses.isValid(address)) {
                throw new IllegalArgumentException("not an address: " + address);
            }
        }
        dealIds.forEach(ContentIds::requireValid);
    }

    /** The events of these parties. */
    public static SolverEventFilter addresses(String... addresses) {
        return new SolverEventFilter(Set.of(addresses), Set.of());
    }

    /** The events of these deals. */
    public static SolverEventFilter deals(String... dealIds) {
        return new SolverEventFilter(Set.of(), Set.copyOf(Arrays.asList(dealIds)));
    }

    /** Whether every event passes. */
    public boolean isAll() {
        return addresses.isEmpty() && dealIds.isEmpty();
    }

    /** The raw query of the stream URL, without {@code ?}; empty for {@link #ALL}. */
    String toQueryString() {
        QueryString query = new QueryString();
        new TreeSet<>(addresses).forEach(address -> query.add("address", address));
        new TreeSet<>(dealIds).forEach(id -> query.add("deal_id", id));
        return query.toString();
    }
}
