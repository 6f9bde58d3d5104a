package org.coophive.common.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.common.solver.SolverFixtures.FAST;
import static org.coophive.common.solver.SolverFixtures.JOB_CREATOR;
import static org.coophive.common.solver.SolverFixtures.MEDIATOR;
import static org.coophive.common.solver.SolverFixtures.OUTSIDER;
import static org.coophive.common.solver.SolverFixtures.RESOURCE_PROVIDER;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsMediator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.MachineSpec;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.Result;
import org.coophive.common.model.TrustedParties;
import org.coophive.common.signing.RequestSigner;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every JSON route of the solver API, end to end against the fake solver, signatures included. */
class HttpSolverClientTest {

    private static final String TX_1 = "0x" + "c1".repeat(32);
    private static final String TX_2 = "0x" + "c2".repeat(32);
    private static final String DATA_ID = ContentIds.ofBytes("outputs".getBytes());

    private FakeSolver solver;
    private final DealContainer deal = SolverFixtures.deal();

    @BeforeEach
    void startSolver() throws Exception {
        solver = FakeSolver.start();
        solver.putDeal(deal);
    }

    @AfterEach
    void stopSolver() {
        solver.close();
    }

    private HttpSolverClient clientOf(RequestSigner signer) {
        return new HttpSolverClient(solver.url(), signer, FAST);
    }

    @Test
    void shouldStoreTheJobOfferUnderItsContentIdWhenTheJobCreatorPostsIt() {
        JobOffer offer = SolverFixtures.jobOffer().withId("");

        JobOfferContainer container = clientOf(JOB_CREATOR).addJobOffer(offer);

        assertThat(container.id()).isEqualTo(ContentIds.of(offer));
        assertThat(container.jobOffer()).isEqualTo(offer.withId(container.id()));
        assertThat(container.jobCreator()).isEqualTo(JOB_CREATOR.address());
        assertThat(container.dealId()).isEmpty();
        assertThat(container.state()).isEqualTo(AgreementState.DEAL_NEGOTIATING);
    }

    @Test
    void shouldListJobOffersByJobCreatorWhenFiltered() {
        HttpSolverClient client = clientOf(JOB_CREATOR);
        JobOfferContainer posted = client.addJobOffer(SolverFixtures.jobOffer());

        assertThat(client.jobOffers(JobOfferQuery.ALL)).containsExactly(posted);
        assertThat(client.jobOffers(
                        JobOfferQuery.byJobCreator(JOB_CREATOR.address()).notMatchedOnly()))
                .containsExactly(posted);
        assertThat(client.jobOffers(JobOfferQuery.byJobCreator(OUTSIDER.address())))
                .isEmpty();
        assertThat(solver.requests())
                .contains(
                        "GET /api/v1/job_offers?job_creator=" + JOB_CREATOR.address() + "&not_matched=true&limit=500");
    }

    @Test
    void shouldStoreAndListTheResourceOfferWhenTheProviderPostsIt() {
        HttpSolverClient client = clientOf(RESOURCE_PROVIDER);
        ResourceOffer offer = SolverFixtures.resourceOffer();

        ResourceOfferContainer posted = client.addResourceOffer(offer);

        assertThat(posted.id()).isEqualTo(ContentIds.of(offer));
        assertThat(posted.resourceOffer().resourceProvider()).isEqualTo(RESOURCE_PROVIDER.address());
        assertThat(client.resourceOffers(ResourceOfferQuery.byResourceProvider(RESOURCE_PROVIDER.address())
                        .activeOnly()
                        .notMatchedOnly()))
                .containsExactly(posted);
        assertThat(client.resourceOffers(ResourceOfferQuery.byResourceProvider(OUTSIDER.address())))
                .isEmpty();
    }

    @Test
    void shouldReturnTheStoredContainerUnchangedWhenAnOfferIsPostedTwice() {
        HttpSolverClient client = clientOf(JOB_CREATOR);
        JobOfferContainer first = client.addJobOffer(SolverFixtures.jobOffer());

        JobOfferContainer second = client.addJobOffer(SolverFixtures.jobOffer());

        assertThat(second).isEqualTo(first);
        assertThat(client.jobOffers(JobOfferQuery.ALL)).hasSize(1);
    }

