package org.coophive.resourceprovider.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.Result;
import org.coophive.common.signing.InMemoryNonceStore;
import org.coophive.common.signing.RequestVerifier;
import org.coophive.common.signing.SignedRequestHeaders;
import org.coophive.common.signing.Verification;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.JobOfferQuery;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.common.solver.SolverException;
import org.coophive.contracts.AgreementState;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link FakeSolver} behind the HTTP routes of common/SOLVER-API.md (loopback, a free port):
 * signed requests are verified and the signer must be the party the route requires; errors are
 * Problem Details with the route's status. It has no WebSocket (its {@code /ws} answers 404), so a
 * client's event stream keeps reconnecting and the client relies on its periodic pass.
 */
public final class HttpFakeSolver implements AutoCloseable {

    private static final Pattern DEAL = Pattern.compile("/api/v1/deals/(Qm[1-9A-HJ-NP-Za-km-z]{44})(/.*)?");

    private final FakeSolver solver;
    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final RequestVerifier verifier =
            new RequestVerifier(new InMemoryNonceStore(Clock.systemUTC()), Clock.systemUTC());

    public HttpFakeSolver(FakeSolver solver) throws IOException {
        this.solver = solver;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    /** The solver URL clients are given ({@code SERVICE_SOLVER_URL}). */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public FakeSolver solver() {
        return solver;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> params = params(query);
            String signer = null;
            if (method.equals("POST") || path.endsWith("/files")) {
                Verification verification = verifier.verify(
                        method, path, query, body, SignedRequestHeaders.read(exchange.getRequestHeaders()::getFirst));
                if (!verification.isVerified()) {
                    problem(exchange, 401, "unauthorized", verification.toString());
                    return;
                }
                signer = verification.addressOrThrow();
            }
            try {
                route(exchange, method, path, params, body, signer);
            } catch (SolverException e) {
                problem(exchange, e.status(), e.problem().type(), e.getMessage());
            } catch (IllegalArgumentException e) {
                problem(exchange, 400, "invalid-request", e.getMessage());
            }
        }
    }

    private void route(
            HttpExchange exchange, String method, String path, Map<String, String> params, byte[] body, String signer)
            throws IOException {
        String key = method + " " + path;
        if (key.equals("GET /api/v1/resource_offers")) {
            ok(
                    exchange,
                    solver.resourceOffers(new ResourceOfferQuery(
                            params.getOrDefault("resource_provider", ""),
                            "true".equals(params.get("active")),
                            "true".equals(params.get("not_matched")))));
        } else if (key.equals("POST /api/v1/resource_offers")) {
            ResourceOffer offer = json.readValue(body, ResourceOffer.class);
            if (!Addresses.equal(signer, offer.resourceProvider())) {
                problem(exchange, 403, "forbidden", "signer is not the offer's resource provider");
                return;
            }
            ok(exchange, solver.addResourceOffer(offer));
        } else if (key.equals("GET /api/v1/job_offers")) {
            ok(exchange, solver.jobOffers(JobOfferQuery.ALL));
        } else if (key.equals("POST /api/v1/job_offers")) {
            ok(exchange, solver.addJobOffer(json.readValue(body, JobOffer.class)));
        } else if (key.equals("GET /api/v1/deals")) {
            String state = params.get("state");
            ok(
                    exchange,
                    solver.deals(new DealQuery(
                            params.getOrDefault("job_creator", ""),
                            params.getOrDefault("resource_provider", ""),
                            params.getOrDefault("mediator", ""),
                            state == null ? null : AgreementState.ofCode(Integer.parseInt(state)))));
        } else {
            Matcher m = DEAL.matcher(path);
            if (!m.matches()) {
                problem(exchange, 404, "not-found", "no route " + key);
                return;
            }
            String dealId = m.group(1);
            String rest = m.group(2) == null ? "" : m.group(2);
            DealContainer deal = solver.deal(dealId);
            switch (method + " " + rest) {
                case "GET " -> ok(exchange, deal);
                case "GET /result" -> ok(exchange, solver.result(dealId));
                case "POST /result" -> {
                    if (!party(exchange, signer, deal.resourceProvider())) return;
                    Result result = json.readValue(body, Result.class);
                    ok(
                            exchange,
                            solver.addResult(new Result(
                                    "", dealId, result.dataId(), result.error(), result.instructionCount())));
                }
                case "POST /txs/resource_provider" -> {
                    if (!party(exchange, signer, deal.resourceProvider())) return;
                    ok(
                            exchange,
                            solver.updateResourceProviderTransactions(
                                    dealId, json.readValue(body, DealTransactionsResourceProvider.class)));
                }
                case "POST /files" -> {
                    if (!party(exchange, signer, deal.resourceProvider())) return;
                    ok(exchange, solver.uploadBytes(dealId, body));
                }
                case "GET /files" -> {
                    byte[] files = solver.files(dealId).orElse(null);
                    if (files == null) {
                        problem(exchange, 404, "not-found", "no files for " + dealId);
                        return;
                    }
                    exchange.getResponseHeaders().set("Content-Type", "application/x-tar");
                    exchange.sendResponseHeaders(200, files.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(files);
                    }
                }
                default -> problem(exchange, 404, "not-found", "no route " + key);
            }
        }
    }

    private boolean party(HttpExchange exchange, String signer, String required) throws IOException {
        if (Addresses.equal(signer, required)) return true;
        problem(exchange, 403, "forbidden", "signer " + signer + " is not " + required);
        return false;
    }

    private void ok(HttpExchange exchange, Object value) throws IOException {
        byte[] bytes = json.writeValueAsBytes(value);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void problem(HttpExchange exchange, int status, String type, String detail) throws IOException {
        String slug = type.startsWith("https://") ? type.substring(type.lastIndexOf('/') + 1) : type;
        Map<String, Object> problem = Map.of(
                "type",
                "https://coophive.network/problems/" + slug,
                "title",
                slug,
                "status",
                status,
                "detail",
                String.valueOf(detail),
                "instance",
                exchange.getRequestURI().getRawPath());
        byte[] bytes = json.writeValueAsBytes(problem);
        exchange.getResponseHeaders().set("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> params(String query) {
        Map<String, String> params = new HashMap<>();
        if (query == null || query.isEmpty()) return params;
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
        return params;
    }
}
