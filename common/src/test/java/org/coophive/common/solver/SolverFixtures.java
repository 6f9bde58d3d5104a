package org.coophive.common.solver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.signing.RequestSigner;
import org.coophive.contracts.DevAccounts;
import tools.jackson.databind.json.JsonMapper;

/**
 * Parties, offers and a deal for the solver client tests: the golden files of the wire model,
 * whose job creator, resource provider and mediator are the dev accounts of those names.
 */
final class SolverFixtures {

    static final RequestSigner JOB_CREATOR =
            new RequestSigner(DevAccounts.jobCreator().credentials());
    static final RequestSigner RESOURCE_PROVIDER =
            new RequestSigner(DevAccounts.resourceProvider().credentials());
    static final RequestSigner MEDIATOR =
            new RequestSigner(DevAccounts.mediator().credentials());
    static final RequestSigner OUTSIDER =
            new RequestSigner(DevAccounts.directory().credentials());

    /** Millisecond backoff, three attempts: retries that cost the tests nothing. */
    static final SolverClientSettings FAST =
            SolverClientSettings.DEFAULTS.withMaxAttempts(3).withBackoff(Duration.ofMillis(1), Duration.ofMillis(4));

    static final JsonMapper JSON = JsonMapper.builder().build();

    private SolverFixtures() {}

    static JobOffer jobOffer() {
        return golden("job-offer.json", JobOffer.class);
    }

    static ResourceOffer resourceOffer() {
        return golden("resource-offer.json", ResourceOffer.class);
    }

    /** The golden deal (state ResultsAccepted) with the mediator picked. */
    static DealContainer deal() {
        DealContainer deal = golden("deal-container.json", DealContainer.class);
        return new DealContainer(
                deal.id(),
                deal.jobCreator(),
                deal.resourceProvider(),
                deal.jobOffer(),
                deal.resourceOffer(),
                deal.state(),
                deal.deal(),
                deal.transactions(),
                MEDIATOR.address());
    }

    static <T> T golden(String file, Class<T> type) {
        try (InputStream in = SolverFixtures.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) throw new IllegalStateException("no golden file " + file);
            return JSON.readValue(in.readAllBytes(), type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
