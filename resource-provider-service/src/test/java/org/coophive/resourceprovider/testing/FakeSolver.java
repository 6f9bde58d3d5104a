package org.coophive.resourceprovider.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealMembers;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.Result;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.JobOfferQuery;
import org.coophive.common.solver.ProblemDetails;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverConflictException;
import org.coophive.common.solver.SolverNotFoundException;
import org.coophive.common.solver.SolverProblemType;
import org.coophive.common.solver.SolverRequestRejectedException;
import org.coophive.common.solver.UploadedFiles;
import org.coophive.contracts.AgreementState;

/**
 * A solver in memory, speaking {@link SolverClient} as common/SOLVER-API.md describes it, for the
 * provider's tests (and, behind {@link HttpFakeSolver}, over HTTP). It makes deals the way the real
 * solver does (solver/MATCHING.md: members from the offers, pricing and timeouts from the resource
 * offer) when a test calls {@link #match(JobOffer)}. A deal's state is set by the test, or read from
 * the chain on every listing when a state source is given (as the real solver follows chain events).
 */
public final class FakeSolver implements SolverClient {

    private final String address;
    private final Map<String, ResourceOfferContainer> resourceOffers = new LinkedHashMap<>();
    private final Map<String, JobOfferContainer> jobOffers = new LinkedHashMap<>();
    private final Map<String, DealContainer> deals = new LinkedHashMap<>();
    private final Map<String, Result> results = new LinkedHashMap<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final AtomicInteger resultPosts = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger refusedUploads = new AtomicInteger();
    private volatile long maxUploadBytes = Long.MAX_VALUE;
    private volatile Function<DealContainer, Optional<AgreementState>> stateSource = d -> Optional.empty();

    /** @param address the solver's own address (deals name it) */
    public FakeSolver(String address) {
        this.address = Addresses.checksummed(address);
    }

    public String address() {
        return address;
    }

    /** Reads deal states from here (e.g. the chain) on every read; empty keeps the stored state. */
    public void followStates(Function<DealContainer, Optional<AgreementState>> source) {
        this.stateSource = source;
    }

    // ------------------------------------------------------------------ test controls

    /** Posts a job offer and matches it with the first free resource offer, as the solver would. */
    public synchronized DealContainer match(JobOffer offer) {
        JobOfferContainer job = addJobOffer(offer);
        for (ResourceOfferContainer candidate : resourceOffers.values()) {
            if (!candidate.dealId().isEmpty()) continue;
            ResourceOffer r = candidate.resourceOffer();
            if (!fits(job.jobOffer().spec(), r.spec())) continue;
            return makeDeal(job.jobOffer(), r);
        }
        throw new IllegalStateException(
                "no free resource offer for " + offer.spec() + " among " + resourceOffers.size());
    }

    /** Makes a deal of the two offers as the solver would (a test may alter it with {@code tamper}). */
    public synchronized DealContainer makeDeal(JobOffer job, ResourceOffer resource) {
        return makeDeal(job, resource, Function.identity());
    }

    /** Makes a deal, after letting the test change it (to test a provider's checks). */
    public synchronized DealContainer makeDeal(JobOffer job, ResourceOffer resource, Function<Deal, Deal> tamper) {
        List<String> mediators = new ArrayList<>();
        for (String m : resource.trustedParties().mediators()) {
            if (job.trustedParties().mediators().stream().anyMatch(j -> Addresses.equal(j, m))
                    && mediators.stream().noneMatch(x -> Addresses.equal(x, m))) {
                mediators.add(m);
            }
        }
        Deal deal = tamper.apply(new Deal(
                "",
                new DealMembers(address, job.jobCreator(), resource.resourceProvider(), mediators),
                resource.defaultPricing(),
                resource.defaultTimeouts(),
                job,
                resource));
        deal = deal.withId(ContentIds.of(deal));
        DealContainer container = new DealContainer(
                deal.id(),
                job.jobCreator(),
                resource.resourceProvider(),
                job.id(),
                resource.id(),
                AgreementState.DEAL_NEGOTIATING,
                deal,
                DealTransactions.NONE,
                "");
        deals.put(deal.id(), container);
        ResourceOfferContainer r = resourceOffers.get(resource.id());
        if (r != null) {
            resourceOffers.put(
                    r.id(),
                    new ResourceOfferContainer(r.id(), deal.id(), r.resourceProvider(), r.state(), r.resourceOffer()));
        }
        return container;
    }

