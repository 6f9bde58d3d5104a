package org.coophive.resourceprovider;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.model.DealContainer;
import org.coophive.common.testing.Await;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.executor.docker.DockerExecutor;
import org.coophive.executor.docker.DockerLeftovers;
import org.coophive.resourceprovider.testing.NetworkScenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider killed with SIGKILL while its job runs (a real process, no cleanup of any kind),
 * then started again on the same data folder: the job's container is picked up, not started a
 * second time, and the deal completes with exactly one {@code addResult}.
 */
class ResourceProviderCrashIT {

    @RegisterExtension
    static final ChainFixture chain = ChainFixture.perClass();

    @TempDir
    Path tmp;

    NetworkScenario network;
    DockerClient docker;
    Process provider;

    @BeforeEach
    void start() throws Exception {
        network = new NetworkScenario(chain);
        docker = DockerExecutor.localEngine();
    }

    @AfterEach
    void stop() throws Exception {
        if (provider != null) {
            provider.destroyForcibly();
            provider.waitFor(30, TimeUnit.SECONDS);
        }
        DockerLeftovers.removeOf(docker, tmp.resolve("data"));
        network.close();
        docker.close();
    }

    /** Starts the provider in its own JVM, as {@code java -jar} would. */
    private Process startProvider(Path dataDir, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ResourceProviderApplication.class.getName(),
                        "--server.port=0")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(network.providerEnvironment(dataDir));
        return builder.start();
    }

    private List<Container> jobContainers(String dealId) {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(Map.of(DockerExecutor.JOB_LABEL, dealId))
                .exec();
    }

    private boolean runsTheModule(Container container) {
        if (!"running".equals(container.getState())) return false;
        var top = docker.topContainerCmd(container.getId()).exec();
        return top.getProcesses() != null
                && Arrays.stream(top.getProcesses())
                        .map(process -> String.join(" ", process))
                        // The gate's own command line names the module's too (after "--"): not yet the job.
                        .anyMatch(command -> command.contains("sleep") && !command.contains("/.coophive/"));
    }

    @Test
    void shouldFinishTheDealWithOneAddResultWhenKilledMidJobAndRestarted() throws Exception {
        Path dataDir = tmp.resolve("data");
        provider = startProvider(dataDir, tmp.resolve("first.log"));
        DealContainer deal = network.postJob("slow-cowsay:v0.0.1", Map.of("Message", "still here", "Seconds", "4"));
        DealTerms terms = network.terms(deal);
        network.awaitProviderAgreed(deal);
        network.jc.agree(terms);
        // Mid-job: the module's own process runs (a container prepared while the agreements mined
        // waits at its gate first, and a job that never passed it is simply run again).
        Await.until(Duration.ofSeconds(30), "the job running in its container", () -> jobContainers(deal.id()).stream()
                .anyMatch(this::runsTheModule));

        provider.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(provider.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(jobContainers(deal.id())).as("the job outlives its provider").hasSize(1);
        assertThat(network.agreement(deal).state()).isEqualTo(AgreementState.DEAL_AGREED);

        Path secondLog = tmp.resolve("second.log");
        provider = startProvider(dataDir, secondLog);
        network.awaitState(deal, AgreementState.RESULTS_SUBMITTED, Duration.ofSeconds(90));
        Await.until(Duration.ofSeconds(30), "the container to be removed", () -> jobContainers(deal.id())
                .isEmpty());

        String log = Files.readString(secondLog, StandardCharsets.UTF_8);
        assertThat(log).contains("job " + deal.id() + " is already in container");
        assertThat(network.resultsAdded(deal)).isEqualTo(1);
        byte[] tar = network.solver.storedFiles(deal.id()).orElseThrow();
        assertThat(new String(tar, StandardCharsets.UTF_8)).contains("< still here >");

        BigInteger before = network.tokens(DevAccounts.resourceProvider().address());
        network.jc.acceptResult(terms);
        assertThat(network.agreement(deal).state()).isEqualTo(AgreementState.RESULTS_ACCEPTED);
        BigInteger count = network.agreement(deal).instructionCount();
        assertThat(network.tokens(DevAccounts.resourceProvider().address()).subtract(before))
                .isEqualTo(terms.jobCost(count).min(terms.paymentCollateral()).add(terms.resultsCollateral(count)));
        assertThat(countOccurrences(log, "sent agree")).as("no second agree").isZero();
        assertThat(countOccurrences(log, "sent addResult")).isEqualTo(1);
    }

    private static int countOccurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) count++;
        return count;
    }
}
