package org.coophive.jobcreator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.health.DependencyHealthAutoConfiguration;
import org.coophive.common.health.TimedHealthIndicator;
import org.coophive.common.reconcile.SolverEndpoint;
import org.coophive.common.solver.FakeSolver;
import org.coophive.common.solver.SolverClient;
import org.coophive.common.testing.FakeChain;
import org.coophive.contracts.DevAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The daemon's health checks: common's chain and solver checks, with the job creator's details. */
class HealthConfigurationTest {

    private static final URI SOLVER_URL = URI.create("http://127.0.0.1:8080");

    private final FakeChain chain = new FakeChain();
    private final FakeSolver solver = new FakeSolver();

    private final ApplicationContextRunner daemon = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DependencyHealthAutoConfiguration.class))
            .withUserConfiguration(HealthConfiguration.class)
            .withBean(ChainClient.class, () -> chain.as(DevAccounts.jobCreator().address()))
            .withBean(SolverClient.class, () -> solver);

    @AfterEach
    void stop() {
        solver.slow(Duration.ZERO);
    }

    @Test
    void shouldShowTheChainAndTheSolverWithTheOffersWaitingForAMatch() {
        daemon.withBean(SolverEndpoint.class, () -> new SolverEndpoint(SOLVER_URL))
                .run(context -> {
                    Health chainHealth = context.getBean("chainHealthIndicator", HealthIndicator.class)
                            .health();
                    Health solverHealth = context.getBean("solverHealthIndicator", HealthIndicator.class)
                            .health();

                    assertThat(chainHealth.getStatus()).isEqualTo(Status.UP);
                    assertThat(chainHealth.getDetails())
                            .containsEntry("address", DevAccounts.jobCreator().address());
                    assertThat(solverHealth.getStatus()).isEqualTo(Status.UP);
                    assertThat(solverHealth.getDetails())
                            .containsEntry("url", SOLVER_URL.toString())
                            .containsEntry("openOffers", 0);
                });
    }

    @Test
    void shouldAnswerDownWithinTheDeadlineWhenTheSolverIsSlow() {
        solver.slow(TimedHealthIndicator.DEADLINE.plusSeconds(3));
        daemon.withBean(SolverEndpoint.class, () -> new SolverEndpoint(SOLVER_URL))
                .run(context -> {
                    long start = System.nanoTime();

                    Health health = context.getBean("solverHealthIndicator", HealthIndicator.class)
                            .health();

                    assertThat(Duration.ofNanos(System.nanoTime() - start))
                            .isLessThan(TimedHealthIndicator.DEADLINE.plusSeconds(2));
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                });
    }

    @Test
    void shouldHaveNoSolverCheckWithoutASolverEndpoint() {
        daemon.run(context -> {
            assertThat(context).hasBean("chainHealthIndicator");
            assertThat(context).doesNotHaveBean("solverHealthIndicator");
        });
    }
}