    public synchronized void setState(String dealId, AgreementState state) {
        DealContainer d = deals.get(dealId);
        deals.put(dealId, withState(d, state));
    }

    public synchronized List<ResourceOfferContainer> allResourceOffers() {
        return List.copyOf(resourceOffers.values());
    }

    public synchronized Optional<byte[]> files(String dealId) {
        return Optional.ofNullable(files.get(dealId));
    }

    public int resultPosts() {
        return resultPosts.get();
    }

    public int uploads() {
        return uploads.get();
    }

    // ------------------------------------------------------------------ SolverClient

    @Override
    public synchronized List<JobOfferContainer> jobOffers(JobOfferQuery query) {
        return List.copyOf(jobOffers.values());
    }

    @Override
    public synchronized JobOfferContainer addJobOffer(JobOffer offer) {
        JobOffer stored = offer.withId(ContentIds.of(offer));
        return jobOffers.computeIfAbsent(
                stored.id(),
                id -> new JobOfferContainer(id, "", stored.jobCreator(), AgreementState.DEAL_NEGOTIATING, stored));
    }

    @Override
    public synchronized List<ResourceOfferContainer> resourceOffers(ResourceOfferQuery query) {
        List<ResourceOfferContainer> list = new ArrayList<>();
        for (ResourceOfferContainer r : resourceOffers.values()) {
            if (!query.resourceProvider().isEmpty()
                    && !Addresses.equal(query.resourceProvider(), r.resourceProvider())) {
                continue;
            }
            if (query.notMatched() && !r.dealId().isEmpty()) continue;
            if (query.active() && !r.dealId().isEmpty()) {
                AgreementState state = refreshed(deals.get(r.dealId())).state();
                if (state != AgreementState.DEAL_NEGOTIATING && state != AgreementState.DEAL_AGREED) continue;
            }
            list.add(r);
        }
        return list;
    }

    @Override
    public synchronized ResourceOfferContainer addResourceOffer(ResourceOffer offer) {
        ResourceOffer stored = offer.withId(ContentIds.of(offer));
        return resourceOffers.computeIfAbsent(
                stored.id(),
                id -> new ResourceOfferContainer(
                        id, "", stored.resourceProvider(), AgreementState.DEAL_NEGOTIATING, stored));
    }

    @Override
    public synchronized List<DealContainer> deals(DealQuery query) {
        List<DealContainer> list = new ArrayList<>();
        for (DealContainer d : refreshedDeals()) {
            if (!query.resourceProvider().isEmpty()
                    && !Addresses.equal(query.resourceProvider(), d.resourceProvider())) {
                continue;
            }
            if (!query.jobCreator().isEmpty() && !Addresses.equal(query.jobCreator(), d.jobCreator())) continue;
            if (query.state() != null && query.state() != d.state()) continue;
            list.add(d);
        }
        return list;
    }

    @Override
    public synchronized DealContainer deal(String dealId) {
        DealContainer d = deals.get(dealId);
        if (d == null) throw notFound("GET /deals/" + dealId, "no deal " + dealId);
        return refreshed(d);
    }

    @Override
    public synchronized Result result(String dealId) {
        Result r = results.get(dealId);
        if (r == null) throw notFound("GET /deals/" + dealId + "/result", "no result for deal " + dealId);
        return r;
    }

    @Override
    public synchronized Result addResult(Result result) {
        deal(result.dealId());
        byte[] uploaded = files.get(result.dealId());
        if (uploaded != null && !result.dataId().isEmpty() && !result.dataId().equals(ContentIds.ofBytes(uploaded))) {
            throw new SolverConflictException(
                    "POST /deals/" + result.dealId() + "/result",
                    ProblemDetails.of(SolverProblemType.CONFLICT, "data id differs from the files", "", List.of()));
        }
        Result stored = result.withId(ContentIds.of(result));
        results.put(result.dealId(), stored);
        resultPosts.incrementAndGet();
        return stored;
    }

