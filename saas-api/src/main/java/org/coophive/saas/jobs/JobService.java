package org.coophive.saas.jobs;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.coophive.saas.credits.CreditLedger;
import org.coophive.saas.files.FileStore;
import org.coophive.saas.modules.ModuleCatalogue;
import org.coophive.saas.modules.Product;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Users' jobs: submission (inputs checked, credits debited, the job handed to the job creator
 * daemon) and what a user may see of them (only their own).
 */
@Service
public class JobService {

    private static final Logger log = LoggerFactory.getLogger(JobService.class);
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final TypeReference<List<DaemonJob.Phase>> PHASES = new TypeReference<>() {};
    private static final BigDecimal WEI_PER_TOKEN = new BigDecimal("1000000000000000000");

    private final JobRepository jobs;
    private final ModuleCatalogue catalogue;
    private final CreditLedger ledger;
    private final JobCreatorClient daemon;
    private final FileStore files;
    private final TransactionTemplate transactions;
    private final JobOutcomes outcomes;
    private final Clock clock = Clock.systemUTC();

    JobService(
            JobRepository jobs,
            ModuleCatalogue catalogue,
            CreditLedger ledger,
            JobCreatorClient daemon,
            FileStore files,
            TransactionTemplate transactions,
            JobOutcomes outcomes) {
        this.jobs = jobs;
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.daemon = daemon;
        this.files = files;
        this.transactions = transactions;
        this.outcomes = outcomes;
    }

    /**
     * Runs a module for an account: the inputs are checked, the cost is debited (or
     * {@link org.coophive.saas.credits.InsufficientCreditsException}, nothing stored), and the job
     * goes to the daemon. If the daemon cannot take it, the job ends as an error and the debit is
     * refunded.
     */
    public JobView submit(long accountId, String moduleId, Map<String, String> values) {
        Product product = catalogue.require(moduleId);
        Map<String, String> inputs = catalogue.inputs(product, values);
        Map<String, String> shown = new LinkedHashMap<>();
        product.fields()
                .forEach(f -> shown.put(
                        f.name(), values == null ? f.defaultValue() : values.getOrDefault(f.name(), f.defaultValue())));
        UUID id = UUID.randomUUID();
        SaasJob job = transactions.execute(status -> {
            SaasJob created = jobs.saveAndFlush(new SaasJob(
                    id, accountId, product.id(), product.module(), write(shown), product.cost(), clock.instant()));
            ledger.debit(accountId, product.cost(), id, "job " + product.id());
            return created;
        });
        log.info("Job {} of account {} submitted: {}", id, accountId, product.module());
        try {
            DaemonJob accepted = daemon.submit(product.module(), inputs);
            transactions.executeWithoutResult(status -> {
                SaasJob stored = jobs.findById(id).orElseThrow();
                stored.accepted(accepted.id(), clock.instant());
                stored.update(accepted, write(accepted.phases()), write(accepted.transactions()), clock.instant());
            });
            log.info("Job {} is job {} at the job creator", id, accepted.id());
        } catch (IOException e) {
            outcomes.finish(id, "ERROR", "the job creator is unreachable: " + e.getMessage(), true);
            throw new JobCreatorUnavailableException(
                    "the job creator is unreachable; the job's credits were refunded", e);
        } catch (JobCreatorClient.DaemonRefusedException e) {
            outcomes.finish(id, "ERROR", "the job creator refused the job: " + e.getMessage(), true);
            throw new JobCreatorUnavailableException(
                    "the job creator refused the job (" + e.getMessage() + "); the job's credits were refunded", e);
        }
        return view(jobs.findById(job.getId()).orElseThrow());
    }

    /** The account's jobs, newest first. */
    public Page<JobView> list(long accountId, int page, int size) {
        return jobs.findByAccountIdOrderByCreatedAtDesc(accountId, PageRequest.of(page, size))
                .map(this::view);
    }

    /** One of the account's jobs; another account's job is not found. */
    public JobView get(long accountId, String id) {
        return view(find(accountId, id));
    }

    SaasJob find(long accountId, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new JobNotFoundException(id);
        }
        return jobs.findByIdAndAccountId(uuid, accountId).orElseThrow(() -> new JobNotFoundException(id));
    }

    public Optional<Product> product(String module) {
        return catalogue.find(module);
    }

    JobView view(SaasJob job) {
        List<DaemonJob.Phase> phases = read(job.getPhases(), PHASES, List.of());
        List<JobView.PhaseView> phaseViews = new ArrayList<>();
        Instant start = null;
        for (DaemonJob.Phase p : phases) {
            Instant at = parse(p.at());
            if (start == null) start = at;
            double elapsed = at == null || start == null
                    ? 0
                    : Duration.between(start, at).toMillis() / 1000.0;
            phaseViews.add(new JobView.PhaseView(p.phase(), p.label(), p.at(), elapsed, p.message()));
        }
        List<JobView.Transaction> txs = new ArrayList<>();
        read(job.getTransactions(), STRING_MAP, Map.<String, String>of())
                .forEach((step, hash) -> txs.add(new JobView.Transaction(step, hash)));
        txs.sort(java.util.Comparator.comparingInt(t -> stepOrder(t.step())));
        boolean refunded = ledger.refunded(job.getId());
        String title = catalogue.find(job.getModule()).map(Product::title).orElse(job.getModule());
        return new JobView(
                job.getId().toString(),
                job.getModule(),
                title,
                job.getStatus(),
                job.getOutcome(),
                state(job, refunded),
                job.getMessage(),
                read(job.getInputs(), STRING_MAP, Map.<String, String>of()),
                job.getCredits(),
                refunded,
                job.getCreatedAt(),
                job.getUpdatedAt(),
                phaseViews,
                new JobView.Receipt(
                        nz(job.getJobOfferId()),
                        nz(job.getDealId()),
                        nz(job.getProvider()),
                        nz(job.getDataId()),
                        job.getExitCode(),
                        txs,
                        nz(job.getCostWei()),
                        tokens(job.getCostWei()),
                        job.getCredits()),
                job.getStdout(),
                job.isResultsStored() ? files.resultFiles(job.getAccountId(), job.getId()) : List.of());
    }

    /** The job creator's steps in the order a deal takes them; unknown steps last. */
    private static final List<String> STEPS = List.of(
            "agree",
            "acceptResult",
            "checkResult",
            "timeoutAgree",
            "timeoutSubmitResults",
            "timeoutJudgeResults",
            "timeoutMediateResults");

    private static int stepOrder(String step) {
        int at = STEPS.indexOf(step);
        return at < 0 ? STEPS.size() : at;
    }

    private static String state(SaasJob job, boolean refunded) {
        if (SaasJob.SUBMITTING.equals(job.getStatus())) return "submitting";
        if (!job.isFinished()) return "running";
        String outcome = job.getOutcome() == null
                ? "ended"
                : job.getOutcome().toLowerCase().replace('_', ' ');
        return refunded ? outcome + " (refunded)" : outcome;
    }

    static String tokens(String wei) {
        if (wei == null || wei.isBlank()) return "";
        try {
            return new BigDecimal(new BigInteger(wei.strip()))
                    .divide(WEI_PER_TOKEN)
                    .stripTrailingZeros()
                    .toPlainString();
        } catch (NumberFormatException | ArithmeticException e) {
            return ""; // Not a wei amount: the receipt shows the wei text alone.
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static Instant parse(String text) {
        try {
            return text == null || text.isEmpty() ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    private static <T> T read(String text, TypeReference<T> type, T fallback) {
        try {
            return text == null ? fallback : JSON.readValue(text, type);
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
