package org.coophive.jobcreator.deals;

import java.util.List;
import java.util.Optional;

/** What the REST API and the on-chain path ask of the job creator. */
public interface JobService {

    /** Accepts a job: its module is loaded and its offer posted on the next pass. */
    Job submit(JobRequest request) throws InvalidJobException;

    /** The job with this id. */
    Optional<Job> find(String id);

    /** Every job, oldest first. */
    List<Job> list();

    /** Subscribes to phase events of every job until the returned handle is closed. */
    AutoCloseable subscribe(JobListener listener);
}
