package org.coophive.jobcreator.deals;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.coophive.common.model.Deal;
import org.coophive.common.model.JobOffer;

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
 * @param decision {@code accept} or {@code check} once the results were judged, else {@code ""}
 * @param result the downloaded results, {@code null} until downloaded
 * @param phases the phases reached, in order
 * @param transactions the job creator's transaction hash per step (controller function name)
 * @param outcome how it ended, {@code null} while it goes on
 * @param message why it ended so, or what it waits for
 * @param downloadFailures how often downloading the results failed
 * @param cost what the job cost the job creator once settled (wei, decimal), {@code ""} before
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
        String decision,
        JobResult result,
        List<PhaseEvent> phases,
        Map<String, String> transactions,
        Outcome outcome,
        String message,
        int downloadFailures,
        String cost) {

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
        decision = decision == null ? "" : decision;
        phases = phases == null ? List.of() : List.copyOf(phases);
        transactions = transactions == null ? Map.of() : Map.copyOf(transactions);
        message = message == null ? "" : message;
        cost = cost == null ? "" : cost;
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
                        "",
                        null,
                        List.of(),
                        Map.of(),
                        null,
                        "",
                        0,
                        "")
                .withPhase(Phase.SUBMITTED, at, module);
    }

    /** Whether it goes on. */
    public boolean active() {
        return outcome == null;
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

    /** The transaction sent for a step, if any. */
    public Optional<String> transaction(String step) {
        return Optional.ofNullable(transactions.get(step));
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
        List<PhaseEvent> more = new ArrayList<>(phases);
        more.add(new PhaseEvent(phase, at, text));
        return new Job(
                id,
                source,
                module,
                inputs,
                verification,
                onChainJobId,
                createdAt,
                offer,
                offerPosted,
                dealId,
                deal,
                decision,
                result,
                more,
                transactions,
                outcome,
                message,
                downloadFailures,
                cost);
    }

    Job withOffer(JobOffer posted) {
        return new Job(
                id,
                source,
                module,
                inputs,
                verification,
                onChainJobId,
                createdAt,
                posted,
                true,
                dealId,
                deal,
                decision,
                result,
                phases,
                transactions,
                outcome,
                message,
                downloadFailures,
                cost);
    }

    Job withDeal(Deal matched) {
        return new Job(
                id,
                source,
                module,
                inputs,
                verification,
                onChainJobId,
                createdAt,
                offer,
                offerPosted,
                matched.id(),
                matched,
                decision,
                result,
                phases,
                transactions,
                outcome,
                message,
                downloadFailures,
                cost);
    }

    Job withDecision(String judged) {
        return new Job(
                id,
                source,
                module,
                inputs,
                verification,
                onChainJobId,
                createdAt,
                offer,
                offerPosted,
                dealId,
                deal,
                judged,
                result,
                phases,
                transactions,
                outcome,
                message,
                downloadFailures,
                cost);
    }

    Job withResult(JobResult downloaded) {
        return new Job(
                id,
                source,
                module,
                inputs,
                verification,
                onChainJobId,
                createdAt,
                offer,
                offerPosted,
                dealId,
                deal,
                decision,
                downloaded,
                phases,
                transactions,
                outcome,
                message,
                downloadFailures,
                cost);
    }

    Job withTransaction(String step, String txHash) {
        Map<String, String> more = new LinkedHashMap<>(transactions);
        more.put(step, txHash);
        return new Job(
                id,
                source,
                module,
                inputs,
                verification,
                onChainJobId,
                createdAt,
                offer,
                offerPosted,
                dealId,
                deal,
                decision,
                result,
                phases,
                more,
                outcome,
                message,
                downloadFailures,
                cost);
    }

    /** This job without the hash of {@code step} (a claim another party's transaction made unnecessary). */
    Job withoutTransaction(String step) {
        Map<String, String> more = new LinkedHashMap<>(transactions);
        more.remove(step);
        return new Job(
                id,
                source,
                module,
                inputs,
                verification,
                onChainJobId,
                createdAt,
                offer,
                offerPosted,
                dealId,
                deal,
                decision,
                result,
                phases,
                more,
                outcome,
                message,
                downloadFailures,
                cost);
    }

    Job withDownloadFailure(String why, boolean forGood) {
        int failures = forGood ? Math.max(GIVEN_UP, downloadFailures + 1) : downloadFailures + 1;
        return new Job(
                id,
                source,
                module,
                inputs,
                verification,
                onChainJobId,
                createdAt,
                offer,
                offerPosted,
                dealId,
                deal,
                decision,
                result,
                phases,
                transactions,
                outcome,
                why,
                failures,
                cost);
    }

    Job withMessage(String text) {
        return new Job(
                id,
                source,
                module,
                inputs,
                verification,
                onChainJobId,
                createdAt,
                offer,
                offerPosted,
                dealId,
                deal,
                decision,
                result,
                phases,
                transactions,
                outcome,
                text,
                downloadFailures,
                cost);
    }

    Job withCost(BigInteger wei) {
        return new Job(
                id,
                source,
                module,
                inputs,
                verification,
                onChainJobId,
                createdAt,
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
                wei.toString());
    }

    Job finished(Outcome how, String why, Instant at) {
        return new Job(
                        id,
                        source,
                        module,
                        inputs,
                        verification,
                        onChainJobId,
                        createdAt,
                        offer,
                        offerPosted,
                        dealId,
                        deal,
                        decision,
                        result,
                        phases,
                        transactions,
                        how,
                        why,
                        downloadFailures,
                        cost)
                .withPhase(Phase.FINISHED, at, how + (why.isEmpty() ? "" : ": " + why));
    }
}
