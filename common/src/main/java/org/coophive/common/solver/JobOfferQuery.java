package org.coophive.common.solver;

/**
 * Filters of {@link SolverClient#jobOffers(JobOfferQuery)}; filters combine with AND.
 *
 * @param jobCreator only this job creator's offers; {@code ""} for any
 * @param notMatched only offers not yet in a deal
 */
public record JobOfferQuery(String jobCreator, boolean notMatched) {

    /** Every job offer. */
    public static final JobOfferQuery ALL = new JobOfferQuery("", false);

    public JobOfferQuery {
        jobCreator = jobCreator == null ? "" : jobCreator;
    }

    /** The offers of one job creator. */
    public static JobOfferQuery byJobCreator(String jobCreator) {
        return new JobOfferQuery(jobCreator, false);
    }

    /** This query restricted to offers not yet in a deal. */
    public JobOfferQuery notMatchedOnly() {
        return new JobOfferQuery(jobCreator, true);
    }

    String toQueryString() {
        return new QueryString()
                .add("job_creator", jobCreator)
                .flag("not_matched", notMatched)
                .toString();
    }
}
