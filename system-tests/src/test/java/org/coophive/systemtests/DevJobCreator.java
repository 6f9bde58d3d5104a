package org.coophive.systemtests;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.common.model.DealContainer;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.ResourceOfferQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.testing.Await;
import org.coophive.contracts.DevAccounts;

/**
 * The dev job creator's view of a stack, as the crash and timeout scenarios watch it: its deals at
 * the solver, their state on chain, and the provider's free offers it can be matched with.
 */
final class DevJobCreator {

    private final Stack stack;
    private final ChainClient chain;
    private final Duration wait;
    private final SolverClient solver;

    DevJobCreator(Stack stack, ChainClient chain, Duration wait) {
        this.stack = stack;
        this.chain = chain;
        this.wait = wait;
        this.solver = new HttpSolverClient(
                URI.create(stack.solverUrl()),
                new RequestSigner(DevAccounts.jobCreator().credentials()));
    }

    /** The solver, signed as the dev job creator. */
    SolverClient solver() {
        return solver;
    }

    /** The ids of the job creator's deals the solver knows now. */
    Set<String> deals() {
        return solver.deals(DealQuery.byJobCreator(DevAccounts.jobCreator().address())).stream()
                .map(DealContainer::id)
                .collect(Collectors.toSet());
    }

    /**
     * The job creator's first deal not in {@code known} whose chain state passes {@code test};
     * {@code context} adds what to print if it never comes (a run's stderr).
     */
    DealTerms awaitNewDeal(Set<String> known, String what, Predicate<OnChainAgreement> test, Supplier<String> context)
            throws Exception {
        return Await.until("a new deal " + what, wait, () -> context.get() + stack.logs(), () -> {
            for (DealContainer deal :
                    solver.deals(DealQuery.byJobCreator(DevAccounts.jobCreator().address()))) {
                if (known.contains(deal.id())) continue;
                DealTerms terms = DealTerms.of(deal.deal());
                if (test.test(chain.getAgreement(terms))) return terms;
            }
            return null;
        });
    }

    /** Waits until the dev provider has a free offer posted, so a job matches it at once. */
    void awaitProviderOffer() throws Exception {
        Await.until(
                "a free resource offer of the provider",
                wait,
                stack::logs,
                () -> solver.resourceOffers(ResourceOfferQuery.byResourceProvider(
                                                DevAccounts.resourceProvider().address())
                                        .notMatchedOnly())
                                .isEmpty()
                        ? null
                        : true);
    }
}
