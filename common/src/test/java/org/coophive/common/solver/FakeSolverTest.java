package org.coophive.common.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.coophive.common.solver.SolverFixtures.FAST;
import static org.coophive.common.solver.SolverFixtures.OUTSIDER;
import static org.coophive.common.solver.SolverFixtures.RESOURCE_PROVIDER;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake solver's own promises: one state behind both faces, its switches and its events. */
class FakeSolverTest {

    private static final String TX = "0x" + "c1".repeat(32);

    private final FakeSolver solver = new FakeSolver();

    @AfterEach
    void stop() {
        solver.close();
    }

    @Test
    void shouldShowWhatOneFaceStoredOnTheOtherWhenServed() throws Exception {
        solver.serve();
        HttpSolverClient provider = new HttpSolverClient(solver.url(), RESOURCE_PROVIDER, FAST);
        ResourceOfferContainer posted = provider.addResourceOffer(SolverFixtures.resourceOffer());
        JobOfferContainer job = solver.addJobOffer(SolverFixtures.jobOffer());

        DealContainer deal = solver.makeDeal(job.jobOffer(), posted.resourceOffer());
        provider.updateResourceProviderTransactions(
                deal.id(), new DealTransactionsResourceProvider(TX, "", "", "", ""));

        assertThat(solver.storedResourceOffers())
                .extracting(ResourceOfferContainer::dealId)
                .containsExactly(deal.id());
        assertThat(solver.deal(deal.id()).transactions().resourceProvider().agree())
                .isEqualTo(TX);
        assertThat(provider.deal(deal.id()).deal().members().solver()).isEqualTo(solver.address());
    }

    @Test
    void shouldRefuseAnOutsiderOverHttpButTrustTheProcess() throws Exception {
        solver.serve();
        DealContainer deal = SolverFixtures.deal();
        solver.putDeal(deal);
        DealTransactionsResourceProvider report = new DealTransactionsResourceProvider(TX, "", "", "", "");

        assertThatThrownBy(() -> new HttpSolverClient(solver.url(), OUTSIDER, FAST)
                        .updateResourceProviderTransactions(deal.id(), report))
                .isInstanceOf(SolverUnauthorizedException.class)
                .hasMessageContaining("403");
        assertThat(solver.updateResourceProviderTransactions(deal.id(), report)
                        .transactions()
                        .resourceProvider()
                        .agree())
                .isEqualTo(TX);
    }

    @Test
    void shouldFailEveryCallAsUnreachableWhileDownAndLetHelpersRead() {
        DealContainer deal = SolverFixtures.deal();
        solver.putDeal(deal);

        solver.down(true);

        assertThatThrownBy(() -> solver.deals(DealQuery.ALL)).isInstanceOf(SolverUnavailableException.class);
        assertThatThrownBy(() -> solver.deal(deal.id())).isInstanceOf(SolverUnavailableException.class);
        assertThat(solver.storedDeal(deal.id())).hasValue(deal);
        solver.down(false);
        assertThat(solver.deals(DealQuery.ALL)).containsExactly(deal);
    }

    @Test
    void shouldThrowWhatTheHttpClientWouldForTheNextScriptedAnswersOnly() {
        solver.refuseNext(1, SolverProblemType.CONFLICT, "scripted");
        solver.answerNext(1, 503, null, null);

        assertThatThrownBy(() -> solver.addJobOffer(SolverFixtures.jobOffer()))
                .isInstanceOf(SolverConflictException.class)
                .hasMessageContaining("scripted");
        assertThatThrownBy(() -> solver.jobOffers(JobOfferQuery.ALL)).isInstanceOf(SolverUnavailableException.class);
        assertThat(solver.addJobOffer(SolverFixtures.jobOffer()).jobOffer().id())
                .isNotEmpty();
        assertThat(solver.offerPosts()).isEqualTo(1);
    }

    @Test
    void shouldAnswerLateWhenSlow() {
        solver.slow(Duration.ofMillis(300));

        long start = System.nanoTime();
        solver.deals(DealQuery.ALL);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void shouldTellSubscribersWhatHappenedInOrder() {
        List<SolverEvent> events = new CopyOnWriteArrayList<>();
        solver.subscribe(events::add);

        ResourceOfferContainer offer = solver.addResourceOffer(SolverFixtures.resourceOffer());
        JobOfferContainer job = solver.addJobOffer(SolverFixtures.jobOffer());
        DealContainer deal = solver.makeDeal(job.jobOffer(), offer.resourceOffer());
        solver.setState(deal.id(), AgreementState.DEAL_AGREED);

        Await.until(Duration.ofSeconds(5), "four events", () -> events.size() == 4);
        assertThat(events)
                .extracting(SolverEvent::eventType)
                .containsExactly(
                        EventType.RESOURCE_OFFER_ADDED,
                        EventType.JOB_OFFER_ADDED,
                        EventType.DEAL_ADDED,
                        EventType.DEAL_STATE_UPDATED);
        assertThat(events.get(3).deal().state()).isEqualTo(AgreementState.DEAL_AGREED);
    }
}
