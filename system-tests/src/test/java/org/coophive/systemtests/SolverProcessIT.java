package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.coophive.common.chain.OnChainUser;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.DealQuery;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.JobOfferQuery;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.testing.Await;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The solver as users run it, from its jar: it registers its URL on chain, matches offers posted
 * over signed HTTP, and after kill -9 (its embedded PostgreSQL left running) comes back with every
 * offer and deal and keeps matching.
 */
class SolverProcessIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.chainAndSolver("solver-process");
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) stack.close();
    }

    private static SolverClient client(org.coophive.contracts.DevAccounts.DevAccount account) {
        return new HttpSolverClient(URI.create(stack.solverUrl()), new RequestSigner(account.credentials()));
    }

    private static DealContainer matched(SolverClient jc, String jobOfferId) throws InterruptedException {
        return Await.until(
                "a deal for " + jobOfferId,
                WAIT,
                () -> "\n" + stack.solver().tail(40),
                () -> jc.deals(DealQuery.byJobCreator(DevAccounts.jobCreator().address())).stream()
                        .filter(deal -> deal.jobOffer().equals(jobOfferId))
                        .findFirst()
                        .orElse(null));
    }

    @Test
    void shouldKeepOffersAndDealsAndMatchAgainWhenKilledAndRestarted() throws Exception {
        Web3Properties reader = Web3Properties.fromEnvironment(stack.web3(DevAccounts.directory()));
        try (Web3ChainClient chain = Web3ChainClient.connect(reader)) {
            assertThat(chain.getUser(DevAccounts.solver().address()).map(OnChainUser::url))
                    .as("the URL the solver registered")
                    .contains(stack.solverUrl());
        }
        SolverClient jc = client(DevAccounts.jobCreator());
        SolverClient rp = client(DevAccounts.resourceProvider());
        long now = System.currentTimeMillis();
        ResourceOfferContainer resourceOffer = rp.addResourceOffer(Offers.resource(now, 0, 1000));
        JobOfferContainer jobOffer = jc.addJobOffer(Offers.job(now, 1000));
        DealContainer deal = matched(jc, jobOffer.id());
        assertThat(deal.resourceOffer()).isEqualTo(resourceOffer.id());

        stack.solver().kill();
        stack.startSolver();

        assertThat(jc.deal(deal.id())).isEqualTo(deal);
        assertThat(jc.jobOffers(JobOfferQuery.ALL).stream().map(JobOfferContainer::id))
                .contains(jobOffer.id());
        ResourceOfferContainer secondSlot = rp.addResourceOffer(Offers.resource(now + 1, 1, 1000));
        JobOfferContainer secondJob = jc.addJobOffer(Offers.job(now + 1, 1000));
        assertThat(matched(jc, secondJob.id()).resourceOffer()).isEqualTo(secondSlot.id());
        assertThat(jc.deals(DealQuery.byJobCreator(DevAccounts.jobCreator().address())))
                .extracting(DealContainer::id)
                .hasSize(2)
                .contains(deal.id());
        String key = stack.web3(DevAccounts.solver()).get("WEB3_PRIVATE_KEY").substring(2);
        assertThat(stack.solver().log()).as("the solver's log").doesNotContainIgnoringCase(key);
    }
}
