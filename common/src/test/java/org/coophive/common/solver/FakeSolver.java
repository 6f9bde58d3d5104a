package org.coophive.common.solver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.DealContainer;
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
import org.coophive.common.model.Violation;
import org.coophive.common.signing.InMemoryNonceStore;
import org.coophive.common.signing.RequestVerifier;
import org.coophive.common.signing.SignedRequestHeaders;
import org.coophive.common.signing.Verification;
import org.coophive.contracts.AgreementState;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A solver in memory that speaks {@code common/SOLVER-API.md} on 127.0.0.1: checks signatures
 * with the real {@link RequestVerifier}, validates with {@link ModelValidator} and answers
 * Problem Details. Tests can script the next answers, cut off downloads and read the log of
 * requests it received.
 */
final class FakeSolver implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DEAL_ROUTE = Pattern.compile("/api/v1/deals/([^/]+)(/.*)?");
    private static final Pattern OFFER_ROUTE = Pattern.compile("/api/v1/(job_offers|resource_offers)/([^/]+)(/.*)?");

    private final HttpServer server;
    private final RequestVerifier verifier =
            new RequestVerifier(new InMemoryNonceStore(Clock.systemUTC()), Clock.systemUTC());
    private final Map<String, JobOfferContainer> jobOffers = new ConcurrentHashMap<>();
    private final Map<String, ResourceOfferContainer> resourceOffers = new ConcurrentHashMap<>();
    private final Map<String, DealContainer> deals = new ConcurrentHashMap<>();
    private final Map<String, Result> results = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Queue<Scripted> scripted = new ConcurrentLinkedQueue<>();
    private final AtomicInteger downloadsToCut = new AtomicInteger();
    private final AtomicInteger downloadsToStall = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private volatile int maxUploadBytes = 1 << 20;

    /** An answer given instead of the route's; {@code problem} null sends a plain-text body. */
    private record Scripted(int status, String retryAfter, ProblemDetails problem) {}

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

    /** Ends a request with a Problem Details answer. */
    private static final class Refusal extends RuntimeException {
        final ProblemDetails problem;

        Refusal(SolverProblemType type, String detail, String path, List<Violation> errors) {
            super(detail, null, false, false);
            this.problem = ProblemDetails.of(type, detail, path, errors);
        }
    }

    /** A request; {@code verification} is null when it carried no signature headers. */
    private record Request(String method, String path, String query, byte[] body, Verification verification) {

        Map<String, String> params() {
            Map<String, String> params = new HashMap<>();
            if (query == null) return params;
            for (String part : query.split("&")) {
                int equals = part.indexOf('=');
                params.put(
                        URLDecoder.decode(part.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(equals + 1), StandardCharsets.UTF_8));
            }
            return params;
        }
    }

    private FakeSolver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/", this::handle);
        server.setExecutor(handlers);
        server.start();
    }

    static FakeSolver start() throws IOException {
        return new FakeSolver();
    }

    /** The solver URL, as registered on chain (without /api/v1). */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every request received, as {@code METHOD /path?query}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    void putDeal(DealContainer deal) {
        deals.put(deal.id(), deal);
    }

    byte[] storedFiles(String dealId) {
        return files.get(dealId);
    }

    /** The next {@code times} requests get {@code status} with this problem (null: plain text). */
    void answerNext(int times, int status, String retryAfter, ProblemDetails problem) {
        for (int i = 0; i < times; i++) scripted.add(new Scripted(status, retryAfter, problem));
    }

    /** The next {@code times} downloads announce their full length but stop halfway. */
    void cutOffNextDownloads(int times) {
        downloadsToCut.set(times);
    }

    /** The next {@code times} downloads send half their bytes, then stall until the fake closes. */
    void stallNextDownloads(int times) {
        downloadsToStall.set(times);
    }

    void maxUploadBytes(int bytes) {
        maxUploadBytes = bytes;
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
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
        requests.add(request.method() + " " + request.path() + (request.query() == null ? "" : "?" + request.query()));
        Scripted next = scripted.poll();
        if (next != null) {
            writeScripted(exchange, next);
        } else {
            try {
                write(exchange, route(request));
            } catch (Refusal refusal) {
                writeProblem(exchange, refusal.problem);
            }
        }
        exchange.close();
    }

    private Reply route(Request r) {
        String route = r.method() + " " + r.path();
        switch (route) {
            case "GET /api/v1/job_offers":
                return json(list(jobOffers, jobOfferFilter(r.params()), r.params()));
            case "POST /api/v1/job_offers":
                return json(addJobOffer(r));
            case "GET /api/v1/resource_offers":
                return json(list(resourceOffers, resourceOfferFilter(r.params()), r.params()));
            case "POST /api/v1/resource_offers":
                return json(addResourceOffer(r));
            case "GET /api/v1/deals":
                return json(list(deals, dealFilter(r), r.params()));
            case "POST /api/v1/job_offers/explain":
                JobOffer dryRun = read(r, JobOffer.class);
                valid(r, ModelValidator.validate(dryRun));
                return json(explain(dryRun.withId(ContentIds.of(dryRun))));
            default:
                Matcher offer = OFFER_ROUTE.matcher(r.path());
                if (offer.matches()) {
                    return offerRoute(r, offer.group(1), offer.group(2), offer.group(3) == null ? "" : offer.group(3));
                }
                Matcher deal = DEAL_ROUTE.matcher(r.path());
                if (!deal.matches())
                    throw new Refusal(SolverProblemType.NOT_FOUND, "no route " + route, r.path(), List.of());
                return dealRoute(r, deal.group(1), deal.group(2) == null ? "" : deal.group(2));
        }
    }

    private Reply dealRoute(Request r, String id, String sub) {
        switch (r.method() + " " + sub) {
            case "GET ":
                return json(deal(r, id));
            case "GET /result":
                deal(r, id);
                Result result = results.get(id);
                if (result == null)
                    throw new Refusal(SolverProblemType.NOT_FOUND, "no result for deal " + id, r.path(), List.of());
                return json(result);
            case "POST /result":
                return json(addResult(r, id));
            case "POST /txs/resource_provider":
                return json(updateResourceProviderTransactions(r, id));
            case "POST /txs/job_creator":
                return json(updateJobCreatorTransactions(r, id));
            case "POST /txs/mediator":
                return json(updateMediatorTransactions(r, id));
            case "GET /files":
                return download(r, id);
            case "POST /files":
                return json(upload(r, id));
            default:
                throw new Refusal(
                        SolverProblemType.NOT_FOUND, "no route " + r.method() + " " + r.path(), r.path(), List.of());
        }
    }

    // ------------------------------------------------------------------ offers

    private JobOfferContainer addJobOffer(Request r) {
        String caller = caller(r);
        JobOffer offer = read(r, JobOffer.class);
        valid(r, ModelValidator.validate(offer));
        requireParty(r, caller, offer.jobCreator(), "the offer's job creator");
        String id = ContentIds.of(offer);
        return jobOffers.computeIfAbsent(
                id, key -> new JobOfferContainer(id, "", offer.jobCreator(), null, offer.withId(id)));
    }

    private ResourceOfferContainer addResourceOffer(Request r) {
        String caller = caller(r);
        ResourceOffer offer = read(r, ResourceOffer.class);
        valid(r, ModelValidator.validate(offer));
        requireParty(r, caller, offer.resourceProvider(), "the offer's resource provider");
        String id = ContentIds.of(offer);
        return resourceOffers.computeIfAbsent(
                id, key -> new ResourceOfferContainer(id, "", offer.resourceProvider(), null, offer.withId(id)));
    }

    private Reply offerRoute(Request r, String kind, String id, String sub) {
        switch (r.method() + " " + kind + sub) {
            case "DELETE job_offers": {
                String caller = caller(r);
                JobOfferContainer stored = jobOffers.get(id);
                if (stored == null)
                    throw new Refusal(SolverProblemType.NOT_FOUND, "no job offer " + id, r.path(), List.of());
                requireParty(r, caller, stored.jobCreator(), "the offer's job creator");
                requireUnmatched(r, stored.dealId());
                jobOffers.remove(id);
                return json(stored);
            }
            case "DELETE resource_offers": {
                String caller = caller(r);
                ResourceOfferContainer stored = resourceOffers.get(id);
                if (stored == null)
                    throw new Refusal(SolverProblemType.NOT_FOUND, "no resource offer " + id, r.path(), List.of());
                requireParty(r, caller, stored.resourceProvider(), "the offer's resource provider");
                requireUnmatched(r, stored.dealId());
                resourceOffers.remove(id);
                return json(stored);
            }
            case "GET job_offers/explain": {
                JobOfferContainer stored = jobOffers.get(id);
                if (stored == null)
                    throw new Refusal(SolverProblemType.NOT_FOUND, "no job offer " + id, r.path(), List.of());
                return json(explain(stored.jobOffer()));
            }
            default:
                throw new Refusal(
                        SolverProblemType.NOT_FOUND, "no route " + r.method() + " " + r.path(), r.path(), List.of());
        }
    }

    private static void requireUnmatched(Request r, String dealId) {
        if (!dealId.isEmpty()) {
            throw new Refusal(SolverProblemType.CONFLICT, "the offer is in deal " + dealId, r.path(), List.of());
        }
    }

    /** A simplified judge: the fake checks the machine only (common's rule), enough to test the wire form. */
    private JobOfferExplanation explain(JobOffer job) {
        List<JobOfferExplanation.Verdict> verdicts = resourceOffers.values().stream()
                .map(c -> c.resourceOffer()
                        .spec()
                        .shortfall(job.spec())
                        .map(shortfall -> new JobOfferExplanation.Verdict(
                                c.id(),
                                c.resourceProvider(),
                                false,
                                shortfall.resource().name().toLowerCase(java.util.Locale.ROOT),
                                shortfall.message()))
                        .orElseGet(() ->
                                new JobOfferExplanation.Verdict(c.id(), c.resourceProvider(), true, "", "matches")))
                .toList();
        return new JobOfferExplanation(job.id(), verdicts);
    }

    private static Predicate<JobOfferContainer> jobOfferFilter(Map<String, String> params) {
        String jobCreator = params.getOrDefault("job_creator", "");
        boolean notMatched = "true".equals(params.get("not_matched"));
        return c -> (jobCreator.isEmpty() || Addresses.equal(jobCreator, c.jobCreator()))
                && (!notMatched || c.dealId().isEmpty());
    }

    private static Predicate<ResourceOfferContainer> resourceOfferFilter(Map<String, String> params) {
        String provider = params.getOrDefault("resource_provider", "");
        boolean active = "true".equals(params.get("active"));
        boolean notMatched = "true".equals(params.get("not_matched"));
        return c -> (provider.isEmpty() || Addresses.equal(provider, c.resourceProvider()))
                && (!active || c.state() == AgreementState.DEAL_NEGOTIATING || c.state() == AgreementState.DEAL_AGREED)
                && (!notMatched || c.dealId().isEmpty());
    }

    // ------------------------------------------------------------------ deals

    private Predicate<DealContainer> dealFilter(Request r) {
        Map<String, String> params = r.params();
        String jobCreator = params.getOrDefault("job_creator", "");
        String provider = params.getOrDefault("resource_provider", "");
        String mediator = params.getOrDefault("mediator", "");
        AgreementState state = params.containsKey("state") ? state(r, params.get("state")) : null;
        return d -> (jobCreator.isEmpty() || Addresses.equal(jobCreator, d.jobCreator()))
                && (provider.isEmpty() || Addresses.equal(provider, d.resourceProvider()))
                && (mediator.isEmpty() || Addresses.equal(mediator, d.mediator()))
                && (state == null || d.state() == state);
    }

    private static AgreementState state(Request r, String code) {
        try {
            return AgreementState.ofCode(Integer.parseInt(code));
        } catch (IllegalArgumentException e) {
            throw new Refusal(
                    SolverProblemType.INVALID_REQUEST,
                    "state must be an AgreementState code",
                    r.path(),
                    List.of(new Violation("state", "\"" + code + "\" is not a code from 0 to 10")));
        }
    }

    private DealContainer deal(Request r, String id) {
        DealContainer deal = deals.get(id);
        if (deal == null) throw new Refusal(SolverProblemType.NOT_FOUND, "no deal " + id, r.path(), List.of());
        return deal;
    }

    private DealContainer updateResourceProviderTransactions(Request r, String id) {
        String caller = caller(r);
        DealTransactionsResourceProvider posted = read(r, DealTransactionsResourceProvider.class);
        valid(r, ModelValidator.validate(posted));
        DealContainer deal = deal(r, id);
        requireParty(r, caller, deal.resourceProvider(), "the deal's resource provider");
        DealTransactions txs = deal.transactions();
        DealTransactionsResourceProvider old = txs.resourceProvider();
        DealTransactionsResourceProvider merged = new DealTransactionsResourceProvider(
                or(posted.agree(), old.agree()),
                or(posted.addResult(), old.addResult()),
                or(posted.timeoutAgree(), old.timeoutAgree()),
                or(posted.timeoutJudgeResults(), old.timeoutJudgeResults()),
                or(posted.timeoutMediateResults(), old.timeoutMediateResults()));
        return store(deal, new DealTransactions(merged, txs.jobCreator(), txs.mediator()));
    }

    private DealContainer updateJobCreatorTransactions(Request r, String id) {
        String caller = caller(r);
        DealTransactionsJobCreator posted = read(r, DealTransactionsJobCreator.class);
        valid(r, ModelValidator.validate(posted));
        DealContainer deal = deal(r, id);
        requireParty(r, caller, deal.jobCreator(), "the deal's job creator");
        DealTransactions txs = deal.transactions();
        DealTransactionsJobCreator old = txs.jobCreator();
        DealTransactionsJobCreator merged = new DealTransactionsJobCreator(
                or(posted.agree(), old.agree()),
                or(posted.acceptResult(), old.acceptResult()),
                or(posted.checkResult(), old.checkResult()),
                or(posted.timeoutAgree(), old.timeoutAgree()),
                or(posted.timeoutSubmitResults(), old.timeoutSubmitResults()),
                or(posted.timeoutMediateResults(), old.timeoutMediateResults()));
        return store(deal, new DealTransactions(txs.resourceProvider(), merged, txs.mediator()));
    }

    private DealContainer updateMediatorTransactions(Request r, String id) {
        String caller = caller(r);
        DealTransactionsMediator posted = read(r, DealTransactionsMediator.class);
        valid(r, ModelValidator.validate(posted));
        DealContainer deal = deal(r, id);
        requireParty(r, caller, deal.mediator(), "the deal's mediator");
        DealTransactions txs = deal.transactions();
        DealTransactionsMediator old = txs.mediator();
        DealTransactionsMediator merged = new DealTransactionsMediator(
                or(posted.mediationAcceptResult(), old.mediationAcceptResult()),
                or(posted.mediationRejectResult(), old.mediationRejectResult()));
        return store(deal, new DealTransactions(txs.resourceProvider(), txs.jobCreator(), merged));
    }

    private DealContainer store(DealContainer deal, DealTransactions transactions) {
        DealContainer updated = new DealContainer(
                deal.id(),
                deal.jobCreator(),
                deal.resourceProvider(),
                deal.jobOffer(),
                deal.resourceOffer(),
                deal.state(),
                deal.deal(),
                transactions,
                deal.mediator());
        deals.put(updated.id(), updated);
        return updated;
    }

    private static String or(String posted, String stored) {
        return posted.isEmpty() ? stored : posted;
    }

    // ------------------------------------------------------------------ results and files

    private Result addResult(Request r, String id) {
        String caller = caller(r);
        Result posted = read(r, Result.class);
        if (!posted.dealId().isEmpty() && !posted.dealId().equals(id)) {
            valid(r, List.of(new Violation("deal_id", "is " + posted.dealId() + ", not the deal in the path " + id)));
        }
        Result result = new Result("", id, posted.dataId(), posted.error(), posted.instructionCount());
        valid(r, ModelValidator.validate(result));
        requireParty(r, caller, deal(r, id).resourceProvider(), "the deal's resource provider");
        byte[] uploaded = files.get(id);
        if (uploaded != null && !result.dataId().isEmpty() && !result.dataId().equals(ContentIds.ofBytes(uploaded))) {
            throw new Refusal(
                    SolverProblemType.CONFLICT,
                    "data_id " + result.dataId() + " is not the id of the uploaded files "
                            + ContentIds.ofBytes(uploaded),
                    r.path(),
                    List.of());
        }
        Result stored = result.withId(ContentIds.of(result));
        results.put(id, stored);
        return stored;
    }

    private UploadedFiles upload(Request r, String id) {
        String caller = caller(r);
        if (r.body().length > maxUploadBytes) {
            throw new Refusal(
                    SolverProblemType.PAYLOAD_TOO_LARGE,
                    r.body().length + " bytes is more than the " + maxUploadBytes + " accepted",
                    r.path(),
                    List.of());
        }
        requireParty(r, caller, deal(r, id).resourceProvider(), "the deal's resource provider");
        files.put(id, r.body());
        return new UploadedFiles(id, ContentIds.ofBytes(r.body()), r.body().length);
    }

    private Reply download(Request r, String id) {
        String caller = caller(r);
        DealContainer deal = deal(r, id);
        boolean party = Addresses.equal(caller, deal.jobCreator())
                || Addresses.equal(caller, deal.resourceProvider())
                || (!deal.mediator().isEmpty() && Addresses.equal(caller, deal.mediator()));
        if (!party) {
            throw new Refusal(
                    SolverProblemType.FORBIDDEN,
                    caller + " is not a party or the mediator of deal " + id,
                    r.path(),
                    List.of());
        }
        byte[] tar = files.get(id);
        if (tar == null) throw new Refusal(SolverProblemType.NOT_FOUND, "no files for deal " + id, r.path(), List.of());
        Breakage breakage =
                takeOne(downloadsToCut) ? Breakage.CUT_OFF : takeOne(downloadsToStall) ? Breakage.STALL : Breakage.NONE;
        return new Reply("application/x-tar", tar, breakage);
    }

    private static boolean takeOne(AtomicInteger counter) {
        return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
    }

    // ------------------------------------------------------------------ checks

    /** The verified signer, or a 401 with the verifier's reason. */
    private static String caller(Request r) {
        Verification verification = r.verification();
        if (verification == null) {
            throw new Refusal(
                    SolverProblemType.UNAUTHORIZED,
                    "missing header " + SignedRequestHeaders.ADDRESS + ": this route is signed",
                    r.path(),
                    List.of());
        }
        return verification
                .address()
                .orElseThrow(() -> new Refusal(
                        SolverProblemType.UNAUTHORIZED,
                        verification.rejection().orElseThrow().message(),
                        r.path(),
                        List.of()));
    }

    private static void requireParty(Request r, String caller, String party, String role) {
        if (party.isEmpty() || !Addresses.equal(caller, party)) {
            throw new Refusal(
                    SolverProblemType.FORBIDDEN,
                    "the signer " + caller + " is not " + role + (party.isEmpty() ? " (none yet)" : " " + party),
                    r.path(),
                    List.of());
        }
    }

    private static void valid(Request r, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw new Refusal(
                    SolverProblemType.INVALID_REQUEST, violations.size() + " invalid field(s)", r.path(), violations);
        }
    }

    private static <T> T read(Request r, Class<T> type) {
        try {
            return JSON.readValue(r.body(), type);
        } catch (JacksonException e) {
            throw new Refusal(
                    SolverProblemType.INVALID_REQUEST,
                    "malformed JSON: " + e.getOriginalMessage(),
                    r.path(),
                    List.of());
        }
    }

    // ------------------------------------------------------------------ writing

    /** As the solver pages: by id after {@code after}, at most {@code limit}; all when no limit is given. */
    private static <T> List<T> list(Map<String, T> store, Predicate<T> filter, Map<String, String> params) {
        if (!params.containsKey("limit"))
            return store.values().stream().filter(filter).toList();
        int limit = Integer.parseInt(params.get("limit"));
        return new java.util.TreeMap<>(store)
                .tailMap(params.getOrDefault("after", ""), false).values().stream()
                        .filter(filter)
                        .limit(limit)
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
            if (reply.breakage() == Breakage.STALL) {
                awaitClosing();
            }
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
