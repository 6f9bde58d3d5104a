package org.coophive.common.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import org.coophive.contracts.AgreementState;
import org.coophive.contracts.generated.CoopHiveStorage;

/**
 * Where a deal stands on chain (storage's {@code Agreement}). A deal that was never agreed to
 * reads as {@code DEAL_NEGOTIATING} with nobody agreed and no timestamps: see {@link #exists()}.
 *
 * @param state the agreement state
 * @param resourceProviderAgreed whether the RP has agreed
 * @param jobCreatorAgreed whether the JC has agreed
 * @param dealCreatedAt block time of the first agreement, or {@code null} before it
 * @param dealAgreedAt block time of the second agreement, or {@code null} before it
 * @param resultsSubmittedAt block time the RP added results, or {@code null} before it
 * @param resultsCheckedAt block time the JC asked for mediation, or {@code null} before it
 * @param instructionCount the instruction count the results were submitted with (zero before)
 */
public record OnChainAgreement(
        AgreementState state,
        boolean resourceProviderAgreed,
        boolean jobCreatorAgreed,
        Instant dealCreatedAt,
        Instant dealAgreedAt,
        Instant resultsSubmittedAt,
        Instant resultsCheckedAt,
        BigInteger instructionCount) {

    public OnChainAgreement {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(instructionCount, "instructionCount");
    }

    /** Whether the deal exists on chain, that is whether a party has agreed to it. */
    public boolean exists() {
        return dealCreatedAt != null;
    }

    static OnChainAgreement from(CoopHiveStorage.Agreement agreement) {
        return new OnChainAgreement(
                AgreementState.ofCode(agreement.state.intValueExact()),
                agreement.resourceProviderAgreed,
                agreement.jobCreatorAgreed,
                instant(agreement.dealCreatedAt),
                instant(agreement.dealAgreedAt),
                instant(agreement.resultsSubmittedAt),
                instant(agreement.resultsCheckedAt),
                agreement.instructionCount);
    }

    private static Instant instant(BigInteger seconds) {
        return seconds.signum() == 0 ? null : Instant.ofEpochSecond(seconds.longValueExact());
    }
}
