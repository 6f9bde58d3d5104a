package org.coophive.jobcreator.deals;

/** Who asked for a job. */
public enum JobSource {
    /** The one-shot {@code run} command. */
    CLI,
    /** The REST API (the SaaS layer). */
    API,
    /** A smart contract, through the on-chain job creator. */
    ON_CHAIN,
    /**
     * A deal of this job creator's address that this process did not offer (for example one a
     * {@code run} left behind): finished here, never agreed to here.
     */
    ADOPTED
}
