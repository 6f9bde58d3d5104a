package org.coophive.common.solver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.coophive.common.model.ModelValidator;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.Result;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.model.Violation;
import org.coophive.common.signing.InMemoryNonceStore;
import org.coophive.common.signing.RequestVerifier;
import org.coophive.common.signing.SignedRequestHeaders;
import org.coophive.common.signing.Verification;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one fake solver of the tests: offers, deals, results, result files and events in memory,
 * with two faces on the same state.
 *
 * <ul>
 *   <li><b>In process</b> it is a {@link SolverClient}, trusted like a client holding every key:
 *       no signatures, no party checks, no validation. {@link #subscribe} delivers its events.
 *   <li><b>Over HTTP</b> ({@link #start()} or {@link #serve()}) it answers the routes of {@code
 *       common/SOLVER-API.md} on 127.0.0.1 at a free port: signatures are checked with the real
 *       {@link RequestVerifier}, the signer must be the party the route requires, bodies are
 *       validated with {@link ModelValidator}, refusals are Problem Details, listings page by id.
 *       It has no WebSocket ({@code /api/v1/ws} answers 404), so a service's event stream keeps
 *       reconnecting and the service relies on its periodic pass.
 * </ul>
 *
 * <p>It makes deals the way the real solver does (solver/MATCHING.md: members from the offers,
 * pricing and timeouts from the resource offer) when a test calls {@link #match} or {@link
 * #makeDeal}; a deal's state is set by the test, or read on every read from a source the test gives
 * ({@link #followStates}, e.g. the chain, as the real solver follows chain events).
 *
 * <p>Failure switches act on both faces and on every route: {@link #down} (unreachable), {@link
 * #answerNext} (refuse with a status), {@link #slow} (answer late); over HTTP, {@link
 * #cutOffNextDownloads} and {@link #stallNextDownloads} break downloads halfway. The helpers for
 * setting up and asserting ({@code put*}, {@code stored*}, counters) bypass the switches.
 */
public final class FakeSolver implements SolverClient, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String API = "/api/v1";
    private static final Pattern DEAL_ROUTE = Pattern.compile("/api/v1/deals/([^/]+)(/.*)?");
    private static final Pattern OFFER_ROUTE = Pattern.compile("/api/v1/(job_offers|resource_offers)/([^/]+)(/.*)?");

    private final String address;
    // The model, guarded by this.
    private final Map<String, JobOfferContainer> jobOffers = new LinkedHashMap<>();
    private final Map<String, ResourceOfferContainer> resourceOffers = new LinkedHashMap<>();
    private final Map<String, DealContainer> deals = new LinkedHashMap<>();
    private final Map<String, Result> results = new LinkedHashMap<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private Function<DealContainer, Optional<AgreementState>> stateSource = d -> Optional.empty();
    private long maxUploadBytes = Long.MAX_VALUE;
    // What tests assert.
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> downloads = new CopyOnWriteArrayList<>();
    private final List<DealTransactionsMediator> mediatorReports = new CopyOnWriteArrayList<>();
    private final AtomicInteger offerPosts = new AtomicInteger();
    private final AtomicInteger resultPosts = new AtomicInteger();
    private final AtomicInteger uploads = new AtomicInteger();
    private final AtomicInteger refusedUploads = new AtomicInteger();
    // Failure switches.
    private final Queue<Scripted> scripted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger downloadsToCut = new AtomicInteger();
    private final AtomicInteger downloadsToStall = new AtomicInteger();
    private volatile boolean down;
    private volatile Duration delay = Duration.ZERO;
    // Events, delivered in order on one thread (as a SolverEventStream does).
    private final List<SolverEventListener> listeners = new CopyOnWriteArrayList<>();
    private ExecutorService events; // guarded by this
    // The HTTP face, once served.
    private final RequestVerifier verifier =
            new RequestVerifier(new InMemoryNonceStore(Clock.systemUTC()), Clock.systemUTC());
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile HttpServer server;
    private ExecutorService handlers;

    /** An answer given instead of the route's; {@code problem} null sends a plain-text body. */
    private record Scripted(int status, String retryAfter, ProblemDetails problem) {}

    /** One call of either face; {@code caller} is the verified signer, null in process (trusted). */
    private record Call(String method, String path, String caller) {

        String request() {
            return method + " " + path;
        }

        SolverException refuse(SolverProblemType type, String detail) {
            return refuse(type, detail, List.of());
        }

        SolverException refuse(SolverProblemType type, String detail, List<Violation> errors) {
            return SolverException.of(request(), ProblemDetails.of(type, detail, path, errors));
        }
    }

    /** A fake solver whose deals name the dev solver account. */
    public FakeSolver() {
        this(DevAccounts.solver().address());
    }

    /** @param address the solver's own address (the deals it makes name it) */
    public FakeSolver(String address) {
        this.address = Addresses.checksummed(address);
    }

    /** A fake solver of the dev solver account, already served over HTTP. */
    public static FakeSolver start() throws IOException {
        return new FakeSolver().serve();
    }

    /** Serves this fake over HTTP on 127.0.0.1 at a free port, until {@link #close()}. */
    public synchronized FakeSolver serve() throws IOException {
        if (server != null) return this;
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext(API + "/", this::handle);
        handlers = Executors.newCachedThreadPool();
        http.setExecutor(handlers);
        http.start();
        server = http;
        return this;
    }

    /** The solver URL, as registered on chain and given to services (without /api/v1). */
    public URI url() {
        HttpServer http = server;
        if (http == null) throw new IllegalStateException("not served: call serve() first");
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** The solver's own address. */
    public String address() {
        return address;
    }

    @Override
    public void close() {
        closing.countDown();
        HttpServer http = server;
        if (http != null) {
            http.stop(0);
            handlers.shutdownNow();
        }
        synchronized (this) {
            if (events != null) events.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ failure switches

    /** While down, every route fails as an unreachable solver does (no answer at all). */
    public void down(boolean down) {
        this.down = down;
    }

    /**
     * The next {@code times} requests get {@code status} with this problem ({@code null}: a
     * plain-text body) instead of the route's answer. In process, the status becomes the
     * exception the HTTP client would throw (a {@link SolverUnavailableException} for 429 and 5xx,
     * as once the client's retries ran out).
     */
    public void answerNext(int times, int status, String retryAfter, ProblemDetails problem) {
        for (int i = 0; i < times; i++) scripted.add(new Scripted(status, retryAfter, problem));
    }

    /** The next {@code times} requests are refused as {@code type}. */
    public void refuseNext(int times, SolverProblemType type, String detail) {
        answerNext(times, type.status(), null, ProblemDetails.of(type, detail, "", List.of()));
    }

    /** Every request is answered {@code delay} late ({@link Duration#ZERO}: at once). */
    public void slow(Duration delay) {
        this.delay = delay;
    }

    /**
     * In process: from now on, every request whose path contains {@code pathPart} waits (at most
     * 30 s) until the returned latch is counted down, as a solver slow on one route only.
     */
    public CountDownLatch holdRequests(String pathPart) {
        CountDownLatch released = new CountDownLatch(1);
        holds.add(new Hold(pathPart, released));
        return released;
    }

    private record Hold(String pathPart, CountDownLatch released) {}

    private final List<Hold> holds = new CopyOnWriteArrayList<>();

    private void holdIfAsked(Call call) {
        for (Hold hold : holds) {
            if (!call.path().contains(hold.pathPart())) continue;
            try {
                hold.released().await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Over HTTP: the next {@code times} downloads announce their full length but stop halfway. */
    public void cutOffNextDownloads(int times) {
        downloadsToCut.set(times);
    }

    /** Over HTTP: the next {@code times} downloads send half their bytes, then stall until {@link #close()}. */
    public void stallNextDownloads(int times) {
        downloadsToStall.set(times);
    }

    /** Uploads above {@code bytes} are refused with 413, as the solver's limit does (default: no limit). */
    public synchronized void maxUploadBytes(long bytes) {
        maxUploadBytes = bytes;
    }

    // ------------------------------------------------------------------ playing the solver

    /** Reads deal states from {@code source} (e.g. the chain) on every read; empty keeps the stored state. */
    public synchronized void followStates(Function<DealContainer, Optional<AgreementState>> source) {
        stateSource = source;
    }

    /** Events from now on go to {@code listener}, in order, on one thread of the fake's. */
    public void subscribe(SolverEventListener listener) {
        listeners.add(listener);
        listener.onConnected();
    }

    /** Posts a job offer and matches it with the first free resource offer whose machine covers it. */
    public synchronized DealContainer match(JobOffer offer) {
        JobOffer job =
                postJobOffer(new Call("POST", API + "/job_offers", null), offer).jobOffer();
        for (ResourceOfferContainer candidate : resourceOffers.values()) {
            if (candidate.dealId().isEmpty()
                    && candidate.resourceOffer().spec().shortfall(job.spec()).isEmpty()) {
                return makeDeal(job, candidate.resourceOffer());
            }
        }
        throw new IllegalStateException("no free resource offer for " + job.spec() + " among " + resourceOffers.size());
    }

    /** Makes a deal of the two offers as the solver would. */
    public DealContainer makeDeal(JobOffer job, ResourceOffer resource) {
        return makeDeal(job, resource, Function.identity());
    }

    /** Makes a deal of the two offers as the solver would, after letting the test change it. */
    public DealContainer makeDeal(JobOffer job, ResourceOffer resource, Function<Deal, Deal> tamper) {
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
        return addDeal(deal.withId(ContentIds.of(deal)));
    }

    /** Stores {@code deal} (with its id) as negotiating and marks its offers, if stored, as in it. */
    public DealContainer addDeal(Deal deal) {
        DealContainer container = new DealContainer(
                deal.id(),
                deal.members().jobCreator(),
                deal.members().resourceProvider(),
                deal.jobOffer().id(),
                deal.resourceOffer().id(),
                AgreementState.DEAL_NEGOTIATING,
                deal,
                DealTransactions.NONE,
                "");
        synchronized (this) {
            deals.put(deal.id(), container);
            jobOffers.computeIfPresent(
                    container.jobOffer(),
                    (id, o) -> new JobOfferContainer(id, deal.id(), o.jobCreator(), o.state(), o.jobOffer()));
            resourceOffers.computeIfPresent(
                    container.resourceOffer(),
                    (id, o) -> new ResourceOfferContainer(
                            id, deal.id(), o.resourceProvider(), o.state(), o.resourceOffer()));
            emit(SolverEvent.of(EventType.DEAL_ADDED, container));
        }
        return container;
    }

    /** Stores a deal as it is. */
    public synchronized void putDeal(DealContainer deal) {
        deals.put(deal.id(), deal);
        emit(SolverEvent.of(EventType.DEAL_ADDED, deal));
    }

    /** What the solver does when the chain says the deal moved to {@code state}. */
    public synchronized void setState(String dealId, AgreementState state) {
        DealContainer updated = with(stored(dealId), state, null, null);
        deals.put(dealId, updated);
        emit(SolverEvent.of(EventType.DEAL_STATE_UPDATED, updated));
    }

    /** What the solver does on the chain's DealStateChange(ResultsChecked) and MediationRequested. */
    public synchronized void mediatorPicked(String dealId, String mediator) {
        DealContainer updated = with(stored(dealId), AgreementState.RESULTS_CHECKED, null, mediator);
        deals.put(dealId, updated);
        emit(SolverEvent.of(EventType.DEAL_MEDIATOR_UPDATED, updated));
    }

    /** Stores a result and its files as the provider's upload and post would. */
    public synchronized void putResult(Result result, byte[] tar) {
        results.put(result.dealId(), result);
        files.put(result.dealId(), tar);
    }

    /** Stores the result files of a deal (replacing any: e.g. a tampered upload). */
    public synchronized void putFiles(String dealId, byte[] tar) {
        files.put(dealId, tar.clone());
    }

    /** Forgets the result files of a deal (a lost upload). */
    public synchronized void removeFiles(String dealId) {
        files.remove(dealId);
    }

    /** Like {@link #putFiles(String, byte[])}, from a file. */
    public void putFiles(String dealId, Path tar) {
        try {
            putFiles(dealId, Files.readAllBytes(tar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ what tests assert

    /** Every request received, as {@code METHOD /path?query} (in process: {@code METHOD /path}). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** The file downloads served, as {@code dealId signer} ({@code dealId in-process} in process). */
    public List<String> downloads() {
        return List.copyOf(downloads);
    }

    /** Every mediator transaction report accepted, as posted, in order. */
    public List<DealTransactionsMediator> mediatorReports() {
        return List.copyOf(mediatorReports);
    }

    /** Job offers posted (again or not). */
    public int offerPosts() {
        return offerPosts.get();
    }

    /** Results accepted. */
    public int resultPosts() {
        return resultPosts.get();
    }

    /** Uploads accepted. */
    public int uploads() {
        return uploads.get();
    }

    /** Uploads refused for their size. */
    public int refusedUploads() {
        return refusedUploads.get();
    }

    public synchronized List<JobOfferContainer> storedJobOffers() {
        return List.copyOf(jobOffers.values());
    }

    public synchronized List<ResourceOfferContainer> storedResourceOffers() {
        return List.copyOf(resourceOffers.values());
    }

    public synchronized Optional<DealContainer> storedDeal(String dealId) {
        return Optional.ofNullable(deals.get(dealId));
    }

    /** The transaction hashes reported for a deal. */
    public synchronized DealTransactions transactions(String dealId) {
        return stored(dealId).transactions();
    }

    public synchronized Optional<Result> storedResult(String dealId) {
        return Optional.ofNullable(results.get(dealId));
    }

    public synchronized Optional<byte[]> storedFiles(String dealId) {
        return Optional.ofNullable(files.get(dealId));
    }

    // ------------------------------------------------------------------ SolverClient (in process)

    @Override
    public List<JobOfferContainer> jobOffers(JobOfferQuery query) {
        local("GET", "/job_offers");
        return listJobOffers(query);
    }

    @Override
    public JobOfferContainer addJobOffer(JobOffer offer) {
        return postJobOffer(local("POST", "/job_offers"), offer);
    }

    @Override
    public JobOfferContainer withdrawJobOffer(String jobOfferId) {
        return withdrawJobOffer(local("DELETE", "/job_offers/" + jobOfferId), jobOfferId);
    }

    @Override
    public JobOfferExplanation explainJobOffer(String jobOfferId) {
        return explainStored(local("GET", "/job_offers/" + jobOfferId + "/explain"), jobOfferId);
    }

    @Override
    public JobOfferExplanation explainJobOffer(JobOffer offer) {
        local("POST", "/job_offers/explain");
        return explain(offer.withId(ContentIds.of(offer)));
    }

    @Override
    public List<ResourceOfferContainer> resourceOffers(ResourceOfferQuery query) {
        local("GET", "/resource_offers");
        return listResourceOffers(query);
    }

    @Override
    public ResourceOfferContainer addResourceOffer(ResourceOffer offer) {
        return postResourceOffer(local("POST", "/resource_offers"), offer);
    }

    @Override
    public ResourceOfferContainer withdrawResourceOffer(String resourceOfferId) {
        return withdrawResourceOffer(local("DELETE", "/resource_offers/" + resourceOfferId), resourceOfferId);
    }

    @Override
    public List<DealContainer> deals(DealQuery query) {
        local("GET", "/deals");
        return listDeals(query);
    }

    @Override
    public DealContainer deal(String dealId) {
        return deal(local("GET", "/deals/" + dealId), dealId);
    }

    @Override
    public Result result(String dealId) {
        return result(local("GET", "/deals/" + dealId + "/result"), dealId);
    }

    @Override
    public Result addResult(Result result) {
        return addResult(local("POST", "/deals/" + result.dealId() + "/result"), result.dealId(), result);
    }

    @Override
    public DealContainer updateResourceProviderTransactions(String dealId, DealTransactionsResourceProvider txs) {
        return reportResourceProvider(local("POST", "/deals/" + dealId + "/txs/resource_provider"), dealId, txs);
    }

    @Override
    public DealContainer updateJobCreatorTransactions(String dealId, DealTransactionsJobCreator txs) {
        return reportJobCreator(local("POST", "/deals/" + dealId + "/txs/job_creator"), dealId, txs);
    }

    @Override
    public DealContainer updateMediatorTransactions(String dealId, DealTransactionsMediator txs) {
        return reportMediator(local("POST", "/deals/" + dealId + "/txs/mediator"), dealId, txs);
    }

    @Override
    public UploadedFiles uploadFiles(String dealId, Path tar) {
        Call call = local("POST", "/deals/" + dealId + "/files");
        try {
            return upload(call, dealId, Files.readAllBytes(tar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void downloadFiles(String dealId, Path target) {
        byte[] tar = download(local("GET", "/deals/" + dealId + "/files"), dealId);
        try {
            Files.write(target, tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A call in process: logged, then through the failure switches as an exception. */
    private Call local(String method, String route) {
        Call call = new Call(method, API + route, null);
        requests.add(call.request());
        pause();
        holdIfAsked(call);
        if (down) {
            throw new SolverUnavailableException(
                    call.request(),
                    new ProblemDetails(null, "", 0, "no answer (fake solver down)", call.path(), List.of()),
                    1,
                    new ConnectException("Connection refused (fake solver down)"));
        }
        Scripted next = scripted.poll();
        if (next != null) {
            ProblemDetails problem = next.problem() != null
                    ? next.problem()
                    : new ProblemDetails(null, "", next.status(), "scripted answer", call.path(), List.of());
            int status = next.status();
            if (status == 429 || status >= 500) throw new SolverUnavailableException(call.request(), problem, 1, null);
            throw SolverException.of(call.request(), problem);
        }
        return call;
    }

    private void pause() {
        Duration wait = delay;
        if (wait.isZero()) return;
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ the model: offers

    private synchronized List<JobOfferContainer> listJobOffers(JobOfferQuery query) {
        return jobOffers.values().stream()
                .filter(c -> query.jobCreator().isEmpty() || Addresses.equal(query.jobCreator(), c.jobCreator()))
                .filter(c -> !query.notMatched() || c.dealId().isEmpty())
                .toList();
    }

    private synchronized JobOfferContainer postJobOffer(Call call, JobOffer offer) {
        requireParty(call, offer.jobCreator(), "the offer's job creator");
        offerPosts.incrementAndGet();
        String id = ContentIds.of(offer);
        JobOfferContainer stored = jobOffers.get(id);
        if (stored != null) return stored;
        JobOfferContainer added =
                new JobOfferContainer(id, "", offer.jobCreator(), AgreementState.DEAL_NEGOTIATING, offer.withId(id));
        jobOffers.put(id, added);
        emit(SolverEvent.of(EventType.JOB_OFFER_ADDED, added));
        return added;
    }

    private synchronized JobOfferContainer withdrawJobOffer(Call call, String id) {
        JobOfferContainer stored = jobOffers.get(id);
        if (stored == null) throw call.refuse(SolverProblemType.NOT_FOUND, "no job offer " + id);
        requireParty(call, stored.jobCreator(), "the offer's job creator");
        requireUnmatched(call, stored.dealId());
        jobOffers.remove(id);
        emit(SolverEvent.of(EventType.JOB_OFFER_WITHDRAWN, stored));
        return stored;
    }

    private synchronized List<ResourceOfferContainer> listResourceOffers(ResourceOfferQuery query) {
        List<ResourceOfferContainer> list = new ArrayList<>();
        for (ResourceOfferContainer r : resourceOffers.values()) {
            if (!query.resourceProvider().isEmpty() && !Addresses.equal(query.resourceProvider(), r.resourceProvider()))
                continue;
            if (query.notMatched() && !r.dealId().isEmpty()) continue;
            if (query.active() && !r.dealId().isEmpty()) {
                DealContainer deal = deals.get(r.dealId());
                AgreementState state = deal == null
                        ? AgreementState.DEAL_NEGOTIATING
                        : refreshed(deal).state();
                if (state != AgreementState.DEAL_NEGOTIATING && state != AgreementState.DEAL_AGREED) continue;
            }
            list.add(r);
        }
        return list;
    }

    private synchronized ResourceOfferContainer postResourceOffer(Call call, ResourceOffer offer) {
        requireParty(call, offer.resourceProvider(), "the offer's resource provider");
        String id = ContentIds.of(offer);
        ResourceOfferContainer stored = resourceOffers.get(id);
        if (stored != null) return stored;
        ResourceOfferContainer added = new ResourceOfferContainer(
                id, "", offer.resourceProvider(), AgreementState.DEAL_NEGOTIATING, offer.withId(id));
        resourceOffers.put(id, added);
        emit(SolverEvent.of(EventType.RESOURCE_OFFER_ADDED, added));
        return added;
    }

    private synchronized ResourceOfferContainer withdrawResourceOffer(Call call, String id) {
        ResourceOfferContainer stored = resourceOffers.get(id);
        if (stored == null) throw call.refuse(SolverProblemType.NOT_FOUND, "no resource offer " + id);
        requireParty(call, stored.resourceProvider(), "the offer's resource provider");
        requireUnmatched(call, stored.dealId());
        resourceOffers.remove(id);
        emit(SolverEvent.of(EventType.RESOURCE_OFFER_WITHDRAWN, stored));
        return stored;
    }

    private static void requireUnmatched(Call call, String dealId) {
        if (!dealId.isEmpty()) throw call.refuse(SolverProblemType.CONFLICT, "the offer is in deal " + dealId);
    }

    private synchronized JobOfferExplanation explainStored(Call call, String id) {
        JobOfferContainer stored = jobOffers.get(id);
        if (stored == null) throw call.refuse(SolverProblemType.NOT_FOUND, "no job offer " + id);
        return explain(stored.jobOffer());
    }

    /** A simplified judge: the fake checks the machine only (common's rule), enough to test the wire form. */
    private synchronized JobOfferExplanation explain(JobOffer job) {
        List<JobOfferExplanation.Verdict> verdicts = resourceOffers.values().stream()
                .map(c -> c.resourceOffer()
                        .spec()
                        .shortfall(job.spec())
                        .map(shortfall -> new JobOfferExplanation.Verdict(
                                c.id(),
                                c.resourceProvider(),
                                false,
                                shortfall.resource().name().toLowerCase(Locale.ROOT),
                                shortfall.message()))
                        .orElseGet(() ->
                                new JobOfferExplanation.Verdict(c.id(), c.resourceProvider(), true, "", "matches")))
                .toList();
        return new JobOfferExplanation(job.id(), verdicts);
    }

    // ------------------------------------------------------------------ the model: deals

    private synchronized List<DealContainer> listDeals(DealQuery query) {
        List<DealContainer> list = new ArrayList<>();
        for (String id : List.copyOf(deals.keySet())) {
            DealContainer d = refreshed(deals.get(id));
            if (!query.jobCreator().isEmpty() && !Addresses.equal(query.jobCreator(), d.jobCreator())) continue;
            if (!query.resourceProvider().isEmpty() && !Addresses.equal(query.resourceProvider(), d.resourceProvider()))
                continue;
            if (!query.mediator().isEmpty() && !Addresses.equal(query.mediator(), d.mediator())) continue;
            if (query.state() != null && query.state() != d.state()) continue;
            list.add(d);
        }
        return list;
    }

    private synchronized DealContainer deal(Call call, String id) {
        DealContainer deal = deals.get(id);
        if (deal == null) throw call.refuse(SolverProblemType.NOT_FOUND, "no deal " + id);
        return refreshed(deal);
    }

    private synchronized DealContainer reportResourceProvider(
            Call call, String id, DealTransactionsResourceProvider posted) {
        DealContainer deal = deal(call, id);
        requireParty(call, deal.resourceProvider(), "the deal's resource provider");
        DealTransactions txs = deal.transactions();
        DealTransactionsResourceProvider old = txs.resourceProvider();
        DealTransactionsResourceProvider merged = new DealTransactionsResourceProvider(
                or(posted.agree(), old.agree()),
                or(posted.addResult(), old.addResult()),
                or(posted.timeoutAgree(), old.timeoutAgree()),
                or(posted.timeoutJudgeResults(), old.timeoutJudgeResults()),
                or(posted.timeoutMediateResults(), old.timeoutMediateResults()));
        return store(
                deal,
                new DealTransactions(merged, txs.jobCreator(), txs.mediator()),
                EventType.RESOURCE_PROVIDER_TRANSACTIONS_UPDATED);
    }

    private synchronized DealContainer reportJobCreator(Call call, String id, DealTransactionsJobCreator posted) {
        DealContainer deal = deal(call, id);
        requireParty(call, deal.jobCreator(), "the deal's job creator");
        DealTransactions txs = deal.transactions();
        DealTransactionsJobCreator old = txs.jobCreator();
        DealTransactionsJobCreator merged = new DealTransactionsJobCreator(
                or(posted.agree(), old.agree()),
                or(posted.acceptResult(), old.acceptResult()),
                or(posted.checkResult(), old.checkResult()),
                or(posted.timeoutAgree(), old.timeoutAgree()),
                or(posted.timeoutSubmitResults(), old.timeoutSubmitResults()),
                or(posted.timeoutMediateResults(), old.timeoutMediateResults()));
        return store(
                deal,
                new DealTransactions(txs.resourceProvider(), merged, txs.mediator()),
                EventType.JOB_CREATOR_TRANSACTIONS_UPDATED);
    }

    private synchronized DealContainer reportMediator(Call call, String id, DealTransactionsMediator posted) {
        DealContainer deal = deal(call, id);
        requireParty(call, deal.mediator(), "the deal's mediator");
        DealTransactions txs = deal.transactions();
        DealTransactionsMediator old = txs.mediator();
        DealTransactionsMediator merged = new DealTransactionsMediator(
                or(posted.mediationAcceptResult(), old.mediationAcceptResult()),
                or(posted.mediationRejectResult(), old.mediationRejectResult()));
        mediatorReports.add(posted);
        return store(
                deal,
                new DealTransactions(txs.resourceProvider(), txs.jobCreator(), merged),
                EventType.MEDIATOR_TRANSACTIONS_UPDATED);
    }

    private DealContainer store(DealContainer deal, DealTransactions transactions, EventType event) {
        DealContainer updated = with(deal, null, transactions, null);
        deals.put(updated.id(), updated);
        emit(SolverEvent.of(event, updated));
        return updated;
    }

    private static String or(String posted, String stored) {
        return posted.isEmpty() ? stored : posted;
    }

    private DealContainer stored(String dealId) {
        DealContainer deal = deals.get(dealId);
        if (deal == null) throw new IllegalArgumentException("the fake solver has no deal " + dealId);
        return deal;
    }

    private DealContainer refreshed(DealContainer deal) {
        Optional<AgreementState> state = stateSource.apply(deal);
        if (state.isEmpty() || state.get() == deal.state()) return deal;
        DealContainer updated = with(deal, state.get(), null, null);
        deals.put(deal.id(), updated);
        emit(SolverEvent.of(EventType.DEAL_STATE_UPDATED, updated));
        return updated;
    }

    /** {@code deal} with the non-null ones of these changed. */
    private static DealContainer with(
            DealContainer d, AgreementState state, DealTransactions transactions, String mediator) {
        return new DealContainer(
                d.id(),
                d.jobCreator(),
                d.resourceProvider(),
                d.jobOffer(),
                d.resourceOffer(),
                state == null ? d.state() : state,
                d.deal(),
                transactions == null ? d.transactions() : transactions,
                mediator == null ? d.mediator() : mediator);
    }

    // ------------------------------------------------------------------ the model: results and files

    private synchronized Result result(Call call, String dealId) {
        deal(call, dealId);
        Result result = results.get(dealId);
        if (result == null) throw call.refuse(SolverProblemType.NOT_FOUND, "no result for deal " + dealId);
        return result;
    }

    private synchronized Result addResult(Call call, String dealId, Result posted) {
        DealContainer deal = deal(call, dealId);
        requireParty(call, deal.resourceProvider(), "the deal's resource provider");
        Result result = new Result("", dealId, posted.dataId(), posted.error(), posted.instructionCount());
        byte[] uploaded = files.get(dealId);
        if (uploaded != null && !result.dataId().isEmpty() && !result.dataId().equals(ContentIds.ofBytes(uploaded))) {
            throw call.refuse(
                    SolverProblemType.CONFLICT,
                    "data_id " + result.dataId() + " is not the id of the uploaded files "
                            + ContentIds.ofBytes(uploaded));
        }
        Result stored = result.withId(ContentIds.of(result));
        results.put(dealId, stored);
        resultPosts.incrementAndGet();
        return stored;
    }

    private synchronized UploadedFiles upload(Call call, String dealId, byte[] tar) {
        if (tar.length > maxUploadBytes) {
            refusedUploads.incrementAndGet();
            throw call.refuse(
                    SolverProblemType.PAYLOAD_TOO_LARGE,
                    tar.length + " bytes is more than the " + maxUploadBytes + " accepted");
        }
        requireParty(call, deal(call, dealId).resourceProvider(), "the deal's resource provider");
        files.put(dealId, tar);
        uploads.incrementAndGet();
        return new UploadedFiles(dealId, ContentIds.ofBytes(tar), tar.length);
    }

    private synchronized byte[] download(Call call, String dealId) {
        DealContainer deal = deal(call, dealId);
        if (call.caller() != null) {
            String caller = call.caller();
            boolean party = Addresses.equal(caller, deal.jobCreator())
                    || Addresses.equal(caller, deal.resourceProvider())
                    || (!deal.mediator().isEmpty() && Addresses.equal(caller, deal.mediator()));
            if (!party) {
                throw call.refuse(
                        SolverProblemType.FORBIDDEN, caller + " is not a party or the mediator of deal " + dealId);
            }
        }
        byte[] tar = files.get(dealId);
        if (tar == null) throw call.refuse(SolverProblemType.NOT_FOUND, "no files for deal " + dealId);
        downloads.add(dealId + " " + (call.caller() == null ? "in-process" : call.caller()));
        return tar;
    }

    /** Over HTTP, the signer must be {@code party}; in process every call is trusted. */
    private static void requireParty(Call call, String party, String role) {
        if (call.caller() == null) return;
        if (party.isEmpty() || !Addresses.equal(call.caller(), party)) {
            throw call.refuse(
                    SolverProblemType.FORBIDDEN,
                    "the signer " + call.caller() + " is not " + role
                            + (party.isEmpty() ? " (none yet)" : " " + party));
        }
    }

    // ------------------------------------------------------------------ events

    /** Queues an event for the subscribers; called under the lock, so events keep their order. */
    private void emit(SolverEvent event) {
        if (listeners.isEmpty()) return;
        if (events == null) {
            events = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "fake-solver-events");
                thread.setDaemon(true);
                return thread;
            });
        }
        if (events.isShutdown()) return;
        events.execute(() -> {
            for (SolverEventListener listener : listeners) {
                try {
                    listener.onEvent(event);
                } catch (RuntimeException e) {
                    // As the event stream does: a listener's failure does not stop the others.
                }
            }
        });
    }

    // ------------------------------------------------------------------ the HTTP face

    /** How a download goes wrong on purpose. */
    private enum Breakage {
        NONE,
        /** Half the bytes, then the connection drops. */
        CUT_OFF,
        /** Half the bytes, then nothing until the fake is closed. */
        STALL
    }

    /** A successful answer. */
    private record Reply(String contentType, byte[] body, Breakage breakage) {}

    /** A request; {@code verification} is null when it carried no signature headers. */
    private record Request(String method, String path, String query, byte[] body, Verification verification) {

        Map<String, String> params() {
            Map<String, String> params = new HashMap<>();
            if (query == null || query.isEmpty()) return params;
            for (String part : query.split("&")) {
                int equals = part.indexOf('=');
                String key = equals < 0 ? part : part.substring(0, equals);
                String value = equals < 0 ? "" : part.substring(equals + 1);
                params.put(
                        URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
            return params;
        }

        /** The call, unsigned (reading routes). */
        Call open() {
            return new Call(method, path, null);
        }

        /** The call of the verified signer, or a 401 with the verifier's reason. */
        Call signed() {
            Call unsigned = open();
            if (verification == null) {
                throw unsigned.refuse(
                        SolverProblemType.UNAUTHORIZED,
                        "missing header " + SignedRequestHeaders.ADDRESS + ": this route is signed");
            }
            String caller = verification
                    .address()
                    .orElseThrow(() -> unsigned.refuse(
                            SolverProblemType.UNAUTHORIZED,
                            verification.rejection().orElseThrow().message()));
            return new Call(method, path, caller);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        // Not try-with-resources: a cut-off download must leave the exchange unfinished.
        URI uri = exchange.getRequestURI();
        String method = exchange.getRequestMethod();
        byte[] body = exchange.getRequestBody().readAllBytes();
        // Verified first, like a servlet filter would: a retried request with a reused nonce
        // fails here even when a scripted answer follows.
        SignedRequestHeaders headers = SignedRequestHeaders.read(exchange.getRequestHeaders()::getFirst);
        Verification verification = headers.address() == null
                ? null
                : verifier.verify(method, uri.getRawPath(), uri.getRawQuery(), body, headers);
        Request request = new Request(method, uri.getRawPath(), uri.getRawQuery(), body, verification);
        requests.add(method + " " + request.path() + (request.query() == null ? "" : "?" + request.query()));
        pause();
        Scripted next = down
                ? new Scripted(
                        503, null, new ProblemDetails(null, "Service Unavailable", 503, "down (fake)", "", List.of()))
                : scripted.poll();
        if (next != null) {
            writeScripted(exchange, next);
        } else {
            try {
                write(exchange, route(request));
            } catch (SolverException refusal) {
                writeProblem(exchange, refusal.problem());
            } catch (IllegalArgumentException e) {
                writeProblem(
                        exchange,
                        ProblemDetails.of(
                                SolverProblemType.INVALID_REQUEST, e.getMessage(), request.path(), List.of()));
            }
        }
        exchange.close();
    }

    private Reply route(Request r) {
        String route = r.method() + " " + r.path();
        Map<String, String> params = r.params();
        switch (route) {
            case "GET /api/v1/job_offers":
                return json(page(
                        listJobOffers(
                                new JobOfferQuery(params.get("job_creator"), "true".equals(params.get("not_matched")))),
                        JobOfferContainer::id,
                        params));
            case "POST /api/v1/job_offers": {
                Call call = r.signed();
                JobOffer offer = read(r, JobOffer.class);
                valid(call, ModelValidator.validate(offer));
                return json(postJobOffer(call, offer));
            }
            case "GET /api/v1/resource_offers":
                return json(page(
                        listResourceOffers(new ResourceOfferQuery(
                                params.get("resource_provider"),
                                "true".equals(params.get("active")),
                                "true".equals(params.get("not_matched")))),
                        ResourceOfferContainer::id,
                        params));
            case "POST /api/v1/resource_offers": {
                Call call = r.signed();
                ResourceOffer offer = read(r, ResourceOffer.class);
                valid(call, ModelValidator.validate(offer));
                return json(postResourceOffer(call, offer));
            }
            case "GET /api/v1/deals":
                return json(page(
                        listDeals(new DealQuery(
                                params.get("job_creator"),
                                params.get("resource_provider"),
                                params.get("mediator"),
                                params.containsKey("state") ? state(r, params.get("state")) : null)),
                        DealContainer::id,
                        params));
            case "POST /api/v1/job_offers/explain": {
                JobOffer dryRun = read(r, JobOffer.class);
                valid(r.open(), ModelValidator.validate(dryRun));
                return json(explain(dryRun.withId(ContentIds.of(dryRun))));
            }
            default:
                Matcher offer = OFFER_ROUTE.matcher(r.path());
                if (offer.matches()) {
                    return offerRoute(r, offer.group(1), offer.group(2), offer.group(3) == null ? "" : offer.group(3));
                }
                Matcher deal = DEAL_ROUTE.matcher(r.path());
                if (!deal.matches()) throw r.open().refuse(SolverProblemType.NOT_FOUND, "no route " + route);
                return dealRoute(r, deal.group(1), deal.group(2) == null ? "" : deal.group(2));
        }
    }

    private Reply offerRoute(Request r, String kind, String id, String sub) {
        return switch (r.method() + " " + kind + sub) {
            case "DELETE job_offers" -> json(withdrawJobOffer(r.signed(), id));
            case "DELETE resource_offers" -> json(withdrawResourceOffer(r.signed(), id));
            case "GET job_offers/explain" -> json(explainStored(r.open(), id));
            default -> throw r.open().refuse(SolverProblemType.NOT_FOUND, "no route " + r.method() + " " + r.path());
        };
    }

    private Reply dealRoute(Request r, String id, String sub) {
        switch (r.method() + " " + sub) {
            case "GET ":
                return json(deal(r.open(), id));
            case "GET /result":
                return json(result(r.open(), id));
            case "POST /result": {
                Call call = r.signed();
                Result posted = read(r, Result.class);
                if (!posted.dealId().isEmpty() && !posted.dealId().equals(id)) {
                    valid(
                            call,
                            List.of(new Violation(
                                    "deal_id", "is " + posted.dealId() + ", not the deal in the path " + id)));
                }
                valid(
                        call,
                        ModelValidator.validate(
                                new Result("", id, posted.dataId(), posted.error(), posted.instructionCount())));
                return json(addResult(call, id, posted));
            }
            case "POST /txs/resource_provider": {
                Call call = r.signed();
                DealTransactionsResourceProvider posted = read(r, DealTransactionsResourceProvider.class);
                valid(call, ModelValidator.validate(posted));
                return json(reportResourceProvider(call, id, posted));
            }
            case "POST /txs/job_creator": {
                Call call = r.signed();
                DealTransactionsJobCreator posted = read(r, DealTransactionsJobCreator.class);
                valid(call, ModelValidator.validate(posted));
                return json(reportJobCreator(call, id, posted));
            }
            case "POST /txs/mediator": {
                Call call = r.signed();
                DealTransactionsMediator posted = read(r, DealTransactionsMediator.class);
                valid(call, ModelValidator.validate(posted));
                return json(reportMediator(call, id, posted));
            }
            case "GET /files": {
                byte[] tar = download(r.signed(), id);
                Breakage breakage = takeOne(downloadsToCut)
                        ? Breakage.CUT_OFF
                        : takeOne(downloadsToStall) ? Breakage.STALL : Breakage.NONE;
                return new Reply("application/x-tar", tar, breakage);
            }
            case "POST /files":
                return json(upload(r.signed(), id, r.body()));
            default:
                throw r.open().refuse(SolverProblemType.NOT_FOUND, "no route " + r.method() + " " + r.path());
        }
    }

    private static AgreementState state(Request r, String code) {
        try {
            return AgreementState.ofCode(Integer.parseInt(code));
        } catch (IllegalArgumentException e) {
            throw r.open()
                    .refuse(
                            SolverProblemType.INVALID_REQUEST,
                            "state must be an AgreementState code",
                            List.of(new Violation("state", "\"" + code + "\" is not a code from 0 to 10")));
        }
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    private static void valid(Call call, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw call.refuse(SolverProblemType.INVALID_REQUEST, violations.size() + " invalid field(s)", violations);
        }
    }

    private static <T> T read(Request r, Class<T> type) {
        try {
            return JSON.readValue(r.body(), type);
        } catch (JacksonException e) {
            throw r.open().refuse(SolverProblemType.INVALID_REQUEST, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** As the solver pages: by id after {@code after}, at most {@code limit}; all when no limit is given. */
    private static <T> List<T> page(List<T> items, Function<T, String> id, Map<String, String> params) {
        if (!params.containsKey("limit")) return items;
        String after = params.getOrDefault("after", "");
        Predicate<T> afterCursor = item -> id.apply(item).compareTo(after) > 0;
        return items.stream()
                .filter(afterCursor)
                .sorted(Comparator.comparing(id))
                .limit(Integer.parseInt(params.get("limit")))
                .toList();
    }

    private static Reply json(Object value) {
        return new Reply("application/json", JSON.writeValueAsBytes(value), Breakage.NONE);
    }

    private void write(HttpExchange exchange, Reply reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(200, reply.body().length);
        OutputStream out = exchange.getResponseBody();
        if (reply.breakage() != Breakage.NONE) {
            out.write(reply.body(), 0, reply.body().length / 2);
            out.flush();
            if (reply.breakage() == Breakage.STALL) awaitClosing();
            // Leaving the handler with an exception makes the server drop the connection
            // before the announced length was sent: a download that breaks off halfway.
            throw new IOException("download cut off on purpose");
        }
        out.write(reply.body());
    }

    private void awaitClosing() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writeProblem(HttpExchange exchange, ProblemDetails problem) throws IOException {
        byte[] body = JSON.writeValueAsBytes(problem);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        if (problem.status() == 401) exchange.getResponseHeaders().set("WWW-Authenticate", "CoopHive-Request-V1");
        exchange.sendResponseHeaders(problem.status(), body.length);
        exchange.getResponseBody().write(body);
    }

    private static void writeScripted(HttpExchange exchange, Scripted next) throws IOException {
        if (next.retryAfter() != null) exchange.getResponseHeaders().set("Retry-After", next.retryAfter());
        if (next.problem() != null) {
            writeProblem(exchange, next.problem());
            return;
        }
        byte[] body = "<html>upstream unavailable</html>".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html");
        exchange.sendResponseHeaders(next.status(), body.length);
        exchange.getResponseBody().write(body);
    }
}