    @Test
    void shouldRemoveTheJobOfferWhenItsJobCreatorWithdrawsIt() {
        HttpSolverClient client = clientOf(JOB_CREATOR);
        JobOfferContainer posted = client.addJobOffer(SolverFixtures.jobOffer());

        JobOfferContainer withdrawn = client.withdrawJobOffer(posted.id());

        assertThat(withdrawn).isEqualTo(posted);
        assertThat(client.jobOffers(JobOfferQuery.ALL)).isEmpty();
        assertThat(solver.requests()).contains("DELETE /api/v1/job_offers/" + posted.id());
        assertThatThrownBy(() -> client.withdrawJobOffer(posted.id())).isInstanceOf(SolverNotFoundException.class);
    }

    @Test
    void shouldRefuseToWithdrawAResourceOfferWhenTheSignerIsNotItsProvider() {
        ResourceOfferContainer posted = clientOf(RESOURCE_PROVIDER).addResourceOffer(SolverFixtures.resourceOffer());

        assertThatThrownBy(() -> clientOf(OUTSIDER).withdrawResourceOffer(posted.id()))
                .isInstanceOf(SolverUnauthorizedException.class)
                .hasMessageContaining("403");
        assertThat(clientOf(RESOURCE_PROVIDER).withdrawResourceOffer(posted.id()))
                .isEqualTo(posted);
    }

    @Test
    void shouldReadAVerdictPerResourceOfferWhenExplainingAJobOffer() {
        ResourceOfferContainer offer = clientOf(RESOURCE_PROVIDER).addResourceOffer(SolverFixtures.resourceOffer());
        HttpSolverClient client = clientOf(JOB_CREATOR);
        JobOfferContainer stored = client.addJobOffer(SolverFixtures.jobOffer());

        JobOfferExplanation explanation = client.explainJobOffer(stored.id());

        assertThat(explanation.jobOffer()).isEqualTo(stored.id());
        assertThat(explanation.resourceOffers())
                .containsExactly(
                        new JobOfferExplanation.Verdict(offer.id(), RESOURCE_PROVIDER.address(), true, "", "matches"));
        assertThat(explanation.matching()).hasSize(1);
    }

    @Test
    void shouldExplainAnUnstoredJobOfferWithoutSigningWhenAskedForADryRun() {
        clientOf(RESOURCE_PROVIDER).addResourceOffer(SolverFixtures.resourceOffer());
        JobOffer greedy = SolverFixtures.jobOffer();
        greedy = new JobOffer(
                "",
                greedy.createdAt(),
                greedy.jobCreator(),
                greedy.module(),
                MachineSpec.of(0, 1_000_000, 1),
                greedy.inputs(),
                greedy.mode(),
                greedy.pricing(),
                greedy.timeouts(),
                greedy.trustedParties());

        JobOfferExplanation explanation = clientOf(OUTSIDER).explainJobOffer(greedy);

        assertThat(explanation.jobOffer()).isEqualTo(ContentIds.of(greedy));
        assertThat(explanation.resourceOffers()).singleElement().satisfies(verdict -> {
            assertThat(verdict.matches()).isFalse();
            assertThat(verdict.failedRule()).isEqualTo("cpu");
        });
        assertThat(clientOf(OUTSIDER).jobOffers(JobOfferQuery.ALL)).isEmpty();
    }

