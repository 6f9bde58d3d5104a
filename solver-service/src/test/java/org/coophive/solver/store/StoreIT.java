package org.coophive.solver.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.coophive.common.chain.EventCheckpoint;
import org.coophive.common.chain.EventCursor;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.DealTransactions;
import org.coophive.common.model.DealTransactionsJobCreator;
import org.coophive.common.model.DealTransactionsResourceProvider;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.Result;
import org.coophive.contracts.AgreementState;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** The stores against the embedded PostgreSQL the solver starts by default. */
class StoreIT {

    private static final String ALICE = "0xAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAaAa";
    private static final String BOB = "0xBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBbBb";
    private static final String MEDIATOR = "0xCcCcCcCcCcCcCcCcCcCcCcCcCcCcCcCcCcCcCcCc";

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext context;

    @BeforeAll
    static void start() {
        context = startSolver();
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    private static ConfigurableApplicationContext startSolver() {
        return StoreOnlyApplication.start(dataDir);
    }

    private static <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static JobOfferContainer job(String id, String creator, long createdAt) {
        return new JobOfferContainer(
                id, "", creator, null, new JobOffer(id, createdAt, creator, null, null, null, null, null, null, null));
    }

    private static ResourceOfferContainer resource(String id, String provider, long createdAt) {
        return new ResourceOfferContainer(
                id,
                "",
                provider,
                null,
                new ResourceOffer(id, createdAt, provider, 0, null, null, null, null, null, null, null, null));
    }

    private static DealContainer deal(String id, String jobCreator, String provider) {
        return new DealContainer(id, jobCreator, provider, "job", "resource", null, null, null, "");
    }

    @Test
    void shouldFindSavedOfferWhenSavedOnceAndKeepFirstWhenSavedAgain() {
        OfferStore offers = bean(OfferStore.class);
        String id = id("job");
        JobOfferContainer offer = job(id, ALICE, 1_000);

        assertThat(offers.save(offer)).isTrue();
        assertThat(offers.save(job(id, BOB, 2_000))).isFalse();

        assertThat(offers.findJobOffer(id)).contains(offer);
        assertThat(offers.findJobOffer("missing")).isEmpty();
    }

    @Test
    void shouldFilterJobOffersByCreatorIgnoringCaseAndByMatchedWhenListing() {
        OfferStore offers = bean(OfferStore.class);
        String creator = "0x" + UUID.randomUUID().toString().replace("-", "").substring(0, 32) + "ABCDEF01";
        JobOfferContainer open = job(id("job"), creator, 1_000);
        JobOfferContainer matched = job(id("job"), creator, 2_000);
        offers.save(open);
        offers.save(matched);
        offers.save(job(id("job"), BOB, 3_000));
        offers.updateJobOfferDeal(matched.id(), "deal-1", AgreementState.DEAL_AGREED);

        assertThat(offers.findJobOffers(new JobOfferFilter(creator.toLowerCase(), false)))
                .extracting(JobOfferContainer::id)
                .containsExactly(open.id(), matched.id());
        assertThat(offers.findJobOffers(new JobOfferFilter(creator.toUpperCase(), true)))
                .containsExactly(open);
        assertThat(offers.findJobOffer(matched.id())).get().satisfies(offer -> {
            assertThat(offer.dealId()).isEqualTo("deal-1");
            assertThat(offer.state()).isEqualTo(AgreementState.DEAL_AGREED);
        });
    }

    @Test
    void shouldListOnlyActiveResourceOffersWhenActiveRequested() {
        OfferStore offers = bean(OfferStore.class);
        String provider = "0x" + UUID.randomUUID().toString().replace("-", "").substring(0, 32) + "12345678";
        ResourceOfferContainer open = resource(id("res"), provider, 1_000);
        ResourceOfferContainer agreed = resource(id("res"), provider, 2_000);
        ResourceOfferContainer finished = resource(id("res"), provider, 3_000);
        offers.save(open);
        offers.save(agreed);
        offers.save(finished);
        offers.updateResourceOfferDeal(agreed.id(), "deal-a", AgreementState.DEAL_AGREED);
        offers.updateResourceOfferDeal(finished.id(), "deal-f", AgreementState.RESULTS_ACCEPTED);

        assertThat(offers.findResourceOffers(new ResourceOfferFilter(provider, true, false)))
                .extracting(ResourceOfferContainer::id)
                .containsExactly(open.id(), agreed.id());
        assertThat(offers.findResourceOffers(new ResourceOfferFilter(provider, false, true)))
                .containsExactly(open);
        assertThat(offers.findResourceOffers(new ResourceOfferFilter(provider, false, false)))
                .hasSize(3);
    }

    @Test
    void shouldWithdrawOnlyUnmatchedOffersWhenWithdrawing() {
        OfferStore offers = bean(OfferStore.class);
        JobOfferContainer open = job(id("job"), ALICE, 1_000);
        JobOfferContainer matched = job(id("job"), ALICE, 1_000);
        ResourceOfferContainer resource = resource(id("res"), BOB, 1_000);
        offers.save(open);
        offers.save(matched);
        offers.save(resource);
        offers.updateJobOfferDeal(matched.id(), "deal-w", AgreementState.DEAL_NEGOTIATING);

        assertThat(offers.withdrawJobOffer(open.id())).isTrue();
        assertThat(offers.withdrawJobOffer(open.id())).isFalse();
        assertThat(offers.withdrawJobOffer(matched.id())).isFalse();
        assertThat(offers.withdrawResourceOffer(resource.id())).isTrue();

        assertThat(offers.findJobOffer(open.id())).isEmpty();
        assertThat(offers.findJobOffer(matched.id())).isPresent();
        assertThat(offers.findResourceOffer(resource.id())).isEmpty();
    }

    @Test
    void shouldDeleteOnlyOldUnmatchedOffersWhenExpiring() {
        OfferStore offers = bean(OfferStore.class);
        long old = Instant.parse("2001-01-01T00:00:00Z").toEpochMilli();
        JobOfferContainer oldOpen = job(id("job"), ALICE, old);
        JobOfferContainer oldMatched = job(id("job"), ALICE, old);
        ResourceOfferContainer oldResource = resource(id("res"), BOB, old);
        JobOfferContainer recent = job(id("job"), ALICE, Instant.now().toEpochMilli());
        offers.save(oldOpen);
        offers.save(oldMatched);
        offers.save(oldResource);
        offers.save(recent);
        offers.updateJobOfferDeal(oldMatched.id(), "deal-x", AgreementState.DEAL_AGREED);

        offers.deleteUnmatchedCreatedBefore(Instant.parse("2002-01-01T00:00:00Z"));

        assertThat(offers.findJobOffer(oldOpen.id())).isEmpty();
        assertThat(offers.findResourceOffer(oldResource.id())).isEmpty();
        assertThat(offers.findJobOffer(oldMatched.id())).isPresent();
        assertThat(offers.findJobOffer(recent.id())).isPresent();
    }

    @Test
    void shouldFilterAndUpdateDealsWhenStateAndMediatorChange() {
        DealStore deals = bean(DealStore.class);
        String creator = "0x" + UUID.randomUUID().toString().replace("-", "").substring(0, 32) + "DEADBEEF";
        DealContainer first = deal(id("deal"), creator, BOB);
        DealContainer second = deal(id("deal"), creator, ALICE);
        assertThat(deals.save(first)).isTrue();
        assertThat(deals.save(first)).isFalse();
        deals.save(second);

        assertThat(deals.updateState(second.id(), AgreementState.RESULTS_SUBMITTED))
                .isTrue();
        assertThat(deals.setMediator(second.id(), MEDIATOR)).isTrue();
        assertThat(deals.updateState("missing", AgreementState.DEAL_AGREED)).isFalse();

        assertThat(deals.find(new DealFilter(creator, "", "", Optional.empty())))
                .extracting(DealContainer::id)
                .containsExactly(first.id(), second.id());
        assertThat(deals.find(new DealFilter(creator, BOB.toLowerCase(), "", Optional.empty())))
                .containsExactly(first);
        assertThat(deals.find(new DealFilter(creator, "", "", Optional.of(AgreementState.RESULTS_SUBMITTED))))
                .extracting(DealContainer::id)
                .containsExactly(second.id());
        assertThat(deals.find(new DealFilter("", "", MEDIATOR.toLowerCase(), Optional.empty())))
                .extracting(DealContainer::id)
                .contains(second.id())
                .doesNotContain(first.id());
        assertThat(deals.find(second.id())).get().satisfies(deal -> {
            assertThat(deal.state()).isEqualTo(AgreementState.RESULTS_SUBMITTED);
            assertThat(deal.mediator()).isEqualTo(MEDIATOR);
        });
    }

    @Test
    void shouldKeepEarlierHashesWhenMergingTransactions() {
        DealStore deals = bean(DealStore.class);
        DealContainer deal = deal(id("deal"), ALICE, BOB);
        deals.save(deal);

        deals.mergeTransactions(
                deal.id(),
                new DealTransactions(
                        new DealTransactionsResourceProvider("0xrpagree", null, null, null, null), null, null));
        Optional<DealContainer> merged = deals.mergeTransactions(
                deal.id(),
                new DealTransactions(
                        new DealTransactionsResourceProvider("", "0xresult", null, null, null),
                        new DealTransactionsJobCreator("0xjcagree", null, null, null, null, null),
                        null));

        DealTransactions expected = new DealTransactions(
                new DealTransactionsResourceProvider("0xrpagree", "0xresult", null, null, null),
                new DealTransactionsJobCreator("0xjcagree", null, null, null, null, null),
                null);
        assertThat(merged).get().extracting(DealContainer::transactions).isEqualTo(expected);
        assertThat(deals.find(deal.id()))
                .get()
                .extracting(DealContainer::transactions)
                .isEqualTo(expected);
        assertThat(deals.mergeTransactions("missing", expected)).isEmpty();
    }

    @Test
    void shouldReplaceResultWhenSavedAgainForDeal() {
        ResultStore results = bean(ResultStore.class);
        String dealId = id("deal");
        results.save(new Result("r1", dealId, "d1", "", 10));
        Result second = new Result("r2", dealId, "d2", "", 20);
        results.save(second);

        assertThat(results.find(dealId)).contains(second);
        assertThat(results.find("missing")).isEmpty();
    }

    @Test
    void shouldLoadSavedCursorWhenStreamSaved() {
        ChainCursorStore cursors = bean(ChainCursorStore.class);
        String stream = id("stream");
        assertThat(cursors.load(stream)).isEmpty();

        cursors.save(stream, EventCheckpoint.unchecked(new EventCursor(10, 3)));
        cursors.save(stream, new EventCheckpoint(EventCursor.endOf(12), "0x" + "12".repeat(32)));

        assertThat(cursors.load(stream)).contains(new EventCheckpoint(EventCursor.endOf(12), "0x" + "12".repeat(32)));
    }

    @Test
    void shouldRefuseReplayUntilExpiredWhenNonceUsedAgain() {
        JdbcNonceStore nonces = bean(JdbcNonceStore.class);
        String nonce = id("nonce");
        Instant later = Instant.now().plus(5, ChronoUnit.MINUTES);

        assertThat(nonces.firstUse(ALICE, nonce, later)).isTrue();
        assertThat(nonces.firstUse(ALICE.toLowerCase(), nonce.toUpperCase(), later))
                .isFalse();
        assertThat(nonces.firstUse(BOB, nonce, later)).isTrue();

        String expired = id("nonce");
        assertThat(nonces.firstUse(ALICE, expired, Instant.now().minusSeconds(1)))
                .isTrue();
        assertThat(nonces.purgeExpired()).isPositive();
        assertThat(nonces.firstUse(ALICE, expired, later)).isTrue();
        assertThat(nonces.firstUse(ALICE, expired, later)).isFalse();
    }

    @Test
    void shouldKeepEverythingWhenSolverRestarts() {
        String jobId = id("job");
        String dealId = id("deal");
        String nonce = id("nonce");
        String stream = id("stream");
        bean(OfferStore.class).save(job(jobId, ALICE, 1_000));
        bean(DealStore.class).save(deal(dealId, ALICE, BOB));
        bean(ResultStore.class).save(new Result("r", dealId, "d", "", 1));
        bean(ChainCursorStore.class).save(stream, EventCheckpoint.unchecked(new EventCursor(7, 2)));
        bean(JdbcNonceStore.class).firstUse(ALICE, nonce, Instant.now().plus(5, ChronoUnit.MINUTES));

        context.close();
        context = startSolver();

        assertThat(bean(OfferStore.class).findJobOffer(jobId)).isPresent();
        assertThat(bean(DealStore.class).find(dealId)).isPresent();
        assertThat(bean(ResultStore.class).find(dealId)).isPresent();
        assertThat(bean(ChainCursorStore.class).load(stream))
                .contains(EventCheckpoint.unchecked(new EventCursor(7, 2)));
        assertThat(bean(JdbcNonceStore.class)
                        .firstUse(ALICE, nonce, Instant.now().plus(5, ChronoUnit.MINUTES)))
                .isFalse();
    }
}
