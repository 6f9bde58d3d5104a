package org.coophive.common.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.coophive.contracts.DealKeys;
import org.coophive.contracts.DevAccounts;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.coophive.contracts.testing.TestDeal;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeEncoder;

class DealTermsTest {

    private static final String SOLVER = DevAccounts.solver().address();
    private static final String JC = DevAccounts.jobCreator().address();
    private static final String RP = DevAccounts.resourceProvider().address();
    private static final String MEDIATOR = DevAccounts.mediator().address();

    /** The reference suite's terms as the contracts module's tests build them. */
    private static TestDeal testDeal() {
        return new TestDeal(
                TestDeal.id("deal 1"),
                SOLVER.toLowerCase(),
                JC.toLowerCase(),
                RP.toLowerCase(),
                List.of(MEDIATOR.toLowerCase(), DevAccounts.directory().address()),
                100,
                BigInteger.ZERO,
                200,
                BigInteger.valueOf(10),
                300,
                BigInteger.valueOf(11),
                400,
                BigInteger.ZERO,
                BigInteger.valueOf(12),
                BigInteger.valueOf(30),
                BigInteger.valueOf(4),
                BigInteger.valueOf(5));
    }

    private static DealTerms terms() {
        return DealTerms.builder()
                .dealId(Bytes32.of(TestDeal.id("deal 1")))
                .members(
                        SOLVER,
                        JC,
                        RP,
                        List.of(MEDIATOR, DevAccounts.directory().address()))
                .agree(100, BigInteger.ZERO)
                .submitResults(200, BigInteger.valueOf(10))
                .judgeResults(300, BigInteger.valueOf(11))
                .mediateResults(400, BigInteger.ZERO)
                .pricing(BigInteger.valueOf(12), BigInteger.valueOf(30), BigInteger.valueOf(4), BigInteger.valueOf(5))
                .build();
    }

    @Test
    void shouldEncodeExactlyLikeTheContractStructWhenConverted() {
        assertThat(TypeEncoder.encode(terms().toContract()))
                .isEqualTo(TypeEncoder.encode(testDeal().toContract()));
    }

    @Test
    void shouldPutEachTimeoutAndCollateralInItsOwnSlotWhenConverted() {
        var deal = terms().toContract();

        assertThat(deal.timeouts.agree.timeout).isEqualTo(100);
        assertThat(deal.timeouts.submitResults.timeout).isEqualTo(200);
        assertThat(deal.timeouts.submitResults.collateral).isEqualTo(10);
        assertThat(deal.timeouts.judgeResults.timeout).isEqualTo(300);
        assertThat(deal.timeouts.judgeResults.collateral).isEqualTo(11);
        assertThat(deal.timeouts.mediateResults.timeout).isEqualTo(400);
        assertThat(deal.pricing.instructionPrice).isEqualTo(12);
        assertThat(deal.pricing.paymentCollateral).isEqualTo(30);
        assertThat(deal.pricing.resultsCollateralMultiple).isEqualTo(4);
        assertThat(deal.pricing.mediationFee).isEqualTo(5);
        assertThat(deal.members.mediators)
                .containsExactly(MEDIATOR, DevAccounts.directory().address());
    }

    @Test
    void shouldComputeTheOnChainKeyWhenAskedForIt() {
        assertThat(terms().key().bytes()).isEqualTo(DealKeys.of(TestDeal.id("deal 1"), JC, RP));
        assertThat(terms().key()).isEqualTo(Bytes32.of(testDeal().key()));
    }

    @Test
    void shouldGiveTheSameTermsBackWhenConvertedBothWays() {
        assertThat(DealTerms.fromContract(terms().toContract())).isEqualTo(terms());
        assertThat(DealTerms.fromStorage(testDeal().toStorageStruct())).isEqualTo(terms());
        assertThat(terms().toBuilder().build()).isEqualTo(terms());
    }

    @Test
    void shouldChecksumAddressesWhenGivenInLowerCase() {
        DealTerms lower = terms().toBuilder()
                .members(SOLVER.toLowerCase(), JC.toLowerCase(), RP.toLowerCase(), List.of(MEDIATOR.toLowerCase()))
                .build();

        assertThat(lower.solver()).isEqualTo(SOLVER);
        assertThat(lower.jobCreator()).isEqualTo(JC);
        assertThat(lower.resourceProvider()).isEqualTo(RP);
        assertThat(lower.mediators()).containsExactly(MEDIATOR);
    }

    @Test
    void shouldComputeJobCostAndResultsCollateralLikeTheContracts() {
        assertThat(terms().jobCost(BigInteger.valueOf(7))).isEqualTo(84);
        assertThat(terms().resultsCollateral(BigInteger.valueOf(7))).isEqualTo(336);
    }

    @Test
    void shouldKeepItsMediatorsWhenTheCallersListChanges() {
        List<String> mediators = new ArrayList<>(List.of(MEDIATOR));
        DealTerms deal = terms().toBuilder().members(SOLVER, JC, RP, mediators).build();

        mediators.add(DevAccounts.directory().address());

        assertThat(deal.mediators()).containsExactly(MEDIATOR);
        assertThatThrownBy(() -> deal.mediators().add(MEDIATOR)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldRejectMalformedAddressesWhenBuilt() {
        assertThatThrownBy(() -> terms().toBuilder()
                        .members(SOLVER, "0x1234", RP, List.of(MEDIATOR))
                        .build())
                .hasMessage("jobCreator \"0x1234\" is not an address (0x followed by 40 hex digits)");
        assertThatThrownBy(() -> terms().toBuilder()
                        .members(SOLVER, JC, RP, List.of("nobody"))
                        .build())
                .hasMessage("mediator \"nobody\" is not an address (0x followed by 40 hex digits)");
    }

    @Test
    void shouldRejectAmountsOutsideUint256WhenBuilt() {
        assertThatThrownBy(() -> terms().toBuilder()
                        .pricing(BigInteger.valueOf(-1), BigInteger.ONE, BigInteger.ONE, BigInteger.ONE)
                        .build())
                .hasMessage("instructionPrice is not a uint256: -1");
        assertThatThrownBy(() -> terms().toBuilder()
                        .pricing(BigInteger.ONE, BigInteger.TWO.pow(256), BigInteger.ONE, BigInteger.ONE)
                        .build())
                .hasMessageStartingWith("paymentCollateral is not a uint256");
        assertThatThrownBy(() ->
                        terms().toBuilder().submitResults(-5, BigInteger.ONE).build())
                .hasMessage("submitResultsTimeoutSeconds must not be negative: -5");
    }

    @Test
    void shouldReadTermsFromTheStructADealCreatedEventCarries() {
        CoopHiveStorage.Deal logged = testDeal().toStorageStruct();

        DealTerms read = DealTerms.fromStorage(logged);

        assertThat(read.dealId()).isEqualTo(Bytes32.of(TestDeal.id("deal 1")));
        assertThat(read.judgeResultsCollateral()).isEqualTo(11);
    }
}
