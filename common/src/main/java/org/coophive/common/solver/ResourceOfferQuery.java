package org.coophive.common.solver;

/**
 * Filters of {@link SolverClient#resourceOffers(ResourceOfferQuery)}; filters combine with AND.
 *
 * @param resourceProvider only this provider's offers; {@code ""} for any
 * @param active only offers whose state is DealNegotiating or DealAgreed, which still occupy
 *     their machine
 * @param notMatched only offers not yet in a deal
 */
public record ResourceOfferQuery(String resourceProvider, boolean active, boolean notMatched) {

    /** Every resource offer. */
    public static final ResourceOfferQuery ALL = new ResourceOfferQuery("", false, false);

    public ResourceOfferQuery {
        resourceProvider = resourceProvider == null ? "" : resourceProvider;
    }

    /** The offers of one resource provider. */
    public static ResourceOfferQuery byResourceProvider(String resourceProvider) {
        return new ResourceOfferQuery(resourceProvider, false, false);
    }

    /** This query restricted to offers that still occupy their machine. */
    public ResourceOfferQuery activeOnly() {
        return new ResourceOfferQuery(resourceProvider, true, notMatched);
    }

    /** This query restricted to offers not yet in a deal. */
    public ResourceOfferQuery notMatchedOnly() {
        return new ResourceOfferQuery(resourceProvider, active, true);
    }

    String toQueryString() {
        return new QueryString()
                .add("resource_provider", resourceProvider)
                .flag("active", active)
                .flag("not_matched", notMatched)
                .toString();
    }
}
