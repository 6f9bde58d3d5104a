package org.coophive.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.coophive.common.chain.ChainClient;
import org.coophive.common.chain.DealTerms;
import org.coophive.common.chain.OnChainAgreement;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.testing.MoneyTable;
import org.coophive.contracts.testing.MoneyTable.Movement;
import org.coophive.contracts.testing.MoneyTable.Step;
import org.coophive.contracts.testing.TestDeal;

/**
 * Token balances of a deal's parties (RP, JC, mediator, treasury) before a workflow, checked after
 * it against ARCHITECTURE.md's money table ({@link MoneyTable}, the contracts' executable form of
 * it) for the steps the deal went through, with the deal's real terms and its instruction count
 * as recorded on chain. The deal's escrow must end at zero.
 */
final class Ledger {

    private final ChainClient chain;
    private final Map<String, BigInteger> before = new LinkedHashMap<>();

    private Ledger(ChainClient chain) {
        this.chain = chain;
    }

    /** Reads the balances of these addresses now. */
    static Ledger read(ChainClient chain, String... addresses) {
        Ledger ledger = new Ledger(chain);
        for (String address : addresses) {
            ledger.before.put(MoneyTable.checksum(address), chain.tokenBalanceOf(address));
        }
        return ledger;
    }

    static TestDeal testDeal(DealTerms terms) {
        return new TestDeal(
                terms.dealId().bytes(),
                terms.solver(),
                terms.jobCreator(),
                terms.resourceProvider(),
                terms.mediators(),
                terms.agreeTimeoutSeconds(),
                terms.agreeCollateral(),
                terms.submitResultsTimeoutSeconds(),
                terms.submitResultsCollateral(),
                terms.judgeResultsTimeoutSeconds(),
                terms.judgeResultsCollateral(),
                terms.mediateResultsTimeoutSeconds(),
                terms.mediateResultsCollateral(),
                terms.instructionPrice(),
                terms.paymentCollateral(),
                terms.resultsCollateralMultiple(),
                terms.mediationFee());
    }

    /**
     * Asserts the deal ended in {@code end}, its escrow is zero and every recorded balance moved by
     * exactly what the table's {@code steps} say (addresses not in the deal must not have moved).
     */
    void assertMoved(DealTerms terms, AgreementState end, Supplier<String> logs, Step... steps) {
        assertMoved(terms, end, logs, Map.of(), steps);
    }

    /** As above, with {@code outside} token changes beyond the deal's (e.g. an on-chain job's deposit). */
    void assertMoved(
            DealTerms terms,
            AgreementState end,
            Supplier<String> logs,
            Map<String, BigInteger> outside,
            Step... steps) {
        OnChainAgreement agreement = chain.getAgreement(terms);
        assertThat(agreement.state())
                .as("the deal's state on chain%s", logs.get())
                .isEqualTo(end);
        assertThat(chain.escrowOf(terms)).as("the deal's escrow").isZero();
        TestDeal deal = testDeal(terms);
        long count = agreement.instructionCount().longValueExact();
        String mediator = chain.getMediator(terms).orElse(terms.mediators().get(0));
        Movement total = null;
        for (Step step : steps) {
            Movement movement = MoneyTable.of(deal, count, step, mediator);
            total = total == null ? movement : total.plus(movement);
        }
        Map<String, BigInteger> deltas = new LinkedHashMap<>(total.deltasByAddress());
        outside.forEach((address, delta) -> deltas.merge(MoneyTable.checksum(address), delta, BigInteger::add));
        Map<String, BigInteger> expected = new LinkedHashMap<>();
        Map<String, BigInteger> actual = new LinkedHashMap<>();
        for (Map.Entry<String, BigInteger> entry : before.entrySet()) {
            expected.put(entry.getKey(), entry.getValue().add(deltas.getOrDefault(entry.getKey(), BigInteger.ZERO)));
            actual.put(entry.getKey(), chain.tokenBalanceOf(entry.getKey()));
        }
        assertThat(actual)
                .as("token balances after %s (instruction count %d)%s", java.util.List.of(steps), count, logs.get())
                .isEqualTo(expected);
    }
}
