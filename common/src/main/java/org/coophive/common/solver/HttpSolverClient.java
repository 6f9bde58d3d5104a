package org.coophive.common.solver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.Result;
import org.coophive.common.signing.RequestSigner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;

/**
 * The {@link SolverClient} over HTTP ({@link java.net.http.HttpClient}), speaking {@code
 * common/SOLVER-API.md}. Signs every POST (but the unsigned dry run of an explanation), every
 * DELETE and every file download with its {@link RequestSigner},
 * a fresh signature per attempt. Retries connection failures and 429/502/503/504 answers as
 * {@link SolverClientSettings} say, then throws {@link SolverUnavailableException}; any other
 * error answer becomes the matching {@link SolverException} at once. Thread-safe.
 */
public final class HttpSolverClient implements SolverClient {

    /** The page size asked for when listing. */
    static final int PAGE = 500;

    private static final String JSON = "application/json";
    private static final String TAR = "application/x-tar";
    private static final String ACCEPT_JSON = "application/json, application/problem+json";
    private static final String ACCEPT_TAR = "application/x-tar, application/problem+json";

    private final URI api;
    private final SolverClientSettings settings;
    private final SolverHttp http;
    private final String signerAddress;

    /** A client of the solver at {@code solverUrl} (e.g. {@code http://host:8080}) with default settings. */
    public HttpSolverClient(URI solverUrl, RequestSigner signer) {
        this(solverUrl, signer, SolverClientSettings.DEFAULTS);
    }

    /**
     * A client of the solver at {@code solverUrl}, the URL the solver registered (without
     * {@code /api/v1}).
     *
     * @throws IllegalArgumentException if the URL is not http(s)://host[:port][/path]
     */
    public HttpSolverClient(URI solverUrl, RequestSigner signer, SolverClientSettings settings) {
        this(solverUrl, signer, settings, SolverHttp.Sleeper.SYSTEM);
    }

    HttpSolverClient(URI solverUrl, RequestSigner signer, SolverClientSettings settings, SolverHttp.Sleeper sleeper) {
        this.api = SolverUrls.api(solverUrl);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.signerAddress = Objects.requireNonNull(signer, "signer").address();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                // A redirect would send the signature to a path it was not made for.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.http = new SolverHttp(client, signer, settings, sleeper, Clock.systemUTC());
    }

    /** The base URL of the API, {@code {solver URL}/api/v1}. */
    public URI apiUrl() {
        return api;
    }

    @Override
    public List<JobOfferContainer> jobOffers(JobOfferQuery query) {
        return getAll("/job_offers", query.toQueryString(), JobOfferContainer.class, JobOfferContainer::id);
    }

    @Override
    public JobOfferContainer addJobOffer(JobOffer offer) {
        return post("/job_offers", offer, JobOfferContainer.class);
    }

    @Override
    public JobOfferContainer withdrawJobOffer(String jobOfferId) {
        return delete("/job_offers/" + ContentIds.requireValid(jobOfferId), JobOfferContainer.class);
    }

    @Override
    public JobOfferExplanation explainJobOffer(String jobOfferId) {
        return get("/job_offers/" + ContentIds.requireValid(jobOfferId) + "/explain", JobOfferExplanation.class);
    }

    @Override
    public JobOfferExplanation explainJobOffer(JobOffer offer) {
        return post("/job_offers/explain", offer, JobOfferExplanation.class, false);
    }

    @Override
    public List<ResourceOfferContainer> resourceOffers(ResourceOfferQuery query) {
        return getAll(
                "/resource_offers", query.toQueryString(), ResourceOfferContainer.class, ResourceOfferContainer::id);
    }

    @Override
    public ResourceOfferContainer addResourceOffer(ResourceOffer offer) {
        return post("/resource_offers", offer, ResourceOfferContainer.class);
    }

    @Override
    public ResourceOfferContainer withdrawResourceOffer(String resourceOfferId) {
        return delete("/resource_offers/" + ContentIds.requireValid(resourceOfferId), ResourceOfferContainer.class);
    }

    @Override
    public List<DealContainer> deals(DealQuery query) {
        return getAll("/deals", query.toQueryString(), DealContainer.class, DealContainer::id);
    }

    @Override
    public DealContainer deal(String dealId) {
        return get(dealPath(dealId, ""), DealContainer.class);
    }

    @Override
    public Result result(String dealId) {
        return get(dealPath(dealId, "/result"), Result.class);
    }

    @Override
    public Result addResult(Result result) {
        return post(dealPath(result.dealId(), "/result"), result, Result.class);
    }

    @Override
    public DealContainer updateResourceProviderTransactions(
            String dealId, DealTransactionsResourceProvider transactions) {
        return post(dealPath(dealId, "/txs/resource_provider"), transactions, DealContainer.class);
    }

