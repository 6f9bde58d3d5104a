package org.coophive.solver.offers;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.solver.JobOfferExplanation;
import org.coophive.solver.store.JobOfferFilter;
import org.coophive.solver.web.JsonBodies;
import org.coophive.solver.web.QueryParameters;
import org.coophive.solver.web.SignedRequests;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/job_offers}: list, post, withdraw, explain (common/SOLVER-API.md). */
@RestController
@RequestMapping(path = "/api/v1/job_offers", produces = MediaType.APPLICATION_JSON_VALUE)
class JobOfferController {

    private final OfferService offers;
    private final SignedRequests signatures;
    private final JsonBodies bodies;

    JobOfferController(OfferService offers, SignedRequests signatures, JsonBodies bodies) {
        this.offers = offers;
        this.signatures = signatures;
        this.bodies = bodies;
    }

    @GetMapping
    List<JobOfferContainer> list(
            @RequestParam(name = "job_creator", required = false) String jobCreator,
            @RequestParam(name = "not_matched", required = false) String notMatched,
            @RequestParam(name = "limit", required = false) String limit,
            @RequestParam(name = "after", required = false) String after) {
        return offers.jobOffers(
                new JobOfferFilter(
                        QueryParameters.address("job_creator", jobCreator),
                        QueryParameters.flag("not_matched", notMatched)),
                QueryParameters.page(limit, after));
    }

    @PostMapping
    JobOfferContainer add(HttpServletRequest request) {
        byte[] body = bodies.read(request);
        String signer = signatures.verify(request, body);
        return offers.addJobOffer(signer, bodies.parse(request, body, JobOffer.class));
    }

    @DeleteMapping("/{id}")
    JobOfferContainer withdraw(@PathVariable String id, HttpServletRequest request) {
        String signer = signatures.verify(request, bodies.read(request));
        return offers.withdrawJobOffer(signer, id);
    }

    @GetMapping("/{id}/explain")
    JobOfferExplanation explain(@PathVariable String id) {
        return offers.explain(id);
    }

    /** A dry run: unsigned, since nothing is stored and the answer holds only public data. */
    @PostMapping("/explain")
    JobOfferExplanation explainDryRun(HttpServletRequest request) {
        byte[] body = bodies.read(request);
        return offers.explainDryRun(bodies.parse(request, body, JobOffer.class));
    }
}
