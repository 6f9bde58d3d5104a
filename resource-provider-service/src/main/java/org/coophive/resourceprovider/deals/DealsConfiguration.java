package org.coophive.resourceprovider.deals;

import io.micrometer.core.instrument.MeterRegistry;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.ChainEvents;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.model.DealContainer;
import org.coophive.common.model.SolverEvent;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.common.reconcile.ReconcileTriggers;
import org.coophive.common.reconcile.SolverEndpoint;
import org.coophive.common.reconcile.WorkLanes;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.solver.SolverEventFilter;
import org.coophive.resourceprovider.config.OfferProperties;
import org.coophive.resourceprovider.config.ProviderProperties;
import org.coophive.resourceprovider.jobs.JobRunner;
import org.coophive.resourceprovider.offers.ResourceOffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The reconciler, its journal, its loop and what triggers it (common's reconciler kit). */
@Configuration(proxyBeanMethods = false)
class DealsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DealsConfiguration.class);

    @Bean(destroyMethod = "close")
    DataFolderLock dataFolderLock(ProviderProperties provider) {
        return DataFolderLock.acquire(provider.dataDir());
    }

    @Bean
    DealJournal dealJournal(ProviderProperties provider, DataFolderLock lock) {
        return new DealJournal(provider.dataDir());
    }

    /** Started with the application, stopped before the clients close. */
    @Bean
    PassLoop reconcileLoop(ObjectProvider<DealReconciler> reconciler, ProviderProperties provider) {
        return new PassLoop("rp-reconciler", provider.reconcileInterval(), () -> reconciler
                .getObject()
                .pass());
    }

    @Bean
    DealReconciler dealReconciler(
            SolverClient solver,
            ChainClient chain,
            ResourceOffers offers,
            JobRunner jobs,
            DealJournal journal,
            ServiceParties parties,
            MeterRegistry meters,
            PassLoop loop,
            WorkLanes dealLanes) {
        return new DealReconciler(solver, chain, offers, jobs, journal, parties, meters, loop::trigger, dealLanes);
    }

    /**
     * Each deal's turn on its own lane, so a deal waiting for a receipt holds up no other: twice as
     * many threads as slots (a slot's deal running, another settling), at least four.
     */
    @Bean
    WorkLanes dealLanes(OfferProperties offer) {
        return WorkLanes.pooled("rp-deal", Math.max(4, 2 * offer.count()));
    }

    /**
     * The solver's events about this provider's deals and the chain's {@code DealStateChange}
     * events of deals in the journal each give that deal a turn; every reconnect to the solver
     * (missed events are not replayed) asks for a pass. A job's end gives its deal a turn; a freed slot
     * posts its offer again (no pass: nothing else changed).
     */
    @Bean
    ReconcileTriggers dealTriggers(
            SolverEndpoint solverEndpoint,
            ChainEvents events,
            ChainClient chain,
            DealReconciler reconciler,
            PassLoop loop) {
        return ReconcileTriggers.of(loop::trigger)
                .solverEvents(
                        solverEndpoint.url(),
                        SolverEventFilter.addresses(chain.address()),
                        ReconcileTriggers.dealsNaming(DealContainer::resourceProvider, chain.address())
                                // Its own result posted: nothing new for it (the job creator fetches it).
                                .and(event -> event.eventType() != SolverEvent.EventType.DEAL_RESULT_POSTED),
                        event -> reconciler.dealChanged(event.deal()))
                .dealStateChanges(
                        events,
                        event -> reconciler.concerns(event.event().dealKey()),
                        event -> reconciler.dealChanged(event.event().dealKey()))
                .build();
    }

    @Bean
    ApplicationRunner announceReady(ProviderProperties provider, OfferProperties offer) {
        return args -> {
            if (provider.testModeWrongResults()) {
                log.warn("TEST MODE (TEST_MODE_WRONG_RESULTS=true): this provider posts deliberately WRONG results."
                        + " Its results collateral will be slashed when a mediator checks them."
                        + " Never use it on a real network.");
            }
            log.info(
                    "resource provider ready: {} slot(s) of {}, data in {}",
                    offer.count(),
                    offer.spec(),
                    provider.dataDir());
        };
    }
}
