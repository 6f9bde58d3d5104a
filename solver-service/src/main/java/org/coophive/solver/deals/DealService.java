package org.coophive.solver.deals;

import java.util.List;
import java.util.Optional;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.ModelValidator;
import org.coophive.common.model.Result;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.model.Violation;
import org.coophive.solver.events.EventBus;
import org.coophive.solver.store.DealFileStore;
import org.coophive.solver.store.DealFilter;
import org.coophive.solver.store.DealStore;
import org.coophive.solver.store.ResultStore;
import org.coophive.solver.web.ProblemException;
import org.coophive.solver.web.QueryParameters;
import org.springframework.stereotype.Service;

/** Deals, their results and the parties' transaction hashes (common/SOLVER-API.md, "Deals"). */
@Service
public class DealService {

    private final DealStore deals;
    private final ResultStore results;
    private final DealFileStore files;
    private final EventBus events;

    public DealService(DealStore deals, ResultStore results, DealFileStore files, EventBus events) {
        this.deals = deals;
        this.results = results;
        this.files = files;
        this.events = events;
    }

    List<DealContainer> list(DealFilter filter, org.coophive.solver.store.Page page) {
        return deals.find(filter, page);
    }

    /**
     * The deal with this id from a request path.
     *
     * @throws ProblemException 404 when there is none
     */
    public DealContainer deal(String id) {
        QueryParameters.id("deal", id);
        return deals.find(id).orElseThrow(() -> ProblemException.notFound("no deal " + id));
    }

    Result result(String dealId) {
        deal(dealId);
        return results.find(dealId).orElseThrow(() -> ProblemException.notFound("no result posted for deal " + dealId));
    }

    /** Stores the resource provider's result for the deal; checks in the order of the API. */
    Result addResult(String signer, String dealId, Result posted) {
        if (!posted.dealId().isEmpty() && !posted.dealId().equals(dealId)) {
            throw ProblemException.invalid("deal_id", "is " + posted.dealId() + ", not the deal in the path " + dealId);
        }
        Result result = new Result("", dealId, posted.dataId(), posted.error(), posted.instructionCount());
        requireValid("result", ModelValidator.validate(result));
        DealContainer deal = deal(dealId);
        requireParty(signer, deal.resourceProvider(), "the deal's resource provider", dealId);
        Optional<DealFileStore.DealFiles> uploaded = files.find(dealId);
        if (uploaded.isPresent()
                && !result.dataId().isEmpty()
                && !result.dataId().equals(uploaded.get().dataId())) {
            throw ProblemException.conflict(
                    "data_id " + result.dataId() + " is not the id of the files uploaded for deal " + dealId + ", "
                            + uploaded.get().dataId());
        }
        Result stored = result.withId(ContentIds.of(result));
        results.save(stored);
        events.publish(SolverEvent.of(EventType.DEAL_RESULT_POSTED, deal));
        return stored;
    }

    DealContainer updateResourceProviderTransactions(
            String signer, String dealId, DealTransactionsResourceProvider reported) {
        requireValid("transaction hashes", ModelValidator.validate(reported));
        DealContainer deal = deal(dealId);
        requireParty(signer, deal.resourceProvider(), "the deal's resource provider", dealId);
        return merge(
                dealId, new DealTransactions(reported, null, null), EventType.RESOURCE_PROVIDER_TRANSACTIONS_UPDATED);
    }

    DealContainer updateJobCreatorTransactions(String signer, String dealId, DealTransactionsJobCreator reported) {
        requireValid("transaction hashes", ModelValidator.validate(reported));
        DealContainer deal = deal(dealId);
        requireParty(signer, deal.jobCreator(), "the deal's job creator", dealId);
        return merge(dealId, new DealTransactions(null, reported, null), EventType.JOB_CREATOR_TRANSACTIONS_UPDATED);
    }

    DealContainer updateMediatorTransactions(String signer, String dealId, DealTransactionsMediator reported) {
        requireValid("transaction hashes", ModelValidator.validate(reported));
        DealContainer deal = deal(dealId);
        if (deal.mediator().isEmpty()) {
            throw ProblemException.forbidden("deal " + dealId + " has no mediator yet, so " + signer + " is not it");
        }
        requireParty(signer, deal.mediator(), "the deal's mediator", dealId);
        return merge(dealId, new DealTransactions(null, null, reported), EventType.MEDIATOR_TRANSACTIONS_UPDATED);
    }

    private DealContainer merge(String dealId, DealTransactions reported, EventType event) {
        DealContainer updated = deals.mergeTransactions(dealId, reported)
                .orElseThrow(() -> ProblemException.notFound("no deal " + dealId));
        events.publish(SolverEvent.of(event, updated));
        return updated;
    }

    /** @throws ProblemException 403 unless {@code signer} is {@code party} */
    public static void requireParty(String signer, String party, String role, String dealId) {
        if (party.isEmpty() || !Addresses.equal(signer, party)) {
            throw ProblemException.forbidden(
                    "the signer " + signer + " is not " + role + " of deal " + dealId + " (" + party + ")");
        }
    }

    private static void requireValid(String what, List<Violation> violations) {
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(
                    "the " + what + " is not valid: " + violations.size() + " problem"
                            + (violations.size() == 1 ? "" : "s"),
                    violations);
        }
    }
}
