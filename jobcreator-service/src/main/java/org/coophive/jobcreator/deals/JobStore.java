package org.coophive.jobcreator.deals;

import java.util.List;
import java.util.Optional;

/** Where jobs are kept; a file store keeps them across restarts. */
public interface JobStore {

    /** Stores a job, replacing the version with the same id; returns it. */
    Job save(Job job);

    /** The job with this id. */
    Optional<Job> find(String id);

    /** Every job, oldest first. */
    List<Job> all();

    /** The job in the deal with this id (an index: no walk over every job). */
    Optional<Job> findByDeal(String dealId);

    /** The job that posted the job offer with this id (an index: no walk over every job). */
    Optional<Job> findByOffer(String offerId);
}
