package org.coophive.solver.deals;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.coophive.common.ids.ContentIds;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.JobOffer;
import org.coophive.common.model.JobOfferContainer;
import org.coophive.common.model.ResourceOffer;
import org.coophive.common.model.ResourceOfferContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.model.SolverEvent.EventType;
import org.coophive.contracts.AgreementState;
import org.coophive.solver.ApiFixtures;
import org.coophive.solver.events.EventBus;
import org.coophive.solver.matching.Matcher;
import org.coophive.solver.store.DealFilter;
import org.coophive.solver.store.DealStore;
import org.coophive.solver.store.OfferStore;
import org.coophive.solver.store.ResourceOfferFilter;
import org.coophive.solver.store.StoreOnlyApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The matching pass against the stores on the embedded PostgreSQL. */
class MatchingPassIT {

    @TempDir
    static Path dataDir;

    private static ConfigurableApplicationContext context;

    private final List<SolverEvent> events = new CopyOnWriteArrayList<>();
    private final EventBus bus = new EventBus();
    private final long now = System.currentTimeMillis();
    private OfferStore offers;
    private DealStore deals;

    @BeforeAll
    static void start() {
        context = StoreOnlyApplication.start(dataDir);
    }

    @AfterAll
    static void stop() {
        context.close();
    }

    @BeforeEach
    void emptyStore() {
        context.getBean(JdbcClient.class)
                .sql("TRUNCATE job_offers, resource_offers, deals")
                .update();
        offers = context.getBean(OfferStore.class);
        deals = context.getBean(DealStore.class);
        bus.subscribe(events::add);
    }

    private MatchingPass pass(OfferStore offerStore) {
        return new MatchingPass(
                new Matcher(ApiFixtures.SOLVER, Duration.ofHours(1), Clock.systemUTC()),
                offerStore,
                deals,
                context.getBean(TransactionTemplate.class),
                bus,
                new MatchingMetrics(new SimpleMeterRegistry(), deals));
    }

    private JobOfferContainer storeJob(JobOffer offer) {
        JobOffer withId = offer.withId(ContentIds.of(offer));
        JobOfferContainer container =
                new JobOfferContainer(withId.id(), "", withId.jobCreator(), AgreementState.DEAL_NEGOTIATING, withId);
        offers.save(container);
        return container;
    }

    private ResourceOfferContainer storeResource(ResourceOffer offer) {
        ResourceOffer withId = offer.withId(ContentIds.of(offer));
        ResourceOfferContainer container = new ResourceOfferContainer(
                withId.id(), "", withId.resourceProvider(), AgreementState.DEAL_NEGOTIATING, withId);
        offers.save(container);
        return container;
    }

    @Test
    void shouldStoreTheDealWithBothOffersBookedAndThenTellSubscribersInOrder() {
        JobOfferContainer job = storeJob(ApiFixtures.jobOffer(now));
        ResourceOfferContainer resource = storeResource(ApiFixtures.resourceOffer(now));

        pass(offers).run();

        List<DealContainer> made = deals.find(DealFilter.ALL);
        assertThat(made).singleElement().satisfies(deal -> {
            assertThat(deal.jobOffer()).isEqualTo(job.id());
            assertThat(deal.resourceOffer()).isEqualTo(resource.id());
            assertThat(deal.id()).isEqualTo(ContentIds.of(deal.deal()));
        });
        String dealId = made.get(0).id();
        assertThat(offers.findJobOffer(job.id()).orElseThrow().dealId()).isEqualTo(dealId);
        assertThat(offers.findResourceOffer(resource.id()).orElseThrow().dealId())
                .isEqualTo(dealId);
        assertThat(events)
                .extracting(SolverEvent::eventType)
                .containsExactly(
                        EventType.DEAL_ADDED,
                        EventType.JOB_OFFER_STATE_UPDATED,
                        EventType.RESOURCE_OFFER_STATE_UPDATED);
        assertThat(events.get(1).jobOffer().dealId()).isEqualTo(dealId);
    }

    @Test
    void shouldNeverBookAResourceOfferTwiceAcrossPasses() {
        storeResource(ApiFixtures.resourceOffer(now));
        storeJob(ApiFixtures.jobOffer(now));
        pass(offers).run();
        storeJob(ApiFixtures.jobOffer(now + 1));

        pass(offers).run();
        DealContainer first = deals.find(DealFilter.ALL).get(0);
        deals.changeState(first.id(), AgreementState.RESULTS_ACCEPTED);
        pass(offers).run();

        assertThat(deals.find(DealFilter.ALL)).hasSize(1);
        assertThat(offers.findJobOffers(new org.coophive.solver.store.JobOfferFilter("", true)))
                .as("the second job waits for a new resource offer")
                .hasSize(1);
    }

    @Test
    void shouldLeaveNoHalfDealWhenAnOfferIsWithdrawnDuringThePass() {
        JobOfferContainer job = storeJob(ApiFixtures.jobOffer(now));
        ResourceOfferContainer resource = storeResource(ApiFixtures.resourceOffer(now));
        // The provider withdraws its offer after the pass read it, before the deal is stored.
        OfferStore racing = new OfferStore(context.getBean(JdbcClient.class), context.getBean(JsonMapper.class)) {
            @Override
            public List<ResourceOfferContainer> findResourceOffers(ResourceOfferFilter filter) {
                List<ResourceOfferContainer> read = super.findResourceOffers(filter);
                withdrawResourceOffer(resource.id());
                return read;
            }
        };

        pass(racing).run();

        assertThat(deals.find(DealFilter.ALL)).as("the deal rolled back").isEmpty();
        assertThat(offers.findJobOffer(job.id()).orElseThrow().dealId())
                .as("the job is free for the next offer")
                .isEmpty();
        assertThat(events).isEmpty();
    }

    @Test
    void shouldNotMatchAWithdrawnOffer() {
        storeJob(ApiFixtures.jobOffer(now));
        ResourceOfferContainer resource = storeResource(ApiFixtures.resourceOffer(now));
        offers.withdrawResourceOffer(resource.id());

        pass(offers).run();

        assertThat(deals.find(DealFilter.ALL)).isEmpty();
    }

    @Test
    void shouldDropExpiredUnmatchedOffersAndTellSubscribers() {
        JobOfferContainer stale =
                storeJob(ApiFixtures.jobOffer(now - Duration.ofHours(2).toMillis()));
        ResourceOfferContainer staleResource = storeResource(
                ApiFixtures.resourceOffer(now - Duration.ofHours(2).toMillis()));

        pass(offers).run();

        assertThat(offers.findJobOffer(stale.id())).isEmpty();
        assertThat(offers.findResourceOffer(staleResource.id())).isEmpty();
        assertThat(deals.find(DealFilter.ALL)).isEmpty();
        assertThat(events)
                .containsExactly(
                        SolverEvent.of(EventType.JOB_OFFER_EXPIRED, stale),
                        SolverEvent.of(EventType.RESOURCE_OFFER_EXPIRED, staleResource));
    }
}