    @Test
    void shouldFollowThePagesWhenAListingHasMoreThanOnePage() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < 2 * HttpSolverClient.PAGE + 1; i++) {
            DealContainer copy = new DealContainer(
                    ContentIds.ofBytes(("deal " + i).getBytes()),
                    deal.jobCreator(),
                    deal.resourceProvider(),
                    deal.jobOffer(),
                    deal.resourceOffer(),
                    AgreementState.DEAL_AGREED,
                    deal.deal(),
                    null,
                    "");
            solver.putDeal(copy);
            ids.add(copy.id());
        }
        ids.add(deal.id());

        List<DealContainer> listed = clientOf(JOB_CREATOR).deals(DealQuery.ALL);

        assertThat(listed).extracting(DealContainer::id).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(solver.requests().stream().filter(r -> r.startsWith("GET /api/v1/deals")))
                .hasSize(3)
                .allMatch(r -> r.contains("limit=500"));
    }

    @Test
    void shouldFilterDealsByPartyMediatorAndStateWhenListing() {
        DealContainer other = new DealContainer(
                ContentIds.ofBytes("another deal".getBytes()),
                deal.jobCreator(),
                OUTSIDER.address(),
                deal.jobOffer(),
                deal.resourceOffer(),
                AgreementState.DEAL_AGREED,
                deal.deal(),
                null,
                "");
        solver.putDeal(other);
        HttpSolverClient client = clientOf(JOB_CREATOR);

        assertThat(client.deals(DealQuery.ALL)).containsExactlyInAnyOrder(deal, other);
        assertThat(client.deals(DealQuery.byJobCreator(JOB_CREATOR.address()))).containsExactlyInAnyOrder(deal, other);
        assertThat(client.deals(DealQuery.byResourceProvider(RESOURCE_PROVIDER.address())))
                .containsExactly(deal);
        assertThat(client.deals(DealQuery.byMediator(MEDIATOR.address()))).containsExactly(deal);
        assertThat(client.deals(DealQuery.byJobCreator(JOB_CREATOR.address()).inState(AgreementState.DEAL_AGREED)))
                .containsExactly(other);
        assertThat(solver.requests())
                .contains("GET /api/v1/deals?job_creator=" + JOB_CREATOR.address() + "&state=1&limit=500");
    }

    @Test
    void shouldReturnTheDealWhenItExists() {
        assertThat(clientOf(JOB_CREATOR).deal(deal.id())).isEqualTo(deal);
        assertThat(clientOf(JOB_CREATOR).findDeal(deal.id())).contains(deal);
    }

    @Test
    void shouldReturnEmptyWhenFindingADealTheSolverDoesNotHave() {
        String unknown = ContentIds.ofBytes("no such deal".getBytes());

        assertThat(clientOf(JOB_CREATOR).findDeal(unknown)).isEmpty();
        assertThat(clientOf(JOB_CREATOR).findResult(deal.id())).isEmpty();
    }

    @Test
    void shouldStoreTheResultWithItsIdWhenTheProviderPostsIt() {
        Result posted = new Result("", deal.id(), DATA_ID, "", 42);

        Result stored = clientOf(RESOURCE_PROVIDER).addResult(posted);

        assertThat(stored).isEqualTo(posted.withId(ContentIds.of(posted)));
        assertThat(clientOf(JOB_CREATOR).result(deal.id())).isEqualTo(stored);
        assertThat(clientOf(JOB_CREATOR).findResult(deal.id())).contains(stored);
    }

    @Test
    void shouldRefuseWhenTheJobCreatorPostsTheResult() {
        Result posted = new Result("", deal.id(), DATA_ID, "", 42);

        assertThatThrownBy(() -> clientOf(JOB_CREATOR).addResult(posted))
                .isInstanceOfSatisfying(SolverUnauthorizedException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.type())
                            .isEqualTo(SolverProblemType.FORBIDDEN.uri().toString());
                    assertThat(e.detail()).contains(JOB_CREATOR.address(), "resource provider");
                });
        assertThat(clientOf(JOB_CREATOR).findResult(deal.id())).isEmpty();
    }

    @Test
    void shouldMergeNonEmptyHashesWhenTheResourceProviderReportsTransactions() {
        HttpSolverClient client = clientOf(RESOURCE_PROVIDER);

        DealContainer updated = client.updateResourceProviderTransactions(
                deal.id(), new DealTransactionsResourceProvider("", "", TX_1, "", ""));

        DealTransactionsResourceProvider before = deal.transactions().resourceProvider();
        assertThat(updated.transactions().resourceProvider())
                .isEqualTo(new DealTransactionsResourceProvider(before.agree(), before.addResult(), TX_1, "", ""));
        assertThat(updated.transactions().jobCreator())
                .isEqualTo(deal.transactions().jobCreator());
        assertThat(client.deal(deal.id())).isEqualTo(updated);
    }

    @Test
    void shouldMergeNonEmptyHashesWhenTheJobCreatorReportsTransactions() {
        DealContainer updated = clientOf(JOB_CREATOR)
                .updateJobCreatorTransactions(deal.id(), new DealTransactionsJobCreator("", "", TX_1, "", TX_2, ""));

        DealTransactionsJobCreator before = deal.transactions().jobCreator();
        assertThat(updated.transactions().jobCreator())
                .isEqualTo(new DealTransactionsJobCreator(before.agree(), before.acceptResult(), TX_1, "", TX_2, ""));
        assertThat(updated.transactions().resourceProvider())
                .isEqualTo(deal.transactions().resourceProvider());
    }

    @Test
    void shouldMergeHashesWhenTheDealsMediatorReportsTransactions() {
        DealContainer updated =
                clientOf(MEDIATOR).updateMediatorTransactions(deal.id(), new DealTransactionsMediator(TX_1, ""));

        assertThat(updated.transactions().mediator()).isEqualTo(new DealTransactionsMediator(TX_1, ""));
    }

    @Test
    void shouldRefuseWhenSomeoneOtherThanTheDealsMediatorReportsMediatorTransactions() {
        assertThatThrownBy(() -> clientOf(OUTSIDER)
                        .updateMediatorTransactions(deal.id(), new DealTransactionsMediator(TX_1, "")))
                .isInstanceOfSatisfying(SolverUnauthorizedException.class, e -> assertThat(e.status())
                        .isEqualTo(403));
    }

    @Test
    void shouldRefuseAJobOfferWhenSignedByAnotherKeyThanItsJobCreator() {
        assertThatThrownBy(() -> clientOf(RESOURCE_PROVIDER).addJobOffer(SolverFixtures.jobOffer()))
                .isInstanceOfSatisfying(SolverUnauthorizedException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.request()).isEqualTo("POST /api/v1/job_offers");
                    assertThat(e.detail()).contains(RESOURCE_PROVIDER.address());
                });
        assertThat(clientOf(JOB_CREATOR).jobOffers(JobOfferQuery.ALL)).isEmpty();
    }

    @Test
    void shouldRefuseWhenTheSignersClockIsOffByMoreThanTheWindow() {
        RequestSigner late = new RequestSigner(
                DevAccounts.jobCreator().credentials(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));

        assertThatThrownBy(() -> clientOf(late).addJobOffer(SolverFixtures.jobOffer()))
                .isInstanceOfSatisfying(SolverUnauthorizedException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.type())
                            .isEqualTo(SolverProblemType.UNAUTHORIZED.uri().toString());
                    assertThat(e.detail()).contains("behind the server clock");
                });
        assertThat(solver.requests()).hasSize(1);
    }

    @Test
    void shouldExposeFieldErrorsWhenTheSolverRejectsAnInvalidOffer() {
        JobOffer offer = SolverFixtures.jobOffer();
        JobOffer invalid = new JobOffer(
                "",
                offer.createdAt(),
                offer.jobCreator(),
                offer.module(),
                new MachineSpec(0, -1, 100, 0, 0),
                offer.inputs(),
                offer.mode(),
                offer.pricing(),
                offer.timeouts(),
                new TrustedParties(offer.trustedParties().solver(), List.of()));

        assertThatThrownBy(() -> clientOf(JOB_CREATOR).addJobOffer(invalid))
                .isInstanceOfSatisfying(SolverRequestRejectedException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.type())
                            .isEqualTo(SolverProblemType.INVALID_REQUEST.uri().toString());
                    assertThat(e.fieldErrors())
                            .extracting(org.coophive.common.model.Violation::field)
                            .containsExactlyInAnyOrder("spec.cpu", "trusted_parties.mediator");
                    assertThat(e.getMessage()).contains("spec.cpu: must not be negative");
                });
        assertThat(solver.requests()).hasSize(1);
    }

    @Test
    void shouldRefuseADealIdThatIsNotAContentIdWithoutCallingTheSolver() {
        assertThatThrownBy(() -> clientOf(JOB_CREATOR).deal("../job_offers"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(solver.requests()).isEmpty();
    }

    @Test
    void shouldTalkToTheApiUnderTheSolversPathWhenTheUrlHasOne() {
        HttpSolverClient client = new HttpSolverClient(URI.create("https://solver.example/coophive/"), JOB_CREATOR);

        assertThat(client.apiUrl()).isEqualTo(URI.create("https://solver.example/coophive/api/v1"));
        assertThat(client.toString()).contains(JOB_CREATOR.address()).doesNotContain("ac0974");
    }
}
