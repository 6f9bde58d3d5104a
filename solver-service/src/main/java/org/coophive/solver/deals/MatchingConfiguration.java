package org.coophive.solver.deals;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.reconcile.PassLoop;
import org.coophive.solver.config.SolverProperties;
import org.coophive.solver.events.EventBus;
import org.coophive.solver.matching.Matcher;
import org.coophive.solver.store.DealStore;
import org.coophive.solver.store.OfferStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** The matcher of this solver (its address from {@code WEB3_PRIVATE_KEY}) and the loop that runs it. */
@Configuration(proxyBeanMethods = false)
class MatchingConfiguration {

    @Bean
    Matcher matcher(Web3Properties web3, SolverProperties solver, Clock clock) {
        return new Matcher(web3.address(), solver.offerExpiry(), clock);
    }

    @Bean
    MatchingMetrics matchingMetrics(MeterRegistry registry, DealStore deals) {
        return new MatchingMetrics(registry, deals);
    }

    @Bean
    PassLoop matchingLoop(
            Matcher matcher,
            OfferStore offers,
            DealStore deals,
            TransactionTemplate transactions,
            EventBus events,
            MatchingMetrics metrics,
            SolverProperties solver) {
        return new PassLoop(
                "solver-matching",
                solver.matchInterval(),
                new MatchingPass(matcher, offers, deals, transactions, events, metrics));
    }
}
