package org.coophive.jobcreator.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealMembers;
import org.coophive.common.model.DealPricing;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.PricingMode;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.Result;
import org.coophive.common.model.TrustedParties;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.JobOfferQuery;
import org.coophive.common.solver.ProblemDetails;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverNotFoundException;
import org.coophive.common.solver.SolverUnavailableException;
import org.coophive.common.solver.UploadedFiles;
import org.coophive.contracts.AgreementState;
import org.coophive.executor.results.PackagedResult;
import org.coophive.executor.results.ResultPackager;

/**
 * The solver in memory: stores job offers, makes a deal when the test says so (from the job
 * offer and a resource offer of the given provider and terms), keeps results, files and reported
 * transaction hashes, and can be switched off.
 */
public final class FakeSolver implements SolverClient {

    private final Map<String, JobOfferContainer> offers = new LinkedHashMap<>();
    private final Map<String, DealContainer> deals = new LinkedHashMap<>();
    private final Map<String, Result> results = new LinkedHashMap<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private volatile boolean down;
    private int posts;

    public void down(boolean down) {
        this.down = down;
    }

    private void up(String request) {
        if (down) {
            throw new SolverUnavailableException(
                    request,
                    new ProblemDetails("about:blank", "Service Unavailable", 503, "down (fake)", "", List.of()),
                    1,
                    null);
        }
    }

    public synchronized int offerPosts() {
        return posts;
    }

    public synchronized List<JobOfferContainer> postedOffers() {
        return List.copyOf(offers.values());
    }

    /** Makes a deal of the job offer with a resource offer of {@code provider} on these terms. */
    public synchronized Deal match(
            String jobOfferId,
            String solver,
            String provider,
            List<String> mediators,
            DealPricing pricing,
            DealTimeouts timeouts,
            MachineSpec machine) {
        JobOfferContainer container = offers.get(jobOfferId);
        ResourceOffer resourceOffer = new ResourceOffer(
                "",
                1,
                provider,
                0,
                machine,
                List.of(),
                PricingMode.FIXED_PRICE,
                pricing,
                timeouts,
                Map.of(),
                Map.of(),
                new TrustedParties(solver, mediators));
        resourceOffer = resourceOffer.withId(ContentIds.of(resourceOffer));
        Deal deal = new Deal(
                "",
                new DealMembers(solver, container.jobCreator(), provider, mediators),
                pricing,
                timeouts,
                container.jobOffer(),
                resourceOffer);
        deal = deal.withId(ContentIds.of(deal));
        deals.put(
                deal.id(),
                new DealContainer(
                        deal.id(),
                        container.jobCreator(),
                        provider,
                        jobOfferId,
                        resourceOffer.id(),
                        AgreementState.DEAL_NEGOTIATING,
                        deal,
                        DealTransactions.NONE,
                        ""));
        offers.put(
                jobOfferId,
                new JobOfferContainer(
                        jobOfferId,
                        deal.id(),
                        container.jobCreator(),
                        AgreementState.DEAL_NEGOTIATING,
                        container.jobOffer()));
        return deal;
    }

