package org.coophive.saas.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A user's job as saas-api keeps it: the truth for the user, refreshed from the job creator daemon. */
@Entity
@Table(name = "job")
public class SaasJob {

    /** Stored, not yet accepted by the daemon. */
    public static final String SUBMITTING = "SUBMITTING";
    /** The daemon runs it. */
    public static final String ACTIVE = "ACTIVE";
    /** Nothing more will happen. */
    public static final String FINISHED = "FINISHED";

    @Id
    private UUID id;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(nullable = false)
    private String module;

    @Column(name = "module_ref", nullable = false)
    private String moduleRef;

    @Column(nullable = false)
    private String inputs;

    @Column(nullable = false)
    private long credits;

    @Column(name = "daemon_job_id")
    private String daemonJobId;

    @Column(nullable = false)
    private String status;

    private String outcome;

    @Column(nullable = false)
    private String message = "";

    @Column(name = "job_offer_id")
    private String jobOfferId;

    @Column(name = "deal_id")
    private String dealId;

    private String provider;

    @Column(name = "data_id")
    private String dataId;

    @Column(name = "exit_code")
    private Integer exitCode;

    @Column(name = "cost_wei")
    private String costWei;

    @Column(nullable = false)
    private String phases = "[]";

    @Column(nullable = false)
    private String transactions = "{}";

    private String stdout;

    @Column(name = "results_stored", nullable = false)
    private boolean resultsStored;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected SaasJob() {}

    SaasJob(UUID id, long accountId, String module, String moduleRef, String inputs, long credits, Instant now) {
        this.id = id;
        this.accountId = accountId;
        this.module = module;
        this.moduleRef = moduleRef;
        this.inputs = inputs;
        this.credits = credits;
        this.status = SUBMITTING;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public UUID getId() {
        return id;
    }

    public long getAccountId() {
        return accountId;
    }

    public String getModule() {
        return module;
    }

    public String getModuleRef() {
        return moduleRef;
    }

    public String getInputs() {
        return inputs;
    }

    public long getCredits() {
        return credits;
    }

    public String getDaemonJobId() {
        return daemonJobId;
    }

    public String getStatus() {
        return status;
    }

    public boolean isFinished() {
        return FINISHED.equals(status);
    }

    public String getOutcome() {
        return outcome;
    }

    public String getMessage() {
        return message;
    }

    public String getJobOfferId() {
        return jobOfferId;
    }

    public String getDealId() {
        return dealId;
    }

    public String getProvider() {
        return provider;
    }

    public String getDataId() {
        return dataId;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public String getCostWei() {
        return costWei;
    }

    public String getPhases() {
        return phases;
    }

    public String getTransactions() {
        return transactions;
    }

    public String getStdout() {
        return stdout;
    }

    public boolean isResultsStored() {
        return resultsStored;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    void accepted(String daemonJobId, Instant now) {
        this.daemonJobId = daemonJobId;
        this.status = ACTIVE;
        this.updatedAt = now;
    }

    void finish(String outcome, String message, Instant now) {
        this.status = FINISHED;
        this.outcome = outcome;
        this.message = message == null ? "" : message;
        this.updatedAt = now;
    }

    /** Copies what the daemon reports; true when anything changed. */
    boolean update(DaemonJob daemon, String phasesJson, String transactionsJson, Instant now) {
        boolean changed = !phasesJson.equals(phases)
                || !transactionsJson.equals(transactions)
                || !eq(daemon.message(), message)
                || !eq(daemon.dealId(), dealId)
                || !eq(daemon.dataId(), dataId)
                || !eq(daemon.costWei(), costWei);
        this.phases = phasesJson;
        this.transactions = transactionsJson;
        this.message = daemon.message();
        this.jobOfferId = blankToNull(daemon.jobOfferId());
        this.dealId = blankToNull(daemon.dealId());
        this.provider = blankToNull(daemon.resourceProvider());
        this.dataId = blankToNull(daemon.dataId());
        this.exitCode = daemon.exitCode();
        this.costWei = blankToNull(daemon.costWei());
        if (changed) this.updatedAt = now;
        return changed;
    }

    void resultsStored(String stdout, Instant now) {
        this.stdout = stdout;
        this.resultsStored = true;
        this.updatedAt = now;
    }

    private static boolean eq(String a, String b) {
        return java.util.Objects.equals(blankToNull(a), blankToNull(b));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
