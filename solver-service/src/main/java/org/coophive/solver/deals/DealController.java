package org.coophive.solver.deals;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.Result;
import org.coophive.solver.store.DealFilter;
import org.coophive.solver.web.JsonBodies;
import org.coophive.solver.web.QueryParameters;
import org.coophive.solver.web.SignedRequests;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The deal routes of common/SOLVER-API.md: lists, one deal, results and transaction hashes. */
@RestController
@RequestMapping(path = "/api/v1/deals", produces = MediaType.APPLICATION_JSON_VALUE)
class DealController {

    private final DealService deals;
    private final SignedRequests signatures;
    private final JsonBodies bodies;

    DealController(DealService deals, SignedRequests signatures, JsonBodies bodies) {
        this.deals = deals;
        this.signatures = signatures;
        this.bodies = bodies;
    }

    @GetMapping
    List<DealContainer> list(
            @RequestParam(name = "job_creator", required = false) String jobCreator,
            @RequestParam(name = "resource_provider", required = false) String resourceProvider,
            @RequestParam(name = "mediator", required = false) String mediator,
            @RequestParam(name = "state", required = false) String state,
            @RequestParam(name = "limit", required = false) String limit,
            @RequestParam(name = "after", required = false) String after) {
        return deals.list(
                new DealFilter(
                        QueryParameters.address("job_creator", jobCreator),
                        QueryParameters.address("resource_provider", resourceProvider),
                        QueryParameters.address("mediator", mediator),
                        QueryParameters.state("state", state)),
                QueryParameters.page(limit, after));
    }

    @GetMapping("/{id}")
    DealContainer deal(@PathVariable String id) {
        return deals.deal(id);
    }

    @GetMapping("/{id}/result")
    Result result(@PathVariable String id) {
        return deals.result(id);
    }

    @PostMapping("/{id}/result")
    Result addResult(@PathVariable String id, HttpServletRequest request) {
        byte[] body = bodies.read(request);
        String signer = signatures.verify(request, body);
        return deals.addResult(signer, id, bodies.parse(request, body, Result.class));
    }

    @PostMapping("/{id}/txs/resource_provider")
    DealContainer resourceProviderTransactions(@PathVariable String id, HttpServletRequest request) {
        byte[] body = bodies.read(request);
        String signer = signatures.verify(request, body);
        return deals.updateResourceProviderTransactions(
                signer, id, bodies.parse(request, body, DealTransactionsResourceProvider.class));
    }

    @PostMapping("/{id}/txs/job_creator")
    DealContainer jobCreatorTransactions(@PathVariable String id, HttpServletRequest request) {
        byte[] body = bodies.read(request);
        String signer = signatures.verify(request, body);
        return deals.updateJobCreatorTransactions(
                signer, id, bodies.parse(request, body, DealTransactionsJobCreator.class));
    }

    @PostMapping("/{id}/txs/mediator")
    DealContainer mediatorTransactions(@PathVariable String id, HttpServletRequest request) {
        byte[] body = bodies.read(request);
        String signer = signatures.verify(request, body);
        return deals.updateMediatorTransactions(
                signer, id, bodies.parse(request, body, DealTransactionsMediator.class));
    }
}
