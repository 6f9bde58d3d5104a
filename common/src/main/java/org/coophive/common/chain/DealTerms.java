package org.coophive.common.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import org.coophive.common.model.Addresses;
import org.coophive.common.model.Deal;
import org.coophive.common.model.DealMembers;
import org.coophive.common.model.DealPricing;
import org.coophive.contracts.DealKeys;
import org.coophive.contracts.generated.CoopHiveController;
import org.coophive.contracts.generated.CoopHiveStorage;

/**
 * A deal as the contracts take it: the Solidity {@code Deal} struct, flattened. Every controller
 * step takes the full terms again (storage keeps only their hash and reverts with
 * {@code DealTermsMismatch} unless they match), so a service keeps its deals' terms and passes
 * them to every call.
 *
 * <p>The record checks only what the types need (addresses well-formed, numbers within
 * {@code uint256}); whether the terms make a valid deal is the contracts' and the wire model's
 * business.
 *
 * @param dealId the deal's 32-byte id: the SHA-256 digest inside its content id
 * @param solver the solver that matched the deal
 * @param jobCreator the job creator (JC)
 * @param resourceProvider the resource provider (RP)
 * @param mediators the mediators both parties accept, in the agreed order
 * @param agreeTimeoutSeconds how long the second party has to agree
 * @param agreeCollateral always zero in a valid deal (wei)
 * @param submitResultsTimeoutSeconds how long the RP has to submit results once both agreed
 * @param submitResultsCollateral what the RP locks at agree and loses if it never submits (wei)
 * @param judgeResultsTimeoutSeconds how long the JC has to accept or check results
 * @param judgeResultsCollateral what the JC locks at agree and loses if it never judges (wei)
 * @param mediateResultsTimeoutSeconds how long the mediator has to judge
 * @param mediateResultsCollateral always zero in a valid deal (wei)
 * @param instructionPrice price of one instruction (wei)
 * @param paymentCollateral what the JC locks at agree; the most the job can cost (wei)
 * @param resultsCollateralMultiple the RP locks this many times the job cost with its results
 * @param mediationFee what the JC pays the mediator when it checks results (wei)
 */
