package org.coophive.jobcreator.onchain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coophive.common.chain.JobAdded;
import org.coophive.common.chain.OnChainJob;
import org.coophive.common.chain.OnChainJobStatus;
import org.coophive.jobcreator.deals.InMemoryJobStore;
import org.coophive.jobcreator.deals.Job;
import org.coophive.jobcreator.deals.JobCreatorEngine;
import org.coophive.jobcreator.deals.Outcome;
import org.coophive.jobcreator.testing.Network;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnChainJobsTest {

    @TempDir
    Path dataDir;

    Network net;
    JobCreatorEngine engine;
    OnChainJobs onChain;

    @BeforeEach
    void setUp() {
        net = new Network(dataDir);
        engine = net.engine(Network.settings(dataDir, 0), new InMemoryJobStore());
        onChain = new OnChainJobs(net.jc, null, engine, dataDir.resolve("cursor.json"), BigInteger.TWO, () -> {});
    }

    @AfterEach
    void tearDown() {
        onChain.close();
    }

    /** A contract (played by the mediator's dev account) that pays for its jobs. */
    private String client() {
        String client = Network.MEDIATOR;
        net.chain.funded(client).approve(net.jc.addresses().jobCreator(), BigInteger.TEN);
        return client;
    }

    @Test
    void shouldSetTheDepositAndTurnEachJobAddedIntoAJobWhenStarted() {
        onChain = new OnChainJobs(
                net.jc, net.chain.events(), engine, dataDir.resolve("cursor.json"), BigInteger.TWO, () -> {});
        onChain.start();
        String client = client();

        BigInteger id = net.chain.runJob(client, "cowsay:v0.0.1", List.of("Message=moo"), client);

        assertThat(net.jc.calls()).containsExactly("setRequiredDeposit");
        assertThat(net.jc.getJob(id).orElseThrow().deposit()).isEqualTo(BigInteger.TWO);
        assertThat(engine.list()).singleElement().satisfies(job -> {
            assertThat(job.onChainJobId()).isEqualTo(id.toString());
            assertThat(job.inputs()).containsEntry("Message", "moo");
        });
    }

    @Test
    void shouldStayOffWhenThisKeyDoesNotControlTheOnChainJobCreator() {
        net.chain.controlJobs(Network.RP);
        onChain = new OnChainJobs(
                net.jc, net.chain.events(), engine, dataDir.resolve("cursor.json"), BigInteger.TWO, () -> {});
        onChain.start();
        String client = client();

        net.chain.runJob(client, "cowsay:v0.0.1", List.of(), client);

        assertThat(net.jc.calls()).isEmpty();
        assertThat(engine.list()).isEmpty();
    }

    private JobAdded requested(long id, String module, List<String> inputs) {
        net.chain.addJob(new OnChainJob(
                BigInteger.valueOf(id),
                Network.RP,
                Network.JC,
                BigInteger.TWO,
                OnChainJobStatus.PENDING,
                module,
                inputs));
        return new JobAdded(BigInteger.valueOf(id), Network.RP, Network.JC, module, inputs);
    }

    @Test
    void shouldKeepEqualsSignsInValuesWhenSplittingInputs() {
        Map<String, String> inputs = new LinkedHashMap<>();

        assertThat(OnChainJobs.parseInputs(List.of("Message=a=b", "Empty="), inputs))
                .isNull();
        assertThat(inputs).containsEntry("Message", "a=b").containsEntry("Empty", "");
        assertThat(OnChainJobs.parseInputs(List.of("novalue"), new LinkedHashMap<>()))
                .contains("not KEY=value");
    }

    @Test
    void shouldRefuseToStartNamingTheFileWhenTheCursorIsDamaged() throws Exception {
        // It used to warn and read every JobAdded again from the first block.
        Files.writeString(dataDir.resolve("cursor.json"), "{\"block_number\":");

        assertThatThrownBy(onChain::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(dataDir.resolve("cursor.json").toString())
                .hasMessageContaining("delete it");
    }

    @Test
    void shouldMakeOneJobKeyedByTheOnChainIdWhenTheEventIsDeliveredTwice() {
        JobAdded added = requested(4, "cowsay:v0.0.1", List.of("Message=moo"));

        onChain.handle(added);
        onChain.handle(added);

        assertThat(engine.list()).singleElement().satisfies(job -> {
            assertThat(job.onChainJobId()).isEqualTo("4");
            assertThat(job.inputs()).containsEntry("Message", "moo");
            assertThat(job.offer().module().name()).isEqualTo("cowsay:v0.0.1");
        });
    }

    @Test
    void shouldRefundThePayeeWhenTheModuleCannotBeLoaded() {
        onChain.handle(requested(9, "nope:v1", List.of()));

        engine.pass();

        Job job = engine.list().get(0);
        assertThat(job.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(net.jc.calls()).containsExactly("refundJob:9");
    }

    @Test
    void shouldIgnoreARequestThatIsNoLongerPending() {
        JobAdded added = requested(5, "cowsay:v0.0.1", List.of());
        net.chain.addJob(new OnChainJob(
                BigInteger.valueOf(5),
                Network.RP,
                Network.JC,
                BigInteger.TWO,
                OnChainJobStatus.REFUNDED,
                "cowsay:v0.0.1",
                List.of()));

        onChain.handle(added);

        assertThat(engine.list()).isEmpty();
    }
}
