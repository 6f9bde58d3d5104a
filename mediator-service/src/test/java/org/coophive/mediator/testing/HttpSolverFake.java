package org.coophive.mediator.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.Result;
import org.coophive.common.signing.InMemoryNonceStore;
import org.coophive.common.signing.RequestVerifier;
import org.coophive.common.signing.SignedRequestHeaders;
import org.coophive.common.signing.Verification;
import org.coophive.contracts.AgreementState;
import tools.jackson.databind.json.JsonMapper;

/**
 * The solver routes a mediator uses, served over HTTP on 127.0.0.1 as {@code common/SOLVER-API.md}
 * specifies them: deal listing with the {@code mediator} and {@code state} filters, one deal, its
 * result, the signed file download (only the deal's parties and chosen mediator) and the signed
 * mediator transaction report (only the chosen mediator). Signatures are checked with the real
 * {@link RequestVerifier}. Tests play the solver's chain tracking by hand ({@link #mediatorPicked}).
 */
public final class HttpSolverFake implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern DEAL_ROUTE = Pattern.compile("/api/v1/deals/([^/]+)(/[a-z/_]+)?");

    private final HttpServer server;
    private final RequestVerifier verifier =
            new RequestVerifier(new InMemoryNonceStore(Clock.systemUTC()), Clock.systemUTC());
    private final Map<String, DealContainer> deals = new ConcurrentHashMap<>();
    private final Map<String, Result> results = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final List<String> downloads = new CopyOnWriteArrayList<>();

    private HttpSolverFake(HttpServer server) {
        this.server = server;
    }

    public static HttpSolverFake start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        HttpSolverFake fake = new HttpSolverFake(server);
        server.createContext("/", fake::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return fake;
    }

    /** The solver URL (without {@code /api/v1}). */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void deal(DealContainer container) {
        deals.put(container.id(), container);
    }

    public Optional<DealContainer> deal(String dealId) {
        return Optional.ofNullable(deals.get(dealId));
    }

    /** What the solver does on the chain's DealStateChange(ResultsChecked) and MediationRequested. */
    public void mediatorPicked(String dealId, String mediator) {
        deals.computeIfPresent(
                dealId,
                (id, c) -> new DealContainer(
                        c.id(),
                        c.jobCreator(),
                        c.resourceProvider(),
                        c.jobOffer(),
                        c.resourceOffer(),
                        AgreementState.RESULTS_CHECKED,
                        c.deal(),
                        c.transactions(),
                        mediator));
    }

    /** The RP's result and files (as the RP's upload and result post would store them). */
    public void result(Result result, Path tar) throws IOException {
        results.put(result.dealId(), result);
        files.put(result.dealId(), Files.readAllBytes(tar));
    }

    /** Who downloaded files, as {@code dealId signer}. */
    public List<String> downloads() {
        return List.copyOf(downloads);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/api/v1/deals")) {
                json(exchange, 200, list(query(exchange.getRequestURI().getRawQuery())));
                return;
            }
            Matcher route = DEAL_ROUTE.matcher(path);
            if (!route.matches()) {
                problem(exchange, 404, "no route " + path);
                return;
            }
            String dealId = route.group(1);
            String rest = route.group(2) == null ? "" : route.group(2);
            DealContainer deal = deals.get(dealId);
            if (deal == null) {
                problem(exchange, 404, "no deal " + dealId);
                return;
            }
            switch (method + " " + rest) {
                case "GET " -> json(exchange, 200, deal);
                case "GET /result" -> {
                    Result result = results.get(dealId);
                    if (result == null) problem(exchange, 404, "no result for " + dealId);
                    else json(exchange, 200, result);
                }
                case "GET /files" -> {
                    Optional<String> signer = signer(exchange, body);
                    if (signer.isEmpty()) return;
                    if (!List.of(deal.jobCreator(), deal.resourceProvider(), deal.mediator()).stream()
                            .anyMatch(party -> !party.isEmpty() && party.equalsIgnoreCase(signer.get()))) {
                        problem(exchange, 403, signer.get() + " is not a party or the mediator of " + dealId);
                        return;
                    }
                    byte[] tar = files.get(dealId);
                    if (tar == null) {
                        problem(exchange, 404, "no files for " + dealId);
                        return;
                    }
                    downloads.add(dealId + " " + signer.get());
                    exchange.getResponseHeaders().add("Content-Type", "application/x-tar");
                    exchange.sendResponseHeaders(200, tar.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(tar);
                    }
                }
                case "POST /txs/mediator" -> {
                    Optional<String> signer = signer(exchange, body);
                    if (signer.isEmpty()) return;
                    if (deal.mediator().isEmpty() || !deal.mediator().equalsIgnoreCase(signer.get())) {
                        problem(exchange, 403, signer.get() + " is not the mediator of " + dealId);
                        return;
                    }
                    DealTransactionsMediator posted = JSON.readValue(body, DealTransactionsMediator.class);
                    DealTransactionsMediator stored = deal.transactions().mediator();
                    DealTransactionsMediator merged = new DealTransactionsMediator(
                            posted.mediationAcceptResult().isEmpty()
                                    ? stored.mediationAcceptResult()
                                    : posted.mediationAcceptResult(),
                            posted.mediationRejectResult().isEmpty()
                                    ? stored.mediationRejectResult()
                                    : posted.mediationRejectResult());
                    DealContainer updated = new DealContainer(
                            deal.id(),
                            deal.jobCreator(),
                            deal.resourceProvider(),
                            deal.jobOffer(),
                            deal.resourceOffer(),
                            deal.state(),
                            deal.deal(),
                            new DealTransactions(
                                    deal.transactions().resourceProvider(),
                                    deal.transactions().jobCreator(),
                                    merged),
                            deal.mediator());
                    deals.put(dealId, updated);
                    json(exchange, 200, updated);
                }
                default -> problem(exchange, 404, "no route " + method + " " + path);
            }
        } catch (RuntimeException e) {
            // A test fake: a bug here shows as a 500 and in the test's log.
            e.printStackTrace();
            exchange.sendResponseHeaders(500, -1);
        }
    }

    private List<DealContainer> list(Map<String, String> query) {
        String mediator = query.getOrDefault("mediator", "");
        String state = query.getOrDefault("state", "");
        return deals.values().stream()
                .filter(deal -> mediator.isEmpty() || mediator.equalsIgnoreCase(deal.mediator()))
                .filter(deal -> state.isEmpty()
                        || Integer.parseInt(state) == deal.state().code())
                .toList();
    }

    private Optional<String> signer(HttpExchange exchange, byte[] body) throws IOException {
        SignedRequestHeaders headers = SignedRequestHeaders.read(exchange.getRequestHeaders()::getFirst);
        Verification verification = verifier.verify(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(),
                body,
                headers);
        if (!verification.isVerified()) {
            problem(exchange, 401, String.valueOf(verification.rejection().orElseThrow()));
            return Optional.empty();
        }
        return verification.address();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) return values;
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            values.put(
                    URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return values;
    }

    private static void json(HttpExchange exchange, int status, Object value) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(value);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(Map.of("type", "about:blank", "status", status, "detail", detail));
        exchange.getResponseHeaders().add("Content-Type", "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