public record DealTerms(
        Bytes32 dealId,
        String solver,
        String jobCreator,
        String resourceProvider,
        List<String> mediators,
        long agreeTimeoutSeconds,
        BigInteger agreeCollateral,
        long submitResultsTimeoutSeconds,
        BigInteger submitResultsCollateral,
        long judgeResultsTimeoutSeconds,
        BigInteger judgeResultsCollateral,
        long mediateResultsTimeoutSeconds,
        BigInteger mediateResultsCollateral,
        BigInteger instructionPrice,
        BigInteger paymentCollateral,
        BigInteger resultsCollateralMultiple,
        BigInteger mediationFee) {

    private static final BigInteger UINT256_LIMIT = BigInteger.ONE.shiftLeft(256);

    public DealTerms {
        Objects.requireNonNull(dealId, "dealId");
        solver = Addresses.checksummed("solver", solver);
        jobCreator = Addresses.checksummed("jobCreator", jobCreator);
        resourceProvider = Addresses.checksummed("resourceProvider", resourceProvider);
        Objects.requireNonNull(mediators, "mediators");
        mediators = mediators.stream()
                .map(mediator -> Addresses.checksummed("mediator", mediator))
                .toList();
        requireSeconds("agreeTimeoutSeconds", agreeTimeoutSeconds);
        requireSeconds("submitResultsTimeoutSeconds", submitResultsTimeoutSeconds);
        requireSeconds("judgeResultsTimeoutSeconds", judgeResultsTimeoutSeconds);
        requireSeconds("mediateResultsTimeoutSeconds", mediateResultsTimeoutSeconds);
        requireUint256("agreeCollateral", agreeCollateral);
        requireUint256("submitResultsCollateral", submitResultsCollateral);
        requireUint256("judgeResultsCollateral", judgeResultsCollateral);
        requireUint256("mediateResultsCollateral", mediateResultsCollateral);
        requireUint256("instructionPrice", instructionPrice);
        requireUint256("paymentCollateral", paymentCollateral);
        requireUint256("resultsCollateralMultiple", resultsCollateralMultiple);
        requireUint256("mediationFee", mediationFee);
    }

    /** A builder with every field unset; {@link Builder#build()} checks them all. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these terms. */
    public Builder toBuilder() {
        return new Builder()
                .dealId(dealId)
                .members(solver, jobCreator, resourceProvider, mediators)
                .agree(agreeTimeoutSeconds, agreeCollateral)
                .submitResults(submitResultsTimeoutSeconds, submitResultsCollateral)
                .judgeResults(judgeResultsTimeoutSeconds, judgeResultsCollateral)
                .mediateResults(mediateResultsTimeoutSeconds, mediateResultsCollateral)
                .pricing(instructionPrice, paymentCollateral, resultsCollateralMultiple, mediationFee);
    }

    /**
     * Where the deal lives on chain: {@code keccak256(abi.encode(dealId, jobCreator,
     * resourceProvider))}. Storage views, escrow, the mediator and the events use it.
     */
    public Bytes32 key() {
        return Bytes32.of(DealKeys.of(dealId.bytes(), jobCreator, resourceProvider));
    }

    /** instructionPrice x instructionCount, as the contracts compute it (wei). */
    public BigInteger jobCost(BigInteger instructionCount) {
        return instructionPrice.multiply(instructionCount);
    }

    /** What the RP pays the deal when it adds results: the multiple x the job cost (wei). */
    public BigInteger resultsCollateral(BigInteger instructionCount) {
        return resultsCollateralMultiple.multiply(jobCost(instructionCount));
    }

    /** The struct the controller's functions take. */
    public CoopHiveController.Deal toContract() {
        return new CoopHiveController.Deal(
                dealId.bytes(),
                new CoopHiveController.DealMembers(solver, jobCreator, resourceProvider, mediators),
                new CoopHiveController.DealTimeouts(
                        new CoopHiveController.DealTimeout(BigInteger.valueOf(agreeTimeoutSeconds), agreeCollateral),
                        new CoopHiveController.DealTimeout(
                                BigInteger.valueOf(submitResultsTimeoutSeconds), submitResultsCollateral),
                        new CoopHiveController.DealTimeout(
                                BigInteger.valueOf(judgeResultsTimeoutSeconds), judgeResultsCollateral),
                        new CoopHiveController.DealTimeout(
                                BigInteger.valueOf(mediateResultsTimeoutSeconds), mediateResultsCollateral)),
                new CoopHiveController.DealPricing(
                        instructionPrice, paymentCollateral, resultsCollateralMultiple, mediationFee));
    }

    /**
     * The on-chain terms of a deal from the solver: the deal id becomes the digest of its
     * content id, amounts are already wei.
     *
     * @throws org.coophive.common.ids.InvalidContentIdException if the deal has no valid content id
     */
    public static DealTerms of(Deal deal) {
        DealMembers members = deal.members();
        org.coophive.common.model.DealTimeouts timeouts = deal.timeouts();
        DealPricing pricing = deal.pricing();
        return builder()
                .dealId(Bytes32.of(deal.onChainId()))
                .members(members.solver(), members.jobCreator(), members.resourceProvider(), members.mediators())
                .agree(timeouts.agree().timeout(), timeouts.agree().collateral())
                .submitResults(
                        timeouts.submitResults().timeout(),
                        timeouts.submitResults().collateral())
                .judgeResults(
                        timeouts.judgeResults().timeout(),
                        timeouts.judgeResults().collateral())
                .mediateResults(
                        timeouts.mediateResults().timeout(),
                        timeouts.mediateResults().collateral())
                .pricing(
                        pricing.instructionPrice(),
                        pricing.paymentCollateral(),
                        BigInteger.valueOf(pricing.resultsCollateralMultiple()),
                        pricing.mediationFee())
                .build();
    }

    /** The terms of a controller struct. */
    public static DealTerms fromContract(CoopHiveController.Deal deal) {
        return builder()
                .dealId(Bytes32.of(deal.dealId))
                .members(
                        deal.members.solver,
                        deal.members.jobCreator,
                        deal.members.resourceProvider,
                        deal.members.mediators)
                .agree(seconds(deal.timeouts.agree.timeout), deal.timeouts.agree.collateral)
                .submitResults(seconds(deal.timeouts.submitResults.timeout), deal.timeouts.submitResults.collateral)
                .judgeResults(seconds(deal.timeouts.judgeResults.timeout), deal.timeouts.judgeResults.collateral)
                .mediateResults(seconds(deal.timeouts.mediateResults.timeout), deal.timeouts.mediateResults.collateral)
                .pricing(
                        deal.pricing.instructionPrice,
                        deal.pricing.paymentCollateral,
                        deal.pricing.resultsCollateralMultiple,
                        deal.pricing.mediationFee)
                .build();
    }

    /** The terms a {@code DealCreated} event logged (storage's copy of the struct). */
    public static DealTerms fromStorage(CoopHiveStorage.Deal deal) {
        return builder()
                .dealId(Bytes32.of(deal.dealId))
                .members(
                        deal.members.solver,
                        deal.members.jobCreator,
                        deal.members.resourceProvider,
                        deal.members.mediators)
                .agree(seconds(deal.timeouts.agree.timeout), deal.timeouts.agree.collateral)
                .submitResults(seconds(deal.timeouts.submitResults.timeout), deal.timeouts.submitResults.collateral)
                .judgeResults(seconds(deal.timeouts.judgeResults.timeout), deal.timeouts.judgeResults.collateral)
                .mediateResults(seconds(deal.timeouts.mediateResults.timeout), deal.timeouts.mediateResults.collateral)
                .pricing(
                        deal.pricing.instructionPrice,
                        deal.pricing.paymentCollateral,
                        deal.pricing.resultsCollateralMultiple,
                        deal.pricing.mediationFee)
                .build();
    }

    private static long seconds(BigInteger timeout) {
        if (timeout.bitLength() >= Long.SIZE) {
            throw new IllegalArgumentException("timeout does not fit in a long: " + timeout);
        }
        return timeout.longValue();
    }

    private static void requireSeconds(String name, long seconds) {
        if (seconds < 0) throw new IllegalArgumentException(name + " must not be negative: " + seconds);
    }

    private static void requireUint256(String name, BigInteger value) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0 || value.compareTo(UINT256_LIMIT) >= 0) {
            throw new IllegalArgumentException(name + " is not a uint256: " + value);
        }
    }

    /** Builds {@link DealTerms} one group of fields at a time, as the Solidity struct groups them. */
    public static final class Builder {
        private Bytes32 dealId;
        private String solver;
        private String jobCreator;
        private String resourceProvider;
        private List<String> mediators;
        private long agreeTimeoutSeconds;
        private BigInteger agreeCollateral = BigInteger.ZERO;
        private long submitResultsTimeoutSeconds;
        private BigInteger submitResultsCollateral;
        private long judgeResultsTimeoutSeconds;
        private BigInteger judgeResultsCollateral;
        private long mediateResultsTimeoutSeconds;
        private BigInteger mediateResultsCollateral = BigInteger.ZERO;
        private BigInteger instructionPrice;
        private BigInteger paymentCollateral;
        private BigInteger resultsCollateralMultiple;
        private BigInteger mediationFee;

        private Builder() {}

        public Builder dealId(Bytes32 dealId) {
            this.dealId = dealId;
            return this;
        }

        public Builder members(String solver, String jobCreator, String resourceProvider, List<String> mediators) {
            this.solver = solver;
            this.jobCreator = jobCreator;
            this.resourceProvider = resourceProvider;
            this.mediators = mediators;
            return this;
        }

        /** The agree timeout; its collateral stays zero unless set here. */
        public Builder agree(long timeoutSeconds, BigInteger collateral) {
            this.agreeTimeoutSeconds = timeoutSeconds;
            this.agreeCollateral = collateral;
            return this;
        }

        public Builder submitResults(long timeoutSeconds, BigInteger collateral) {
            this.submitResultsTimeoutSeconds = timeoutSeconds;
            this.submitResultsCollateral = collateral;
            return this;
        }

        public Builder judgeResults(long timeoutSeconds, BigInteger collateral) {
            this.judgeResultsTimeoutSeconds = timeoutSeconds;
            this.judgeResultsCollateral = collateral;
            return this;
        }

        /** The mediate timeout; its collateral stays zero unless set here. */
        public Builder mediateResults(long timeoutSeconds, BigInteger collateral) {
            this.mediateResultsTimeoutSeconds = timeoutSeconds;
            this.mediateResultsCollateral = collateral;
            return this;
        }

        public Builder pricing(
                BigInteger instructionPrice,
                BigInteger paymentCollateral,
                BigInteger resultsCollateralMultiple,
                BigInteger mediationFee) {
            this.instructionPrice = instructionPrice;
            this.paymentCollateral = paymentCollateral;
            this.resultsCollateralMultiple = resultsCollateralMultiple;
            this.mediationFee = mediationFee;
            return this;
        }

        public DealTerms build() {
            return new DealTerms(
                    dealId,
                    solver,
                    jobCreator,
                    resourceProvider,
                    mediators,
                    agreeTimeoutSeconds,
                    agreeCollateral,
                    submitResultsTimeoutSeconds,
                    submitResultsCollateral,
                    judgeResultsTimeoutSeconds,
                    judgeResultsCollateral,
                    mediateResultsTimeoutSeconds,
                    mediateResultsCollateral,
                    instructionPrice,
                    paymentCollateral,
                    resultsCollateralMultiple,
                    mediationFee);
        }
    }
}
