package org.coophive.solver.offers;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.solver.store.ResourceOfferFilter;
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

/** {@code /api/v1/resource_offers}: list, post, withdraw (common/SOLVER-API.md). */
@RestController
@RequestMapping(path = "/api/v1/resource_offers", produces = MediaType.APPLICATION_JSON_VALUE)
class ResourceOfferController {

    private final OfferService offers;
    private final SignedRequests signatures;
    private final JsonBodies bodies;

    ResourceOfferController(OfferService offers, SignedRequests signatures, JsonBodies bodies) {
        this.offers = offers;
        this.signatures = signatures;
        this.bodies = bodies;
    }

    @GetMapping
    List<ResourceOfferContainer> list(
            @RequestParam(name = "resource_provider", required = false) String resourceProvider,
            @RequestParam(name = "active", required = false) String active,
            @RequestParam(name = "not_matched", required = false) String notMatched,
            @RequestParam(name = "limit", required = false) String limit,
            @RequestParam(name = "after", required = false) String after) {
        return offers.resourceOffers(
                new ResourceOfferFilter(
                        QueryParameters.address("resource_provider", resourceProvider),
                        QueryParameters.flag("active", active),
                        QueryParameters.flag("not_matched", notMatched)),
                QueryParameters.page(limit, after));
    }

    @PostMapping
    ResourceOfferContainer add(HttpServletRequest request) {
        byte[] body = bodies.read(request);
        String signer = signatures.verify(request, body);
        return offers.addResourceOffer(signer, bodies.parse(request, body, ResourceOffer.class));
    }

    @DeleteMapping("/{id}")
    ResourceOfferContainer withdraw(@PathVariable String id, HttpServletRequest request) {
        String signer = signatures.verify(request, bodies.read(request));
        return offers.withdrawResourceOffer(signer, id);
    }
}