    /** The provider posts its result: the deterministic tar of {@code resultDir}. Returns the data id. */
    public synchronized String postResult(String dealId, Path resultDir, long instructionCount) {
        try {
            Path tar = Files.createTempFile("result", ".tar");
            PackagedResult packed = ResultPackager.pack(resultDir, tar);
            files.put(dealId, Files.readAllBytes(tar));
            Files.delete(tar);
            results.put(dealId, new Result("", dealId, packed.dataId(), "", instructionCount));
            return packed.dataId();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the stored files (a tampered or wrong upload). */
    public synchronized void replaceFiles(String dealId, byte[] bytes) {
        files.put(dealId, bytes);
    }

    public synchronized DealTransactionsJobCreator reported(String dealId) {
        return deals.get(dealId).transactions().jobCreator();
    }

    public synchronized void state(String dealId, AgreementState state) {
        DealContainer c = deals.get(dealId);
        deals.put(
                dealId,
                new DealContainer(
                        c.id(),
                        c.jobCreator(),
                        c.resourceProvider(),
                        c.jobOffer(),
                        c.resourceOffer(),
                        state,
                        c.deal(),
                        c.transactions(),
                        c.mediator()));
    }

    // ------------------------------------------------------------------ SolverClient

    @Override
    public synchronized List<JobOfferContainer> jobOffers(JobOfferQuery query) {
        up("GET /job_offers");
        return List.copyOf(offers.values());
    }

    @Override
    public synchronized JobOfferContainer addJobOffer(JobOffer offer) {
        up("POST /job_offers");
        posts++;
        String id = ContentIds.of(offer);
        return offers.computeIfAbsent(
                id,
                key -> new JobOfferContainer(
                        id, "", offer.jobCreator(), AgreementState.DEAL_NEGOTIATING, offer.withId(id)));
    }

    @Override
    public List<ResourceOfferContainer> resourceOffers(ResourceOfferQuery query) {
        return List.of();
    }

    @Override
    public ResourceOfferContainer addResourceOffer(ResourceOffer offer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized List<DealContainer> deals(DealQuery query) {
        up("GET /deals");
        List<DealContainer> list = new ArrayList<>();
        for (DealContainer deal : deals.values()) {
            if (query.jobCreator().isEmpty() || Addresses.equal(query.jobCreator(), deal.jobCreator())) list.add(deal);
        }
        return list;
    }

    @Override
    public synchronized DealContainer deal(String dealId) {
        up("GET /deals/" + dealId);
        DealContainer deal = deals.get(dealId);
        if (deal == null) throw notFound("GET /deals/" + dealId);
        return deal;
    }

    @Override
    public synchronized Result result(String dealId) {
        up("GET /deals/" + dealId + "/result");
        Result result = results.get(dealId);
        if (result == null) throw notFound("GET /deals/" + dealId + "/result");
        return result;
    }

    @Override
    public Result addResult(Result result) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DealContainer updateResourceProviderTransactions(
            String dealId, DealTransactionsResourceProvider transactions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized DealContainer updateJobCreatorTransactions(
            String dealId, DealTransactionsJobCreator transactions) {
        up("POST /deals/" + dealId + "/txs/job_creator");
        DealContainer c = deals.get(dealId);
        DealTransactionsJobCreator old = c.transactions().jobCreator();
        DealTransactionsJobCreator merged = new DealTransactionsJobCreator(
                pick(transactions.agree(), old.agree()),
                pick(transactions.acceptResult(), old.acceptResult()),
                pick(transactions.checkResult(), old.checkResult()),
                pick(transactions.timeoutAgree(), old.timeoutAgree()),
                pick(transactions.timeoutSubmitResults(), old.timeoutSubmitResults()),
                pick(transactions.timeoutMediateResults(), old.timeoutMediateResults()));
        DealContainer updated = new DealContainer(
                c.id(),
                c.jobCreator(),
                c.resourceProvider(),
                c.jobOffer(),
                c.resourceOffer(),
                c.state(),
                c.deal(),
                new DealTransactions(
                        c.transactions().resourceProvider(),
                        merged,
                        c.transactions().mediator()),
                c.mediator());
        deals.put(dealId, updated);
        return updated;
    }

    private static String pick(String fresh, String old) {
        return fresh.isEmpty() ? old : fresh;
    }

    @Override
    public DealContainer updateMediatorTransactions(String dealId, DealTransactionsMediator transactions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UploadedFiles uploadFiles(String dealId, Path tar) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized void downloadFiles(String dealId, Path target) {
        up("GET /deals/" + dealId + "/files");
        byte[] bytes = files.get(dealId);
        if (bytes == null) throw notFound("GET /deals/" + dealId + "/files");
        try {
            Files.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SolverNotFoundException notFound(String request) {
        return new SolverNotFoundException(
                request,
                new ProblemDetails("https://coophive.network/problems/not-found", "Not found", 404, "", "", List.of()));
    }
}
