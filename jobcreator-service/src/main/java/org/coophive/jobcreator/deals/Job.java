package org.coophive.jobcreator.deals;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.coophive.common.chain.SentTransaction;
import org.coophive.common.model.Deal;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.WeiAmount;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * A job of this job creator and where it stands: what was asked, the offer, the deal, the
 * transactions sent for it (journaled before they are mined), the downloaded results and how it
 * ended. Immutable; the engine stores a new version after each step.
 *
 * @param id this service's id of the job
 * @param source who asked for it
 * @param module the module as it was given, e.g. {@code cowsay:v0.0.1}
 * @param inputs the module inputs
 * @param verification the module's verification, {@code exact} or {@code none} ({@code ""} if unknown)
 * @param onChainJobId the job's number in the on-chain job creator, {@code ""} unless a contract asked
 * @param createdAt when it was submitted
 * @param offer the job offer (its {@code id} set once the solver stored it); {@code null} for adopted deals
 * @param offerPosted whether the solver has the offer
 * @param dealId the deal's id, {@code ""} until matched
 * @param deal the deal, {@code null} until matched
 * @param decision how the results were judged, {@code null} until then
 * @param result the downloaded results, {@code null} until downloaded
 * @param phases the phases reached, in order
 * @param transactions the job creator's transaction hash per step, keyed by {@link Step#key()}
 * @param outcome how it ended, {@code null} while it goes on
 * @param message why it ended so, or what it waits for
 * @param downloadFailures how often downloading the results failed
 * @param cost what the job cost the job creator once settled, in wei; {@code null} before (stored as a
 *     decimal string; {@code ""}, as older files have it, reads as {@code null})
 * @param unconfirmedSince the latest block when the deal was read settled, while the settlement
 *     waits for its {@code WEB3_CONFIRMATIONS} confirmations; {@code null} when nothing waits (the
 *     outcome is final once there is one)
 * @param signedTransactions each step's transaction as signed, keyed as {@code transactions}: its
 *     signed bytes, delivered again unchanged if the node lost them (same nonce: the step is not
 *     sent anew while it can still be mined), and the hashes of the versions it replaced (a gas
 *     bump; whichever is mined is the step's); a step journaled before bytes were kept has none
 */
public record Job(
        String id,
        JobSource source,
        String module,
        Map<String, String> inputs,
        String verification,
        String onChainJobId,
        Instant createdAt,
        JobOffer offer,
        boolean offerPosted,
        String dealId,
        Deal deal,
        Decision decision,
        JobResult result,
        List<PhaseEvent> phases,
        Map<String, String> transactions,
        Outcome outcome,
        String message,
        int downloadFailures,
        @JsonSerialize(using = WeiAmount.Serializer.class) @JsonDeserialize(using = Job.CostReader.class)
                BigInteger cost,
        Long unconfirmedSince,
        Map<String, SentTransaction> signedTransactions) {

    /** The download failure count of results that can never be used (their data id is wrong). */
    static final int GIVEN_UP = 1_000;

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        module = module == null ? "" : module;
        inputs = inputs == null ? Map.of() : Map.copyOf(new TreeMap<>(inputs));
        verification = verification == null ? "" : verification;
        onChainJobId = onChainJobId == null ? "" : onChainJobId;
        Objects.requireNonNull(createdAt, "createdAt");
        dealId = dealId == null ? "" : dealId;
        phases = phases == null ? List.of() : List.copyOf(phases);
        transactions = transactions == null ? Map.of() : Map.copyOf(transactions);
        message = message == null ? "" : message;
        signedTransactions = signedTransactions == null ? Map.of() : Map.copyOf(signedTransactions);
    }

    /** A new job, before its offer is posted. */
    static Job submitted(
            String id,
            JobSource source,
            String module,
            Map<String, String> inputs,
            String verification,
            String onChainJobId,
            Instant at,
            JobOffer offer) {
        return new Job(
                        id,
                        source,
                        module,
                        inputs,
                        verification,
                        onChainJobId,
                        at,
                        offer,
                        false,
                        "",
                        null,
                        null,
                        null,
                        List.of(),
                        Map.of(),
                        null,
                        "",
                        0,
                        null,
                        null,
                        Map.of())
                .withPhase(Phase.SUBMITTED, at, module);
    }

    /** Whether it goes on. */
    public boolean active() {
        return outcome == null;
    }

    /**
     * Whether how it ended is final: it ended, and the settlement on chain it ended with (if any)
     * has its {@code WEB3_CONFIRMATIONS} confirmations, so no reorganisation within that depth can
     * undo it.
     */
    public boolean isFinal() {
        return outcome != null && unconfirmedSince == null;
    }

    /** Whether it reached {@code phase}. */
    public boolean reached(Phase phase) {
        return phases.stream().anyMatch(event -> event.phase() == phase);
    }

    /** When it reached {@code phase}, if it did. */
    public Optional<Instant> reachedAt(Phase phase) {
        return phases.stream()
                .filter(event -> event.phase() == phase)
                .map(PhaseEvent::at)
                .findFirst();
    }

    /**
     * The transactions a user is shown (the job API, {@code run}, the SaaS receipt): the deal's
     * steps and the on-chain job's write-backs, each naming the deal or the job on chain, without
     * the token approvals journaled with them (an allowance is this job creator's, not one deal's).
     */
    public Map<String, String> dealTransactions() {
        Map<String, String> shown = new LinkedHashMap<>(transactions);
        shown.keySet()
                .removeIf(key -> key.equals(Step.APPROVE_AGREE.key()) || key.equals(Step.APPROVE_CHECK_RESULT.key()));
        return Collections.unmodifiableMap(shown);
    }

    /** The transaction sent for a step, if any. */
    public Optional<String> transaction(Step step) {
        return Optional.ofNullable(transactions.get(step.key()));
    }

    /**
     * The transaction sent for a step with every version of it and the last one's signed bytes as
     * journaled (only its hash for a step journaled before bytes were kept), if any.
     */
    Optional<SentTransaction> sentTransaction(Step step) {
        String hash = transactions.get(step.key());
        if (hash == null) return Optional.empty();
        SentTransaction kept = signedTransactions.get(step.key());
        return Optional.of(kept != null && kept.has(hash) ? kept : SentTransaction.of(hash, ""));
    }

    /** The offer's id, {@code ""} until the solver stored it. */
    public String offerId() {
        return offer == null ? "" : offer.id();
    }

    /** The job number in the on-chain job creator, if a contract asked for the job. */
    public Optional<BigInteger> onChainId() {
        return onChainJobId.isEmpty() ? Optional.empty() : Optional.of(new BigInteger(onChainJobId));
    }

    Job withPhase(Phase phase, Instant at, String text) {
        return change(job -> job.phases.add(new PhaseEvent(phase, at, text)));
    }

    Job withOffer(JobOffer posted) {
        return change(job -> {
            job.offer = posted;
            job.offerPosted = true;
        });
    }

    /** This job with {@code offer} to post in place of the one it had (not posted yet). */
    Job withOfferToPost(JobOffer offer) {
        return change(job -> {
            job.offer = offer;
            job.offerPosted = false;
        });
    }

    Job withDeal(Deal matched) {
        return change(job -> {
            job.dealId = matched.id();
            job.deal = matched;
        });
    }

    Job withDecision(Decision judged, String why) {
        return change(job -> {
            job.decision = judged;
            job.message = why;
        });
    }

    Job withResult(JobResult downloaded) {
        return change(job -> job.result = downloaded);
    }

    /** This job with {@code txHash} as {@code step}'s transaction (mined: one of its versions, or a new one). */
    Job withTransaction(Step step, String txHash) {
        return change(job -> {
            job.transactions.put(step.key(), txHash);
            SentTransaction kept = job.signedTransactions.get(step.key());
            if (kept != null && !kept.has(txHash)) job.signedTransactions.remove(step.key());
        });
    }

    /** This job with {@code step}'s transaction signed as {@code txHash}, its bytes kept. */
    Job withSigned(Step step, String txHash, String signedTransaction) {
        return change(job -> {
            job.transactions.put(step.key(), txHash);
            job.signedTransactions.put(step.key(), SentTransaction.of(txHash, signedTransaction));
        });
    }

    /** This job with {@code step}'s transaction {@code replacedHash} replaced by {@code txHash} (both kept). */
    Job withReplacement(Step step, String replacedHash, String txHash, String signedTransaction) {
        SentTransaction before = sentTransaction(step)
                .filter(kept -> kept.has(replacedHash))
                .orElse(SentTransaction.of(replacedHash, ""));
        return change(job -> {
            job.transactions.put(step.key(), txHash);
            job.signedTransactions.put(step.key(), before.replacedBy(txHash, signedTransaction));
        });
    }

    /** This job without the hash of {@code step} (a claim another party's transaction made unnecessary). */
    Job withoutTransaction(Step step) {
        return change(job -> {
            job.transactions.remove(step.key());
            job.signedTransactions.remove(step.key());
        });
    }

    Job withDownloadFailure(String why, boolean forGood) {
        return change(job -> {
            job.downloadFailures = forGood ? Math.max(GIVEN_UP, downloadFailures + 1) : downloadFailures + 1;
            job.message = why;
        });
    }

    /** This job with its deal read settled at {@code block}, waiting for confirmations. */
    Job awaitingConfirmations(long block) {
        return change(job -> job.unconfirmedSince = block);
    }

    /** This job with its settlement confirmed: its outcome is final. */
    Job confirmed() {
        return change(job -> job.unconfirmedSince = null);
    }

    /** This job going on again: the chain rolled back the settlement it had ended with. */
    Job reopened(String why) {
        return change(job -> {
            job.outcome = null;
            job.cost = null;
            job.unconfirmedSince = null;
            job.message = why;
        });
    }

    Job withMessage(String text) {
        return change(job -> job.message = text);
    }

    Job withCost(BigInteger wei) {
        return change(job -> job.cost = wei);
    }

    Job finished(Outcome how, String why, Instant at) {
        return change(job -> {
                    job.outcome = how;
                    job.message = why;
                })
                .withPhase(Phase.FINISHED, at, how + (why.isEmpty() ? "" : ": " + why));
    }

    /** A copy of this job with the fields {@code edit} sets changed. */
    private Job change(Consumer<Draft> edit) {
        Draft draft = new Draft(this);
        edit.accept(draft);
        return draft.job();
    }

    /** The changeable fields of a job being changed, the one place that lists them all. */
    private static final class Draft {
        private final Job from;
        JobOffer offer;
        boolean offerPosted;
        String dealId;
        Deal deal;
        Decision decision;
        JobResult result;
        final List<PhaseEvent> phases;
        final Map<String, String> transactions;
        Outcome outcome;
        String message;
        int downloadFailures;
        BigInteger cost;
        Long unconfirmedSince;
        final Map<String, SentTransaction> signedTransactions;

        Draft(Job from) {
            this.from = from;
            offer = from.offer;
            offerPosted = from.offerPosted;
            dealId = from.dealId;
            deal = from.deal;
            decision = from.decision;
            result = from.result;
            phases = new ArrayList<>(from.phases);
            transactions = new LinkedHashMap<>(from.transactions);
            outcome = from.outcome;
            message = from.message;
            downloadFailures = from.downloadFailures;
            cost = from.cost;
            unconfirmedSince = from.unconfirmedSince;
            signedTransactions = new LinkedHashMap<>(from.signedTransactions);
        }

        Job job() {
            return new Job(
                    from.id,
                    from.source,
                    from.module,
                    from.inputs,
                    from.verification,
                    from.onChainJobId,
                    from.createdAt,
                    offer,
                    offerPosted,
                    dealId,
                    deal,
                    decision,
                    result,
                    phases,
                    transactions,
                    outcome,
                    message,
                    downloadFailures,
                    cost,
                    unconfirmedSince,
                    signedTransactions);
        }
    }

    /** Reads a stored cost: a decimal string as {@link WeiAmount} reads it, or {@code ""} (older files) as none. */
    static final class CostReader extends ValueDeserializer<BigInteger> {
        private final WeiAmount.Deserializer amounts = new WeiAmount.Deserializer();

        @Override
        public BigInteger deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.hasToken(JsonToken.VALUE_STRING) && p.getString().isEmpty()) return null;
            return amounts.deserialize(p, ctxt);
        }
    }
}
