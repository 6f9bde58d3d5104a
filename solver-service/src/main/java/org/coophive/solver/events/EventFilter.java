package org.coophive.solver.events;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.SolverEvent;

/**
 * Which events a WebSocket client asked for: {@code ?address=0x..} (repeatable) passes events whose
 * offer or deal names that address as job creator, resource provider or chosen mediator; {@code
 * ?deal_id=Qm..} (repeatable) passes events about that deal or an offer in it. An event passes if
 * it matches any of them; no filter passes everything.
 */
record EventFilter(Set<String> addresses, Set<String> dealIds) {

    static final EventFilter ALL = new EventFilter(Set.of(), Set.of());

    EventFilter {
        addresses = Set.copyOf(addresses);
        dealIds = Set.copyOf(dealIds);
    }

    /**
     * The filter of a raw query string.
     *
     * @throws IllegalArgumentException naming the first bad parameter
     */
    static EventFilter parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return ALL;
        Set<String> addresses = new HashSet<>();
        Set<String> dealIds = new HashSet<>();
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) continue;
            int equals = part.indexOf('=');
            String name = decode(equals < 0 ? part : part.substring(0, equals));
            String value = equals < 0 ? "" : decode(part.substring(equals + 1));
            switch (name) {
                case "address" -> {
                    if (!Addresses.isValid(value)) {
                        throw new IllegalArgumentException(
                                "address must be 0x and 40 hex digits, not \"" + value + "\"");
                    }
                    addresses.add(value.toLowerCase(Locale.ROOT));
                }
                case "deal_id" -> {
                    ContentIds.validationError(value).ifPresent(error -> {
                        throw new IllegalArgumentException("deal_id \"" + value + "\" is not a deal id: " + error);
                    });
                    dealIds.add(value);
                }
                default -> throw new IllegalArgumentException(
                        "unknown parameter \"" + name + "\"; the stream takes address and deal_id");
            }
        }
        return new EventFilter(addresses, dealIds);
    }

    boolean accepts(SolverEvent event) {
        if (addresses.isEmpty() && dealIds.isEmpty()) return true;
        return parties(event).anyMatch(address -> addresses.contains(address.toLowerCase(Locale.ROOT)))
                || (!dealId(event).isEmpty() && dealIds.contains(dealId(event)));
    }

    private static Stream<String> parties(SolverEvent event) {
        if (event.jobOffer() != null) return Stream.of(event.jobOffer().jobCreator());
        if (event.resourceOffer() != null)
            return Stream.of(event.resourceOffer().resourceProvider());
        DealContainer deal = event.deal();
        if (deal != null) return Stream.of(deal.jobCreator(), deal.resourceProvider(), deal.mediator());
        return Stream.empty();
    }

    private static String dealId(SolverEvent event) {
        if (event.jobOffer() != null) return event.jobOffer().dealId();
        if (event.resourceOffer() != null) return event.resourceOffer().dealId();
        if (event.deal() != null) return event.deal().id();
        return "";
    }

    private static String decode(String component) {
        return URLDecoder.decode(component, StandardCharsets.UTF_8);
    }
}
