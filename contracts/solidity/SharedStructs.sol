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
    uint256 closedAt;
}

struct Result {
    bytes32 dealId;
    bytes32 resultsId;
    bytes32 dataId;
    uint256 instructionCount;
}

struct User {
    address userAddress;
    string metadataCID;
    string url;
    ServiceType[] roles;
}

/// The packed form of a deal kept by CoopHiveStorage: six storage slots instead of the
/// fifteen that the plain `Deal` would take. Limits of the packing are checked when a deal
/// is created (TermTooLarge).
struct DealRecord {
    // slot 0: the agreement
    AgreementState state;
    bool resourceProviderAgreed;
    bool jobCreatorAgreed;
    uint40 createdAt;
    uint40 agreedAt;
    uint40 resultsSubmittedAt;
    uint40 resultsCheckedAt;
    uint40 closedAt;
    uint32 resultsCollateralMultiple;
    // slot 1
    address resourceProvider;
    uint32 agreeTimeout;
    uint32 submitResultsTimeout;
    uint32 judgeResultsTimeout;
    // slot 2
    address jobCreator;
    uint32 mediateResultsTimeout;
    uint64 instructionCount;
    // slot 3
    address solver;
    uint96 mediationFee;
    // slot 4
    uint128 instructionPrice;
    uint128 paymentCollateral;
    // slot 5
    uint128 submitResultsCollateral;
    uint128 judgeResultsCollateral;
}

/// The amounts that follow from a deal's terms and its instruction count.
library DealRecords {
    /// instructionPrice x instructionCount.
    function jobCost(DealRecord memory r) internal pure returns (uint256) {
        return uint256(r.instructionPrice) * r.instructionCount;
    }

    /// resultsCollateralMultiple x job cost.
    function resultsCollateral(DealRecord memory r) internal pure returns (uint256) {
        return uint256(r.resultsCollateralMultiple) * r.instructionPrice * r.instructionCount;
    }
}
