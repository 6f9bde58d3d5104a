package org.coophive.common.solver;

import java.util.Optional;
import org.coophive.contracts.AgreementState;

/**
 * Filters of {@link SolverClient#deals(DealQuery)}; filters combine with AND.
 *
 * @param jobCreator only deals of this job creator; {@code ""} for any
 * @param resourceProvider only deals of this resource provider; {@code ""} for any
 * @param mediator only deals whose mediator picked on chain is this address; {@code ""} for any
 * @param state only deals in this state; {@code null} for any
 */
public record DealQuery(String jobCreator, String resourceProvider, String mediator, AgreementState state) {

    /** Every deal. */
    public static final DealQuery ALL = new DealQuery("", "", "", null);

    public DealQuery {
        jobCreator = jobCreator == null ? "" : jobCreator;
        resourceProvider = resourceProvider == null ? "" : resourceProvider;
        mediator = mediator == null ? "" : mediator;
    }

    /** The deals of one job creator. */
    public static DealQuery byJobCreator(String jobCreator) {
        return new DealQuery(jobCreator, "", "", null);
    }

    /** The deals of one resource provider. */
    public static DealQuery byResourceProvider(String resourceProvider) {
        return new DealQuery("", resourceProvider, "", null);
    }

    /** The deals one mediator was picked for. */
    public static DealQuery byMediator(String mediator) {
        return new DealQuery("", "", mediator, null);
    }

    /** This query restricted to deals in {@code state}. */
    public DealQuery inState(AgreementState state) {
        return new DealQuery(jobCreator, resourceProvider, mediator, state);
    }

    /** The state filter, if set. */
    public Optional<AgreementState> stateFilter() {
        return Optional.ofNullable(state);
    }

    String toQueryString() {
        return new QueryString()
                .add("job_creator", jobCreator)
                .add("resource_provider", resourceProvider)
                .add("mediator", mediator)
                .add("state", state == null ? "" : Integer.toString(state.code()))
                .toString();
    }
}
