package org.coophive.contracts.testing;

import static org.coophive.contracts.testing.ChainFixture.tokens;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.coophive.contracts.DealKeys;
import org.coophive.contracts.generated.CoopHiveController;
import org.coophive.contracts.generated.CoopHiveStorage;
import org.web3j.crypto.Hash;

/**
 * Deal terms for tests, with the reference suite's defaults: instruction price 10, payment
 * collateral 30, results collateral multiple 4, mediation fee 5, every timeout 100 s, submit and
 * judge timeout collateral 10 (amounts in whole tokens). Change a term with a {@code with...}
 * method.
 */
public record TestDeal(
        byte[] id,
        String solver,
        String jobCreator,
        String resourceProvider,
        List<String> mediators,
        long agreeTimeout,
        BigInteger agreeCollateral,
        long submitResultsTimeout,
        BigInteger submitResultsCollateral,
        long judgeResultsTimeout,
        BigInteger judgeResultsCollateral,
        long mediateResultsTimeout,
        BigInteger mediateResultsCollateral,
        BigInteger instructionPrice,
        BigInteger paymentCollateral,
        BigInteger resultsCollateralMultiple,
        BigInteger mediationFee) {

    public static final long DEFAULT_TIMEOUT = 100;

    public TestDeal {
        mediators = List.copyOf(mediators);
    }

    /** A deal with the default terms between these parties. */
    public static TestDeal between(
            String label, Party solver, Party jobCreator, Party resourceProvider, Party mediator) {
        return new TestDeal(
                id(label),
                solver.address(),
                jobCreator.address(),
                resourceProvider.address(),
                List.of(mediator.address()),
                DEFAULT_TIMEOUT,
                BigInteger.ZERO,
                DEFAULT_TIMEOUT,
                tokens(10),
                DEFAULT_TIMEOUT,
                tokens(10),
                DEFAULT_TIMEOUT,
                BigInteger.ZERO,
                tokens(10),
                tokens(30),
                BigInteger.valueOf(4),
                tokens(5));
    }

    /** The on-chain id of a label: the SHA-256 digest, as for a content id. */
    public static byte[] id(String label) {
        return Hash.sha256(label.getBytes(StandardCharsets.UTF_8));
    }

    public CoopHiveController.Deal toContract() {
        return new CoopHiveController.Deal(
                id,
                new CoopHiveController.DealMembers(solver, jobCreator, resourceProvider, mediators),
                new CoopHiveController.DealTimeouts(
                        new CoopHiveController.DealTimeout(BigInteger.valueOf(agreeTimeout), agreeCollateral),
                        new CoopHiveController.DealTimeout(
                                BigInteger.valueOf(submitResultsTimeout), submitResultsCollateral),
                        new CoopHiveController.DealTimeout(
                                BigInteger.valueOf(judgeResultsTimeout), judgeResultsCollateral),
                        new CoopHiveController.DealTimeout(
                                BigInteger.valueOf(mediateResultsTimeout), mediateResultsCollateral)),
                new CoopHiveController.DealPricing(
                        instructionPrice, paymentCollateral, resultsCollateralMultiple, mediationFee));
    }

    /** The key the deal is filed under on chain (storage views, escrow, mediation). */
    public byte[] key() {
        return DealKeys.of(id, jobCreator, resourceProvider);
    }

    /** The same terms as the struct the storage contract's own calls take. */
    public CoopHiveStorage.Deal toStorageStruct() {
        return new CoopHiveStorage.Deal(
                id,
                new CoopHiveStorage.DealMembers(solver, jobCreator, resourceProvider, mediators),
                new CoopHiveStorage.DealTimeouts(
                        new CoopHiveStorage.DealTimeout(BigInteger.valueOf(agreeTimeout), agreeCollateral),
                        new CoopHiveStorage.DealTimeout(
                                BigInteger.valueOf(submitResultsTimeout), submitResultsCollateral),
                        new CoopHiveStorage.DealTimeout(
                                BigInteger.valueOf(judgeResultsTimeout), judgeResultsCollateral),
                        new CoopHiveStorage.DealTimeout(
                                BigInteger.valueOf(mediateResultsTimeout), mediateResultsCollateral)),
                new CoopHiveStorage.DealPricing(
                        instructionPrice, paymentCollateral, resultsCollateralMultiple, mediationFee));
    }

    /** Job cost for an instruction count. */
    public BigInteger jobCost(long instructionCount) {
        return instructionPrice.multiply(BigInteger.valueOf(instructionCount));
    }

    /** Results collateral for an instruction count. */
    public BigInteger resultsCollateral(long instructionCount) {
        return jobCost(instructionCount).multiply(resultsCollateralMultiple);
    }

    public TestDeal withId(String label) {
        return new TestDeal(
                id(label),
                solver,
                jobCreator,
                resourceProvider,
                mediators,
                agreeTimeout,
                agreeCollateral,
                submitResultsTimeout,
                submitResultsCollateral,
                judgeResultsTimeout,
                judgeResultsCollateral,
                mediateResultsTimeout,
                mediateResultsCollateral,
                instructionPrice,
                paymentCollateral,
                resultsCollateralMultiple,
                mediationFee);
    }

    public TestDeal withMembers(String solver, String jobCreator, String resourceProvider, List<String> mediators) {
        return new TestDeal(
                id,
                solver,
                jobCreator,
                resourceProvider,
                mediators,
                agreeTimeout,
                agreeCollateral,
                submitResultsTimeout,
                submitResultsCollateral,
                judgeResultsTimeout,
                judgeResultsCollateral,
                mediateResultsTimeout,
                mediateResultsCollateral,
                instructionPrice,
                paymentCollateral,
                resultsCollateralMultiple,
                mediationFee);
    }

    public TestDeal withTimeouts(long agree, long submitResults, long judgeResults, long mediateResults) {
        return new TestDeal(
                id,
                solver,
                jobCreator,
                resourceProvider,
                mediators,
                agree,
                agreeCollateral,
                submitResults,
                submitResultsCollateral,
                judgeResults,
                judgeResultsCollateral,
                mediateResults,
                mediateResultsCollateral,
                instructionPrice,
                paymentCollateral,
                resultsCollateralMultiple,
                mediationFee);
    }

    public TestDeal withCollaterals(
            BigInteger agree, BigInteger submitResults, BigInteger judgeResults, BigInteger mediateResults) {
        return new TestDeal(
                id,
                solver,
                jobCreator,
                resourceProvider,
                mediators,
                agreeTimeout,
                agree,
                submitResultsTimeout,
                submitResults,
                judgeResultsTimeout,
                judgeResults,
                mediateResultsTimeout,
                mediateResults,
                instructionPrice,
                paymentCollateral,
                resultsCollateralMultiple,
                mediationFee);
    }

    public TestDeal withPricing(
            BigInteger instructionPrice,
            BigInteger paymentCollateral,
            BigInteger resultsCollateralMultiple,
            BigInteger mediationFee) {
        return new TestDeal(
                id,
                solver,
                jobCreator,
                resourceProvider,
                mediators,
                agreeTimeout,
                agreeCollateral,
                submitResultsTimeout,
                submitResultsCollateral,
                judgeResultsTimeout,
                judgeResultsCollateral,
                mediateResultsTimeout,
                mediateResultsCollateral,
                instructionPrice,
                paymentCollateral,
                resultsCollateralMultiple,
                mediationFee);
    }
}
