// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// The life of a deal on chain. The numbering is part of the wire format: off-chain code
/// mirrors it with explicit codes, never by position.
enum AgreementState {
    DealNegotiating, // 0: one party agreed, waiting for the other
    DealAgreed, // 1
    ResultsSubmitted, // 2
    ResultsAccepted, // 3 terminal
    ResultsChecked, // 4
    MediationAccepted, // 5 terminal
    MediationRejected, // 6 terminal
    TimeoutAgree, // 7 terminal
    TimeoutSubmitResults, // 8 terminal
    TimeoutJudgeResults, // 9 terminal
    TimeoutMediateResults // 10 terminal
}

enum ServiceType {
    Solver, // 0
    Mediator, // 1
    ResourceProvider, // 2
    JobCreator // 3
}

enum PaymentReason {
    PaymentCollateral, // 0
    ResultsCollateral, // 1
    TimeoutCollateral, // 2
    JobPayment, // 3
    MediationFee // 4
}

enum PaymentDirection {
    PaidIn, // 0
    PaidOut, // 1
    Refunded, // 2
    Slashed // 3
}

struct DealMembers {
    address solver;
    address jobCreator;
    address resourceProvider;
    address[] mediators;
}

struct DealTimeout {
    uint256 timeout;
    uint256 collateral;
}

struct DealTimeouts {
    DealTimeout agree;
    DealTimeout submitResults;
    DealTimeout judgeResults;
    DealTimeout mediateResults;
}

struct DealPricing {
    uint256 instructionPrice;
    uint256 paymentCollateral;
    uint256 resultsCollateralMultiple;
    uint256 mediationFee;
}

/// A deal as both parties sign it. `dealId` is the 32-byte SHA-256 digest of the deal's
/// content id (a CIDv0 `Qm...` is base58 of 0x1220 followed by this digest).
struct Deal {
    bytes32 dealId;
    DealMembers members;
    DealTimeouts timeouts;
    DealPricing pricing;
}

/// Where a deal stands. Timestamps are block timestamps in seconds, zero when not reached.
struct Agreement {
    AgreementState state;
    bool resourceProviderAgreed;
    bool jobCreatorAgreed;
    uint256 dealCreatedAt;
    uint256 dealAgreedAt;
    uint256 resultsSubmittedAt;
    uint256 resultsCheckedAt;
    uint256 instructionCount;
}

struct Result {
    bytes32 dealKey;
    bytes32 dataId;
    uint256 instructionCount;
}

struct User {
    address userAddress;
    string metadataCID;
    string url;
    ServiceType[] roles;
}

/// What CoopHiveStorage keeps of a deal: one packed slot of progress and a hash of the terms.
/// The terms themselves travel in every call's calldata (cheap) and must hash to `termsHash`;
/// they are also logged in full by `DealCreated`.
struct DealRecord {
    // slot 0
    AgreementState state;
    bool resourceProviderAgreed;
    bool jobCreatorAgreed;
    uint40 createdAt;
    uint40 agreedAt;
    uint40 resultsSubmittedAt;
    uint40 resultsCheckedAt;
    uint64 instructionCount;
    // slot 1
    bytes32 termsHash;
}

/// The amounts that follow from a deal's terms and its instruction count.
library DealTerms {
    /// instructionPrice x instructionCount.
    function jobCost(Deal calldata deal, uint256 instructionCount) internal pure returns (uint256) {
        return deal.pricing.instructionPrice * instructionCount;
    }

    /// resultsCollateralMultiple x job cost.
    function resultsCollateral(Deal calldata deal, uint256 instructionCount) internal pure returns (uint256) {
        return deal.pricing.resultsCollateralMultiple * deal.pricing.instructionPrice * instructionCount;
    }

    /// Where the deal lives on chain: its id together with its two parties. Keying by the
    /// parties too means nobody outside a deal can claim its id first with other terms.
    function key(Deal calldata deal) internal pure returns (bytes32) {
        return keccak256(abi.encode(deal.dealId, deal.members.jobCreator, deal.members.resourceProvider));
    }

    /// The commitment to a deal's terms that storage keeps.
    function hash(Deal calldata deal) internal pure returns (bytes32) {
        return keccak256(abi.encode(deal));
    }
}
