package org.coophive.solver.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.ChainUnavailableException;
import org.coophive.common.health.DependencyHealthAutoConfiguration;
import org.coophive.common.health.TimedHealthIndicator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The solver's health checks of the chain and its database: up when they answer, DOWN quickly when not. */
class SolverHealthConfigurationTest {

    private static final String ADDRESS = "0x" + "b".repeat(40);

    /** Released after each test, so hanging dependencies let their threads go. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHangingDependencies() {
        release.countDown();
    }

    private ChainClient chain(boolean answers) {
        return proxy(ChainClient.class, (method, args) -> switch (method) {
            case "address" -> ADDRESS;
            case "blockNumber" -> {
                if (answers) yield 7L;
                release.await();
                throw new ChainUnavailableException("released", null);
            }
            default -> throw new UnsupportedOperationException(method);
        });
    }

    private DataSource database(boolean answers) {
        DatabaseMetaData meta = proxy(DatabaseMetaData.class, (method, args) -> switch (method) {
            case "getDatabaseProductName" -> "PostgreSQL";
            default -> throw new UnsupportedOperationException(method);
        });
        Connection connection = proxy(Connection.class, (method, args) -> switch (method) {
            case "isValid" -> true;
            case "getMetaData" -> meta;
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method);
        });
        return proxy(DataSource.class, (method, args) -> {
            if (!method.equals("getConnection")) throw new UnsupportedOperationException(method);
            if (answers) return connection;
            release.await();
            throw new SQLException("released");
        });
    }

    private Health health(String bean, ChainClient chain, DataSource database) {
        Health[] health = new Health[1];
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DependencyHealthAutoConfiguration.class))
                .withUserConfiguration(SolverHealthConfiguration.class)
                .withBean(ChainClient.class, () -> chain)
                .withBean(DataSource.class, () -> database)
                .run(context ->
                        health[0] = context.getBean(bean, HealthIndicator.class).health());
        return health[0];
    }

    @Test
    void shouldBeUpWithTheBlockAndTheDatabaseWhenBothAnswer() {
        Health chain = health("chainHealthIndicator", chain(true), database(true));
        Health db = health("dbHealthIndicator", chain(true), database(true));

        assertThat(chain.getStatus()).isEqualTo(Status.UP);
        assertThat(chain.getDetails()).containsEntry("block", 7L).containsEntry("address", ADDRESS);
        assertThat(db.getStatus()).isEqualTo(Status.UP);
        assertThat(db.getDetails()).containsEntry("database", "PostgreSQL");
    }

    @Test
    void shouldBeDownWithinTheDeadlineWhenTheChainDoesNotAnswer() {
        long start = System.nanoTime();

        Health chain = health("chainHealthIndicator", chain(false), database(true));

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(TimedHealthIndicator.DEADLINE.plusSeconds(2));
        assertThat(chain.getStatus()).isEqualTo(Status.DOWN);
        assertThat(chain.getDetails()).containsEntry("error", "no answer within 2000 ms");
    }

    @Test
    void shouldBeDownWithinTheDeadlineWhenTheDatabaseDoesNotAnswer() {
        long start = System.nanoTime();

        Health db = health("dbHealthIndicator", chain(true), database(false));

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isLessThan(TimedHealthIndicator.DEADLINE.plusSeconds(2));
        assertThat(db.getStatus()).isEqualTo(Status.DOWN);
        assertThat(db.getDetails()).containsEntry("error", "no answer within 2000 ms");
    }

    /** A method handler of one interface: the method's name and arguments to its answer. */
    @FunctionalInterface
    private interface Answer {
        Object answer(String method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, Answer answer) {
        return type.cast(Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (proxy, method, args) -> answer.answer(method.getName(), args)));
    }
}