    @Override
    public synchronized DealContainer updateResourceProviderTransactions(
            String dealId, DealTransactionsResourceProvider txs) {
        DealContainer d = deal(dealId);
        DealTransactionsResourceProvider old = d.transactions().resourceProvider();
        DealTransactionsResourceProvider merged = new DealTransactionsResourceProvider(
                pick(txs.agree(), old.agree()),
                pick(txs.addResult(), old.addResult()),
                pick(txs.timeoutAgree(), old.timeoutAgree()),
                pick(txs.timeoutJudgeResults(), old.timeoutJudgeResults()),
                pick(txs.timeoutMediateResults(), old.timeoutMediateResults()));
        DealContainer updated = withTransactions(
                d,
                new DealTransactions(
                        merged, d.transactions().jobCreator(), d.transactions().mediator()));
        deals.put(dealId, updated);
        return updated;
    }

    @Override
    public synchronized DealContainer updateJobCreatorTransactions(String dealId, DealTransactionsJobCreator txs) {
        DealContainer d = deal(dealId);
        DealContainer updated = withTransactions(
                d,
                new DealTransactions(
                        d.transactions().resourceProvider(),
                        txs,
                        d.transactions().mediator()));
        deals.put(dealId, updated);
        return updated;
    }

    @Override
    public synchronized DealContainer updateMediatorTransactions(String dealId, DealTransactionsMediator txs) {
        throw new UnsupportedOperationException("no mediation in the provider's tests");
    }

    @Override
    public UploadedFiles uploadFiles(String dealId, Path tar) {
        try {
            return uploadBytes(dealId, Files.readAllBytes(tar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Uploads above {@code bytes} are refused with 413, as the solver's limit does. */
    public void maxUploadBytes(long bytes) {
        maxUploadBytes = bytes;
    }

    /** Uploads refused for their size. */
    public int refusedUploads() {
        return refusedUploads.get();
    }

    public synchronized UploadedFiles uploadBytes(String dealId, byte[] bytes) {
        deal(dealId);
        if (bytes.length > maxUploadBytes) {
            refusedUploads.incrementAndGet();
            throw new SolverRequestRejectedException(
                    "POST /deals/" + dealId + "/files",
                    ProblemDetails.of(
                            SolverProblemType.PAYLOAD_TOO_LARGE,
                            bytes.length + " bytes is more than the " + maxUploadBytes + " accepted",
                            "",
                            List.of()));
        }
        files.put(dealId, bytes);
        uploads.incrementAndGet();
        return new UploadedFiles(dealId, ContentIds.ofBytes(bytes), bytes.length);
    }

    @Override
    public synchronized void downloadFiles(String dealId, Path target) {
        byte[] bytes = files.get(dealId);
        if (bytes == null) throw notFound("GET /deals/" + dealId + "/files", "no files");
        try {
            Files.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private Collection<DealContainer> refreshedDeals() {
        List<DealContainer> list = new ArrayList<>();
        for (String id : List.copyOf(deals.keySet())) list.add(refreshed(deals.get(id)));
        return list;
    }

    private DealContainer refreshed(DealContainer d) {
        Optional<AgreementState> state = stateSource.apply(d);
        if (state.isEmpty() || state.get() == d.state()) return d;
        DealContainer updated = withState(d, state.get());
        deals.put(d.id(), updated);
        return updated;
    }

    /** The terms as the chain takes them, for tests that drive the job creator's side. */
    public DealTerms terms(String dealId) {
        return DealTerms.of(deals.get(dealId).deal());
    }

    private static boolean fits(MachineSpec need, MachineSpec have) {
        return need.cpu() <= have.cpu() && need.gpu() <= have.gpu() && need.ram() <= have.ram();
    }

    private static String pick(String fresh, String old) {
        return fresh.isEmpty() ? old : fresh;
    }

    private static DealContainer withState(DealContainer d, AgreementState state) {
        return new DealContainer(
                d.id(),
                d.jobCreator(),
                d.resourceProvider(),
                d.jobOffer(),
                d.resourceOffer(),
                state,
                d.deal(),
                d.transactions(),
                d.mediator());
    }

    private static DealContainer withTransactions(DealContainer d, DealTransactions txs) {
        return new DealContainer(
                d.id(),
                d.jobCreator(),
                d.resourceProvider(),
                d.jobOffer(),
                d.resourceOffer(),
                d.state(),
                d.deal(),
                txs,
                d.mediator());
    }

    private static SolverNotFoundException notFound(String request, String detail) {
        return new SolverNotFoundException(
                request, ProblemDetails.of(SolverProblemType.NOT_FOUND, detail, "", List.of()));
    }
}
