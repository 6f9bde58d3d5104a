package org.coophive.jobcreator.deals;

/** The steps of a job as the user sees them, in order; a job passes through some of them. */
public enum Phase {
    /** The job was accepted here and its module loaded. */
    SUBMITTED("submitted"),
    /** The job offer is at the solver. */
    OFFER_POSTED("offer posted"),
    /** The solver matched the offer with a resource offer: there is a deal. */
    MATCHED("matched"),
    /** The job creator agreed on chain and locked its payment collateral. */
    AGREED("agreed"),
    /** Both parties agreed: the resource provider runs the job. */
    RUNNING("running"),
    /** The resource provider posted results on chain. */
    RESULTS_POSTED("results posted"),
    /** The results were downloaded, checked against their data id and unpacked. */
    DOWNLOADED("downloaded"),
    /** The job creator accepted the results. */
    ACCEPTED("accepted"),
    /** The job creator asked a mediator to check the results. */
    CHECKED("checked"),
    /** The deal is settled: the resource provider is paid. */
    PAID("paid"),
    /** A mediator judged the results. */
    MEDIATED("mediated"),
    /** A timeout was claimed: the contracts refunded what they owed the job creator. */
    CLAIMED("claimed"),
    /** The result (or a refund) was written back to the contract that asked for the job. */
    REPORTED_ON_CHAIN("reported on chain"),
    /** Nothing more will happen: see the job's outcome. */
    FINISHED("finished"),
    /**
     * The chain rolled back the settlement the job had finished with (a reorganisation): the job goes
     * on (only with {@code WEB3_CONFIRMATIONS} above 0, while the settlement waits for them).
     */
    ROLLED_BACK("rolled back"),
    /**
     * The settlement has its {@code WEB3_CONFIRMATIONS} confirmations: no reorganisation within that
     * depth can undo the outcome (reached only with {@code WEB3_CONFIRMATIONS} above 0; with 0 a
     * finished job is final at once).
     */
    FINAL("final");

    private final String label;

    Phase(String label) {
        this.label = label;
    }

    /** How the phase is printed. */
    public String label() {
        return label;
    }
}
