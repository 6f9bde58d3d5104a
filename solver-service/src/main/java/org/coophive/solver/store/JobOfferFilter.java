package org.coophive.solver.store;

import org.coophive.common.model.Addresses;

/**
 * Which job offers to list.
 *
 * @param jobCreator only this creator's offers; empty for everyone's
 * @param notMatched only offers not yet in a deal
 */
public record JobOfferFilter(String jobCreator, boolean notMatched) {

    /** Every job offer. */
    public static final JobOfferFilter ALL = new JobOfferFilter("", false);

    public JobOfferFilter {
        jobCreator = Addresses.lowercase(jobCreator);
    }
}
