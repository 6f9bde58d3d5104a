package org.coophive.common.solver;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.Result;

/**
 * The solver's HTTP API, one method per route of {@code common/SOLVER-API.md}. Services depend on
 * this interface so that tests can swap in a fake; {@link HttpSolverClient} is the real one.
 *
 * <p>Withdrawing and explaining offers came later than the other routes: their default
 * implementations throw {@link UnsupportedOperationException}, so the services' in-memory fakes
 * of this interface need not implement them; {@link HttpSolverClient} does.
 *
 * <p>Mutating calls and file downloads are signed with the client's key, so the caller must be
 * the party the route requires. Every method throws a {@link SolverException} when the solver
 * refuses the request, and a {@link SolverUnavailableException} when it cannot be reached; deal
 * and offer ids that are not content ids are refused with an {@link IllegalArgumentException} before
 * anything is sent.
 */
public interface SolverClient {

    /** The job offers that match {@code query}. */
    List<JobOfferContainer> jobOffers(JobOfferQuery query);

    /**
     * Posts a job offer; the client's key must be the offer's {@code job_creator}. Posting the
     * same offer again returns the stored container unchanged.
     *
     * @return the solver's container, whose {@code id} is the offer's content id
     */
    JobOfferContainer addJobOffer(JobOffer offer);

    /**
     * Withdraws a job offer that is not in a deal yet; the client's key must be the offer's {@code
     * job_creator}. The solver forgets the offer and tells subscribers ({@code JobOfferWithdrawn}).
     *
     * @return the offer as it was stored
     * @throws SolverNotFoundException if the solver has no such offer (also once withdrawn)
     * @throws SolverConflictException if the offer is already in a deal
     * @throws SolverUnauthorizedException if the client's key is not the offer's job creator
     */
    default JobOfferContainer withdrawJobOffer(String jobOfferId) {
        throw new UnsupportedOperationException(
                "withdrawJobOffer is not supported by " + getClass().getSimpleName());
    }

    /**
     * Why a stored job offer is or is not matched: a verdict per resource offer the solver holds.
     *
     * @throws SolverNotFoundException if the solver has no such offer
     */
    default JobOfferExplanation explainJobOffer(String jobOfferId) {
        throw new UnsupportedOperationException(
                "explainJobOffer is not supported by " + getClass().getSimpleName());
    }

    /**
     * How the solver would judge {@code offer} against its resource offers now, without storing
     * it (a dry run; unsigned, so any client may ask).
     *
     * @throws SolverRequestRejectedException if the offer is not valid
     */
    default JobOfferExplanation explainJobOffer(JobOffer offer) {
        throw new UnsupportedOperationException(
                "explainJobOffer is not supported by " + getClass().getSimpleName());
    }

    /** The resource offers that match {@code query}. */
    List<ResourceOfferContainer> resourceOffers(ResourceOfferQuery query);

    /** Posts a resource offer; the client's key must be the offer's {@code resource_provider}. */
    ResourceOfferContainer addResourceOffer(ResourceOffer offer);

    /**
     * Withdraws a resource offer that is not in a deal yet; the client's key must be the offer's
     * {@code resource_provider}. The solver forgets it and tells subscribers ({@code
     * ResourceOfferWithdrawn}).
     *
     * @return the offer as it was stored
     * @throws SolverNotFoundException if the solver has no such offer (also once withdrawn)
     * @throws SolverConflictException if the offer is already in a deal
     * @throws SolverUnauthorizedException if the client's key is not the offer's resource provider
     */
    default ResourceOfferContainer withdrawResourceOffer(String resourceOfferId) {
        throw new UnsupportedOperationException(
                "withdrawResourceOffer is not supported by " + getClass().getSimpleName());
    }

    /** The deals that match {@code query}. */
    List<DealContainer> deals(DealQuery query);

    /**
     * One deal.
     *
     * @throws SolverNotFoundException if the solver has no such deal
     */
    DealContainer deal(String dealId);

    /** One deal, or empty if the solver has no such deal. */
    default Optional<DealContainer> findDeal(String dealId) {
        try {
            return Optional.of(deal(dealId));
        } catch (SolverNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * The result posted for a deal.
     *
     * @throws SolverNotFoundException if there is no such deal or no result yet
     */
    Result result(String dealId);

    /** The result posted for a deal, or empty if there is none (yet). */
    default Optional<Result> findResult(String dealId) {
        try {
            return Optional.of(result(dealId));
        } catch (SolverNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Posts the result of the deal {@code result.dealId()}; the client's key must be the deal's
     * resource provider.
     *
     * @return the result as stored, with its {@code id} set
     * @throws SolverConflictException if files were uploaded with another data id
     */
    Result addResult(Result result);

    /** Reports the resource provider's transaction hashes; non-empty fields replace stored ones. */
    DealContainer updateResourceProviderTransactions(String dealId, DealTransactionsResourceProvider transactions);

    /** Reports the job creator's transaction hashes; non-empty fields replace stored ones. */
    DealContainer updateJobCreatorTransactions(String dealId, DealTransactionsJobCreator transactions);

    /** Reports the deal's mediator's transaction hashes; non-empty fields replace stored ones. */
    DealContainer updateMediatorTransactions(String dealId, DealTransactionsMediator transactions);

    /**
     * Uploads the result tar of a deal; the client's key must be the deal's resource provider.
     *
     * @return where the solver stored it, with the content id of the bytes
     * @throws java.io.UncheckedIOException if the tar cannot be read
     */
    UploadedFiles uploadFiles(String dealId, Path tar);

    /**
     * Downloads the result tar of a deal to {@code target}, replacing it; the client's key must be
     * the deal's job creator, resource provider or mediator. The bytes go to a temporary file
     * beside {@code target} that is moved into place once complete, so a failed download leaves
     * {@code target} as it was.
     *
     * @throws SolverNotFoundException if no files were uploaded for the deal
     * @throws java.io.UncheckedIOException if {@code target} cannot be written
     */
    void downloadFiles(String dealId, Path target);
}
