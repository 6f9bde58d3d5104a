// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {CoopHiveStorage} from "./CoopHiveStorage.sol";
import {CoopHivePayments} from "./CoopHivePayments.sol";
import {ICoopHiveMediationHandler} from "./interfaces/ICoopHiveMediationHandler.sol";
import {Deal, DealRecord, DealRecords} from "./SharedStructs.sol";
import {NotDealMediator, ZeroAddress} from "./Errors.sol";

/// The entry point of deals. Every party acts as itself (`msg.sender`); tokens move only
/// through the ERC-20 allowances the parties gave CoopHivePayments. Storage decides whether a
/// step is allowed, Payments moves its money, the mediation handler picks the judge.
///
/// The wiring is fixed at deployment: repointing Storage or Payments under open deals would
/// strand their escrow.
contract CoopHiveController is Ownable {
    using DealRecords for DealRecord;

    CoopHiveStorage private immutable _storage;
    CoopHivePayments private immutable _payments;
    ICoopHiveMediationHandler private immutable _mediation;
    address private immutable _users;
    address private immutable _jobCreator;

    constructor(address storage_, address users, address payments, address mediation, address jobCreator)
        Ownable(msg.sender)
    {
        if (storage_ == address(0)) revert ZeroAddress("storage");
        if (users == address(0)) revert ZeroAddress("users");
        if (payments == address(0)) revert ZeroAddress("payments");
        if (mediation == address(0)) revert ZeroAddress("mediation");
        if (jobCreator == address(0)) revert ZeroAddress("jobCreator");
        _storage = CoopHiveStorage(storage_);
        _users = users;
        _payments = CoopHivePayments(payments);
        _mediation = ICoopHiveMediationHandler(mediation);
        _jobCreator = jobCreator;
    }

    function getStorageAddress() external view returns (address) {
        return address(_storage);
    }

    function getUsersAddress() external view returns (address) {
        return _users;
    }

    function getPaymentsAddress() external view returns (address) {
        return address(_payments);
    }

    function getMediationAddress() external view returns (address) {
        return address(_mediation);
    }

    function getJobCreatorAddress() external view returns (address) {
        return _jobCreator;
    }

    function getTokenAddress() external view returns (address) {
        return _payments.getTokenAddress();
    }

    /// The caller (the deal's RP or JC) agrees to the deal and locks its collateral: the RP
    /// its submit-results timeout collateral, the JC the payment collateral and its
    /// judge-results timeout collateral.
    function agree(Deal calldata deal) external {
        (DealRecord memory r, bool byResourceProvider) = _storage.agree(deal, msg.sender);
        if (byResourceProvider) {
            _payments.agreeResourceProvider(deal.dealId, msg.sender, r.submitResultsCollateral);
        } else {
            _payments.agreeJobCreator(deal.dealId, msg.sender, r.paymentCollateral, r.judgeResultsCollateral);
        }
    }

    /// The RP posts its results and locks the results collateral
    /// (resultsCollateralMultiple x instructionPrice x instructionCount).
    function addResult(bytes32 dealId, bytes32 resultsId, bytes32 dataId, uint256 instructionCount) external {
        DealRecord memory r = _storage.addResult(dealId, msg.sender, resultsId, dataId, instructionCount);
        _payments.addResult(dealId, msg.sender, r.resultsCollateral(), r.submitResultsCollateral);
    }

    function acceptResult(bytes32 dealId) external {
        DealRecord memory r = _storage.acceptResult(dealId, msg.sender);
        _payments.acceptResult(
            dealId,
            r.resourceProvider,
            r.jobCreator,
            r.jobCost(),
            r.paymentCollateral,
            r.resultsCollateral(),
            r.judgeResultsCollateral
        );
    }

    /// The JC disputes the results: it pays the mediation fee and a mediator is picked from
    /// the deal's list (MediationRequested).
    function checkResult(bytes32 dealId) external {
        (DealRecord memory r, address[] memory mediators) = _storage.checkResult(dealId, msg.sender);
        _payments.checkResult(dealId, msg.sender, r.judgeResultsCollateral, r.mediationFee);
        _mediation.requestMediation(dealId, mediators);
    }

    /// The deal's chosen mediator found the results correct.
    function mediationAcceptResult(bytes32 dealId) external {
        _requireMediator(dealId);
        DealRecord memory r = _storage.mediationAcceptResult(dealId);
        _payments.mediationAcceptResult(
            dealId,
            r.resourceProvider,
            r.jobCreator,
            msg.sender,
            r.jobCost(),
            r.paymentCollateral,
            r.resultsCollateral(),
            r.mediationFee
        );
    }

    /// The deal's chosen mediator found the results wrong.
    function mediationRejectResult(bytes32 dealId) external {
        _requireMediator(dealId);
        DealRecord memory r = _storage.mediationRejectResult(dealId);
        _payments.mediationRejectResult(
            dealId,
            r.resourceProvider,
            r.jobCreator,
            msg.sender,
            r.paymentCollateral,
            r.resultsCollateral(),
            r.mediationFee
        );
    }

    /// Either party, after the agree timeout: whoever had agreed gets its collateral back.
    function timeoutAgree(bytes32 dealId) external {
        DealRecord memory r = _storage.timeoutAgree(dealId, msg.sender);
        if (r.resourceProviderAgreed) {
            _payments.timeoutAgreeRefundResourceProvider(dealId, r.resourceProvider, r.submitResultsCollateral);
        } else {
            _payments.timeoutAgreeRefundJobCreator(
                dealId, r.jobCreator, r.paymentCollateral, r.judgeResultsCollateral
            );
        }
    }

    /// The JC, after the submit-results timeout.
    function timeoutSubmitResults(bytes32 dealId) external {
        DealRecord memory r = _storage.timeoutSubmitResults(dealId, msg.sender);
        _payments.timeoutSubmitResults(
            dealId,
            r.resourceProvider,
            r.jobCreator,
            r.paymentCollateral,
            r.judgeResultsCollateral,
            r.submitResultsCollateral
        );
    }

    /// The RP, after the judge-results timeout.
    function timeoutJudgeResults(bytes32 dealId) external {
        DealRecord memory r = _storage.timeoutJudgeResults(dealId, msg.sender);
        _payments.timeoutJudgeResults(
            dealId,
            r.resourceProvider,
            r.jobCreator,
            r.jobCost(),
            r.paymentCollateral,
            r.resultsCollateral(),
            r.judgeResultsCollateral
        );
    }

    /// Either party, after the mediate-results timeout.
    function timeoutMediateResults(bytes32 dealId) external {
        DealRecord memory r = _storage.timeoutMediateResults(dealId, msg.sender);
        _payments.timeoutMediateResults(
            dealId,
            r.resourceProvider,
            r.jobCreator,
            r.paymentCollateral,
            r.resultsCollateral(),
            r.mediationFee
        );
    }

    function _requireMediator(bytes32 dealId) private view {
        if (msg.sender != _mediation.getMediator(dealId)) revert NotDealMediator(dealId, msg.sender);
    }
}
