package org.coophive.mediator.mediations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.Result;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.JobOfferQuery;
import org.coophive.common.solver.ProblemDetails;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverNotFoundException;
import org.coophive.common.solver.SolverUnavailableException;
import org.coophive.common.solver.UploadedFiles;

/** The parts of the solver a mediator uses, in memory; can be switched "down". */
final class InMemorySolver implements SolverClient {

    final Map<String, DealContainer> deals = new ConcurrentHashMap<>();
    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<DealTransactionsMediator> reported = new ArrayList<>();
    volatile boolean down;

    void deal(DealContainer container) {
        deals.put(container.id(), container);
    }

    void files(String dealId, Path tar) {
        try {
            files.put(dealId, Files.readAllBytes(tar));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<DealContainer> deals(DealQuery query) {
        checkUp("GET /deals");
        return deals.values().stream()
                .filter(deal -> query.mediator().isEmpty() || query.mediator().equalsIgnoreCase(deal.mediator()))
                .filter(deal ->
                        query.stateFilter().map(state -> state == deal.state()).orElse(true))
                .toList();
    }

    @Override
    public DealContainer deal(String dealId) {
        checkUp("GET /deals/" + dealId);
        DealContainer deal = deals.get(dealId);
        if (deal == null) throw new SolverNotFoundException("GET /deals/" + dealId, problem(404, "no such deal"));
        return deal;
    }

    @Override
    public void downloadFiles(String dealId, Path target) {
        checkUp("GET /deals/" + dealId + "/files");
        byte[] bytes = files.get(dealId);
        if (bytes == null)
            throw new SolverNotFoundException("GET /deals/" + dealId + "/files", problem(404, "no files"));
        try {
            Files.write(target, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized DealContainer updateMediatorTransactions(String dealId, DealTransactionsMediator transactions) {
        checkUp("POST /deals/" + dealId + "/txs/mediator");
        reported.add(transactions);
        return deal(dealId);
    }

    private void checkUp(String request) {
        if (down)
            throw new SolverUnavailableException(
                    request, problem(503, "down"), 1, new IOException("connection refused"));
    }

    private static ProblemDetails problem(int status, String detail) {
        return new ProblemDetails(null, "", status, detail, "", List.of());
    }

    // ------------------------------------------------------------------ not used by the mediator

    @Override
    public List<JobOfferContainer> jobOffers(JobOfferQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public JobOfferContainer addJobOffer(JobOffer offer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<ResourceOfferContainer> resourceOffers(ResourceOfferQuery query) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ResourceOfferContainer addResourceOffer(ResourceOffer offer) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Result result(String dealId) {
        throw new UnsupportedOperationException();
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
    public DealContainer updateJobCreatorTransactions(String dealId, DealTransactionsJobCreator transactions) {
        throw new UnsupportedOperationException();
    }

    @Override
    public UploadedFiles uploadFiles(String dealId, Path tar) {
        throw new UnsupportedOperationException();
    }
}
