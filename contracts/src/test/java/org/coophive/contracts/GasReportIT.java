package org.coophive.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.coophive.contracts.testing.ChainFixture;
import org.coophive.contracts.testing.Party;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * The gas benchmark: runs every workflow on a fresh deployment and writes
 * {@code target/gas-report.md} with the gas of each call and the total per job, counting every
 * transaction both parties send. Figures, not assertions: the test only checks that each
 * workflow ended where it should.
 *
 * <p>Run alone with {@code ./mvnw -pl contracts verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=GasReportIT}.
 */
class GasReportIT {

    private static final BigInteger UNLIMITED = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    static ChainFixture chain;
    static final Map<String, List<Call>> workflows = new LinkedHashMap<>();
    static final Map<String, Long> standingApprovals = new LinkedHashMap<>();

    record Call(String party, String function, long gas) {}

    @BeforeAll
    static void startChain() throws Exception {
        chain = ChainFixture.start();
    }

    @AfterAll
    static void writeReport() throws IOException {
        try {
            String report = report();
            Path file = Path.of("target", "gas-report.md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, report);
            System.out.println(report);
            System.out.println("gas report written to " + file.toAbsolutePath());
        } finally {
            chain.close();
        }
    }

    @Test
    void shouldMeasureEveryWorkflow() throws Exception {
        Party jc = chain.jobCreator();
        Party rp = chain.resourceProvider();
        Party mediator = chain.mediator();
        TestDeal terms = TestDeal.between("gas", chain.solver(), jc, rp, mediator);

        // Per-job approvals: each party approves exactly what the job needs, before each step.
        List<Call> first = new ArrayList<>();
        runAccepted(terms.withId("gas-first"), first, true);
        workflows.put("accepted job, per-job approvals, first deal on a fresh escrow", first);

        // Another deal stays open from here on, as on a live network (escrow balance never zero).
        TestDeal background = terms.withId("gas-background");
        approve(jc, UNLIMITED, new ArrayList<>());
        approve(rp, UNLIMITED, new ArrayList<>());
        jc.controller().agree(background.toContract()).send();

        List<Call> perJob = new ArrayList<>();
        resetAllowances(jc, rp);
        runAccepted(terms.withId("gas-per-job"), perJob, true);
        workflows.put("accepted job, per-job approvals", perJob);

        List<Call> mediatedPerJob = new ArrayList<>();
        TestDeal mediated = terms.withId("gas-mediated-per-job");
        approve(jc, mediated.paymentCollateral().add(mediated.judgeResultsCollateral()), mediatedPerJob);
        approve(rp, mediated.submitResultsCollateral(), mediatedPerJob);
        record(mediatedPerJob, jc, "agree", jc.controller().agree(mediated.toContract()));
        record(mediatedPerJob, rp, "agree", rp.controller().agree(mediated.toContract()));
        approve(rp, mediated.resultsCollateral(1).subtract(mediated.submitResultsCollateral()), mediatedPerJob);
        record(mediatedPerJob, rp, "addResult", addResult(rp, mediated));
        // checkResult nets the judge collateral refund against the fee: an approval only if the fee is larger.
        BigInteger checkPull = mediated.mediationFee().subtract(mediated.judgeResultsCollateral());
        if (checkPull.signum() > 0) approve(jc, checkPull, mediatedPerJob);
        record(mediatedPerJob, jc, "checkResult", jc.controller().checkResult(mediated.toContract()));
        record(
                mediatedPerJob,
                mediator,
                "mediationAcceptResult",
                mediator.controller().mediationAcceptResult(mediated.toContract()));
        assertState(mediated, AgreementState.MEDIATION_ACCEPTED);
        workflows.put("mediated job, results correct, per-job approvals", mediatedPerJob);

        standingApprovals.put("JC approve(payments, max)", approve(jc, UNLIMITED, new ArrayList<>()));
        standingApprovals.put("RP approve(payments, max)", approve(rp, UNLIMITED, new ArrayList<>()));
        standingApprovals.put("mediator: none needed", 0L);

        List<Call> accepted = new ArrayList<>();
        runAccepted(terms.withId("gas-accepted"), accepted, false);
        workflows.put("accepted job, standing allowances", accepted);

        for (boolean correct : new boolean[] {true, false}) {
            TestDeal deal = terms.withId("gas-mediated-" + correct);
            List<Call> calls = new ArrayList<>();
            agreeAndSubmit(deal, calls);
            record(calls, jc, "checkResult", jc.controller().checkResult(deal.toContract()));
            record(
                    calls,
                    mediator,
                    correct ? "mediationAcceptResult" : "mediationRejectResult",
                    correct
                            ? mediator.controller().mediationAcceptResult(deal.toContract())
                            : mediator.controller().mediationRejectResult(deal.toContract()));
            assertState(deal, correct ? AgreementState.MEDIATION_ACCEPTED : AgreementState.MEDIATION_REJECTED);
            workflows.put("mediated job, results " + (correct ? "correct" : "wrong") + ", standing allowances", calls);
        }

        TestDeal agreeTimeout = terms.withId("gas-timeout-agree");
        List<Call> calls = new ArrayList<>();
        record(calls, jc, "agree", jc.controller().agree(agreeTimeout.toContract()));
        chain.increaseTime(TestDeal.DEFAULT_TIMEOUT + 1);
        record(calls, jc, "timeoutAgree", jc.controller().timeoutAgree(agreeTimeout.toContract()));
        assertState(agreeTimeout, AgreementState.TIMEOUT_AGREE);
        workflows.put("timeout: agree (JC had agreed)", calls);

        TestDeal submitTimeout = terms.withId("gas-timeout-submit");
        calls = new ArrayList<>();
        record(calls, jc, "agree", jc.controller().agree(submitTimeout.toContract()));
        record(calls, rp, "agree", rp.controller().agree(submitTimeout.toContract()));
        chain.increaseTime(TestDeal.DEFAULT_TIMEOUT + 1);
        record(calls, jc, "timeoutSubmitResults", jc.controller().timeoutSubmitResults(submitTimeout.toContract()));
        assertState(submitTimeout, AgreementState.TIMEOUT_SUBMIT_RESULTS);
        workflows.put("timeout: submit results", calls);

        TestDeal judgeTimeout = terms.withId("gas-timeout-judge");
        calls = new ArrayList<>();
        agreeAndSubmit(judgeTimeout, calls);
        chain.increaseTime(TestDeal.DEFAULT_TIMEOUT + 1);
        record(calls, rp, "timeoutJudgeResults", rp.controller().timeoutJudgeResults(judgeTimeout.toContract()));
        assertState(judgeTimeout, AgreementState.TIMEOUT_JUDGE_RESULTS);
        workflows.put("timeout: judge results", calls);

        TestDeal mediateTimeout = terms.withId("gas-timeout-mediate");
        calls = new ArrayList<>();
        agreeAndSubmit(mediateTimeout, calls);
        record(calls, jc, "checkResult", jc.controller().checkResult(mediateTimeout.toContract()));
        chain.increaseTime(TestDeal.DEFAULT_TIMEOUT + 1);
        record(calls, rp, "timeoutMediateResults", rp.controller().timeoutMediateResults(mediateTimeout.toContract()));
        assertState(mediateTimeout, AgreementState.TIMEOUT_MEDIATE_RESULTS);
        workflows.put("timeout: mediate results", calls);
    }

    private void runAccepted(TestDeal deal, List<Call> calls, boolean perJobApprovals) throws Exception {
        Party jc = chain.jobCreator();
        Party rp = chain.resourceProvider();
        if (perJobApprovals) {
            approve(jc, deal.paymentCollateral().add(deal.judgeResultsCollateral()), calls);
            approve(rp, deal.submitResultsCollateral(), calls);
        }
        record(calls, jc, "agree", jc.controller().agree(deal.toContract()));
        record(calls, rp, "agree", rp.controller().agree(deal.toContract()));
        if (perJobApprovals) {
            approve(rp, deal.resultsCollateral(1).subtract(deal.submitResultsCollateral()), calls);
        }
        record(calls, rp, "addResult", addResult(rp, deal));
        record(calls, jc, "acceptResult", jc.controller().acceptResult(deal.toContract()));
        assertState(deal, AgreementState.RESULTS_ACCEPTED);
    }

    private void agreeAndSubmit(TestDeal deal, List<Call> calls) throws Exception {
        Party jc = chain.jobCreator();
        Party rp = chain.resourceProvider();
        record(calls, jc, "agree", jc.controller().agree(deal.toContract()));
        record(calls, rp, "agree", rp.controller().agree(deal.toContract()));
        record(calls, rp, "addResult", addResult(rp, deal));
    }

    private static RemoteFunctionCall<TransactionReceipt> addResult(Party rp, TestDeal deal) {
        return rp.controller()
                .addResult(deal.toContract(), TestDeal.id("results"), TestDeal.id("data"), BigInteger.ONE);
    }

    private long approve(Party party, BigInteger amount, List<Call> calls) throws Exception {
        return record(
                calls, party, "approve", party.token().approve(chain.addresses().payments(), amount));
    }

    private void resetAllowances(Party... parties) throws Exception {
        for (Party party : parties) {
            party.token().approve(chain.addresses().payments(), BigInteger.ZERO).send();
        }
    }

    private long record(List<Call> calls, Party party, String function, RemoteFunctionCall<TransactionReceipt> call)
            throws Exception {
        long gas = call.send().getGasUsed().longValueExact();
        calls.add(new Call(role(party), function, gas));
        return gas;
    }

    private static String role(Party party) {
        return switch (party.name()) {
            case "job_creator" -> "JC";
            case "resource_provider" -> "RP";
            case "mediator" -> "mediator";
            default -> party.name();
        };
    }

    private void assertState(TestDeal deal, AgreementState expected) throws Exception {
        var agreement = chain.admin().storage().getAgreement(deal.key()).send();
        assertThat(AgreementState.ofCode(agreement.state.intValue())).isEqualTo(expected);
        assertThat(chain.escrowOf(deal.key())).isZero();
    }

    private static String report() {
        StringBuilder md = new StringBuilder("# Gas report\n\n");
        md.append("Every transaction both parties send for one job, on Anvil (solc 0.8.37, optimizer 1000 runs, ")
                .append("evm cancun). Default terms: price 10, payment collateral 30, results multiple 4, ")
                .append("mediation fee 5, timeout collateral 10 (tokens), one instruction.\n\n");
        md.append("| workflow | total gas | calls |\n|---|---:|---|\n");
        workflows.forEach((name, calls) -> {
            long total = calls.stream().mapToLong(Call::gas).sum();
            md.append("| ")
                    .append(name)
                    .append(" | ")
                    .append(String.format("%,d", total))
                    .append(" | ")
                    .append(String.join(
                            ", ",
                            calls.stream()
                                    .map(c -> c.party() + " " + c.function() + " " + String.format("%,d", c.gas()))
                                    .toList()))
                    .append(" |\n");
        });
        md.append("\nAllowances granted once per party and reused across jobs (not in the totals above):\n\n");
        md.append("| approval | gas |\n|---|---:|\n");
        standingApprovals.forEach((name, gas) -> md.append("| ")
                .append(name)
                .append(" | ")
                .append(String.format("%,d", gas))
                .append(" |\n"));
        return md.toString();
    }
}
