package org.coophive.resourceprovider;

import com.github.dockerjava.api.DockerClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Clock;
import org.coophive.common.chain.ChainClientOptions;
import org.coophive.common.chain.Web3ChainClient;
import org.coophive.common.chain.Web3Properties;
import org.coophive.common.config.PricingOptions;
import org.coophive.common.config.ServiceParties;
import org.coophive.common.config.SolverLocator;
import org.coophive.common.model.DealTimeouts;
import org.coophive.common.signing.RequestSigner;
import org.coophive.common.solver.HttpSolverClient;
import org.coophive.common.solver.SolverClient;
import org.coophive.executor.Executor;
import org.coophive.executor.bacalhau.BacalhauExecutor;
import org.coophive.executor.docker.DockerExecutor;
import org.coophive.executor.module.ModuleLoader;
import org.coophive.resourceprovider.config.CheckedConfiguration;
import org.coophive.resourceprovider.config.EnvironmentValues;
import org.coophive.resourceprovider.config.ExecutorProperties;
import org.coophive.resourceprovider.config.InvalidConfigurationException;
import org.coophive.resourceprovider.config.OfferProperties;
import org.coophive.resourceprovider.config.ProviderProperties;
import org.coophive.resourceprovider.deals.DealJournal;
import org.coophive.resourceprovider.deals.DealReconciler;
import org.coophive.resourceprovider.deals.DealTriggers;
import org.coophive.resourceprovider.deals.ReconcileLoop;
import org.coophive.resourceprovider.health.ChainHealthIndicator;
import org.coophive.resourceprovider.health.DockerHealthIndicator;
import org.coophive.resourceprovider.health.SolverHealthIndicator;
import org.coophive.resourceprovider.jobs.JobRunner;
import org.coophive.resourceprovider.offers.ResourceOffers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Puts the provider together from its configuration and starts the reconciler once ready. */
@Configuration(proxyBeanMethods = false)
class ProviderWiring {

    private static final Logger log = LoggerFactory.getLogger(ProviderWiring.class);

    @Bean
    DealJournal dealJournal(ProviderProperties provider) {
        return new DealJournal(provider.dataDir());
    }

    /** Connects only once the whole configuration is valid. */
    @Bean(destroyMethod = "close")
    Web3ChainClient chainClient(CheckedConfiguration config, DealJournal journal) {
        log.info(
                "resource provider configuration: {} slot(s) of {}, solver {}, mediators {}, executor {}, data in {}",
                config.offer().count(),
                config.offer().spec(),
                config.parties().solver(),
                config.parties().mediators(),
                config.executor().kind(),
                config.provider().dataDir());
        return Web3ChainClient.connect(
                config.web3(), ChainClientOptions.defaults().withTransactionListener(journal));
    }

    @Bean
    URI solverUrl(Web3ChainClient chain, ServiceParties parties, Environment environment) {
        try {
            return SolverLocator.locate(chain, parties, new EnvironmentValues(environment));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InvalidConfigurationException(e.getMessage(), e);
        }
    }

    @Bean
    SolverClient solverClient(URI solverUrl, Web3Properties web3) {
        return new HttpSolverClient(solverUrl, new RequestSigner(web3.credentials()));
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = ExecutorProperties.EXECUTOR, havingValue = "docker", matchIfMissing = true)
    DockerClient dockerClient() {
        return DockerExecutor.localEngine();
    }

    @Bean
    @ConditionalOnProperty(name = ExecutorProperties.EXECUTOR, havingValue = "docker", matchIfMissing = true)
    DockerHealthIndicator dockerHealthIndicator(DockerClient docker) {
        return new DockerHealthIndicator(docker);
    }

    @Bean
    Executor executor(ExecutorProperties settings, ObjectProvider<DockerClient> docker) {
        return switch (settings.kind()) {
            case DOCKER -> new DockerExecutor(docker.getObject(), settings.imagePolicy());
            case BACALHAU -> new BacalhauExecutor(settings.bacalhauApi());
        };
    }

    @Bean(destroyMethod = "close")
    JobRunner jobRunner(Executor executor, ProviderProperties provider, OfferProperties offer, MeterRegistry meters) {
        return new JobRunner(
                executor,
                new ModuleLoader(provider.dataDir().resolve("modules")),
                provider.dataDir(),
                offer.count(),
                provider.testModeWrongResults(),
                meters);
    }

    @Bean
    ResourceOffers resourceOffers(
            SolverClient solver,
            Web3ChainClient chain,
            OfferProperties offer,
            ServiceParties parties,
            PricingOptions pricing,
            DealTimeouts timeouts,
            ProviderProperties provider) {
        return new ResourceOffers(
                solver, chain.address(), offer, parties, pricing, timeouts, provider.dataDir(), Clock.systemUTC());
    }

    @Bean(destroyMethod = "close")
    ReconcileLoop reconcileLoop(ObjectProvider<DealReconciler> reconciler, ProviderProperties provider) {
        return new ReconcileLoop(() -> reconciler.getObject().pass(), provider.reconcileInterval());
    }

    @Bean
    DealReconciler dealReconciler(
            SolverClient solver,
            Web3ChainClient chain,
            ResourceOffers offers,
            JobRunner jobs,
            DealJournal journal,
            ServiceParties parties,
            MeterRegistry meters,
            ReconcileLoop loop) {
        return new DealReconciler(solver, chain, offers, jobs, journal, parties, meters, loop::trigger);
    }

    @Bean(destroyMethod = "close")
    DealTriggers dealTriggers(URI solverUrl, Web3ChainClient chain, DealReconciler reconciler, ReconcileLoop loop) {
        return new DealTriggers(solverUrl, chain.events(), chain.address(), reconciler, loop);
    }

    @Bean
    ApplicationRunner startReconciling(
            ReconcileLoop loop, DealTriggers triggers, ProviderProperties provider, OfferProperties offer) {
        return args -> {
            if (provider.testModeWrongResults()) {
                log.warn(
                        "TEST MODE (TEST_MODE_WRONG_RESULTS=true): this provider posts deliberately WRONG results."
                                + " Its results collateral will be slashed when a mediator checks them. Never use it on a real network.");
            }
            log.info(
                    "resource provider ready: {} slot(s) of {}, data in {}",
                    offer.count(),
                    offer.spec(),
                    provider.dataDir());
            loop.start();
        };
    }

    @Bean
    ChainHealthIndicator chainHealthIndicator(Web3ChainClient chain) {
        return new ChainHealthIndicator(chain);
    }

    @Bean
    SolverHealthIndicator solverHealthIndicator(SolverClient solver, URI solverUrl, Web3ChainClient chain) {
        return new SolverHealthIndicator(solver, solverUrl, chain.address());
    }
}