    @Override
    public DealContainer updateJobCreatorTransactions(String dealId, DealTransactionsJobCreator transactions) {
        return post(dealPath(dealId, "/txs/job_creator"), transactions, DealContainer.class);
    }

    @Override
    public DealContainer updateMediatorTransactions(String dealId, DealTransactionsMediator transactions) {
        return post(dealPath(dealId, "/txs/mediator"), transactions, DealContainer.class);
    }

    @Override
    public UploadedFiles uploadFiles(String dealId, Path tar) {
        String path = dealPath(dealId, "/files");
        // The tar is hashed once for the signature, then streamed from disk: never held whole
        // in memory, however large.
        SolverHttp.Body body;
        try {
            body = SolverHttp.Body.ofFile(tar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the result tar " + tar, e);
        }
        SolverHttp.Call call = new SolverHttp.Call(
                "POST", uri(path, ""), body, TAR, ACCEPT_JSON, true, settings.fileTransferTimeout());
        return json(call, SolverJson.MAPPER.constructType(UploadedFiles.class));
    }

    @Override
    public void downloadFiles(String dealId, Path target) {
        String path = dealPath(dealId, "/files");
        SolverHttp.Call call =
                new SolverHttp.Call("GET", uri(path, ""), null, null, ACCEPT_TAR, true, settings.fileTransferTimeout());
        try (AtomicDownload download = new AtomicDownload(target)) {
            http.send(call, download.body());
            download.complete();
        }
    }

    private <T> T get(String path, Class<T> type) {
        SolverHttp.Call call = jsonCall("GET", path, "", null, false);
        return json(call, SolverJson.MAPPER.constructType(type));
    }

    /**
     * Every item of a listing, page after page ({@value #PAGE} per page, each after the last id of
     * the one before) until a page comes back short (common/SOLVER-API.md, "Lists").
     */
    private <T> List<T> getAll(String path, String query, Class<T> elementType, Function<T, String> id) {
        List<T> all = new ArrayList<>();
        String after = "";
        while (true) {
            String paged =
                    (query.isEmpty() ? "" : query + "&") + "limit=" + PAGE + (after.isEmpty() ? "" : "&after=" + after);
            List<T> page = getList(path, paged, elementType);
            all.addAll(page);
            if (page.size() < PAGE) return all;
            String last = id.apply(page.get(page.size() - 1));
            if (!ContentIds.isValid(last) || last.compareTo(after) <= 0) {
                throw new SolverException(
                        "GET " + path,
                        Problems.unreadable(
                                200, path, new IllegalStateException("the pages do not advance at " + last)));
            }
            after = last;
        }
    }

    private <T> List<T> getList(String path, String query, Class<T> elementType) {
        SolverHttp.Call call = jsonCall("GET", path, query, null, false);
        JavaType listType = SolverJson.MAPPER.getTypeFactory().constructCollectionType(List.class, elementType);
        return json(call, listType);
    }

    private <T> T post(String path, Object body, Class<T> responseType) {
        Objects.requireNonNull(body, "body");
        return post(path, body, responseType, true);
    }

    private <T> T post(String path, Object body, Class<T> responseType, boolean signed) {
        Objects.requireNonNull(body, "body");
        SolverHttp.Call call =
                jsonCall("POST", path, "", SolverHttp.Body.of(SolverJson.MAPPER.writeValueAsBytes(body)), signed);
        return json(call, SolverJson.MAPPER.constructType(responseType));
    }

    private <T> T delete(String path, Class<T> responseType) {
        SolverHttp.Call call = jsonCall("DELETE", path, "", null, true);
        return json(call, SolverJson.MAPPER.constructType(responseType));
    }

    private SolverHttp.Call jsonCall(String method, String path, String query, SolverHttp.Body body, boolean signed) {
        return new SolverHttp.Call(
                method, uri(path, query), body, JSON, ACCEPT_JSON, signed, settings.requestTimeout());
    }

    private <T> T json(SolverHttp.Call call, JavaType type) {
        byte[] body = http.send(call, HttpResponse.BodySubscribers::ofByteArray);
        try {
            return SolverJson.MAPPER.readValue(body, type);
        } catch (JacksonException e) {
            throw new SolverException(
                    call.describe(), Problems.unreadable(200, call.uri().getRawPath(), e), e);
        }
    }

    private URI uri(String path, String query) {
        return URI.create(api + path + (query.isEmpty() ? "" : "?" + query));
    }

    private static String dealPath(String dealId, String suffix) {
        // Checked before use in a path: a deal id is a content id, never "../" or a query.
        return "/deals/" + ContentIds.requireValid(dealId) + suffix;
    }

    @Override
    public String toString() {
        return "HttpSolverClient[" + api + " as " + signerAddress + "]";
    }
}
