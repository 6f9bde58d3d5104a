// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {CoopHiveStorage} from "./CoopHiveStorage.sol";
import {CoopHivePayments} from "./CoopHivePayments.sol";
import {ICoopHiveMediationHandler} from "./interfaces/ICoopHiveMediationHandler.sol";
import {Deal, DealTerms} from "./SharedStructs.sol";
import {NotDealMediator, ZeroAddress} from "./Errors.sol";

/// The entry point of deals. Every party acts as itself (`msg.sender`); tokens move only
/// through the ERC-20 allowances the parties gave CoopHivePayments. Storage decides whether a
/// step is allowed, Payments moves its money, the mediation handler picks the judge.
///
/// The wiring is fixed at deployment: repointing Storage or Payments under open deals would
/// strand their escrow.
contract CoopHiveController is Ownable {
    using DealTerms for Deal;

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
    /// judge-results timeout collateral. Every later step takes the same `deal` again.
    function agree(Deal calldata deal) external {
        if (_storage.agree(deal, msg.sender)) {
            _payments.agreeResourceProvider(deal.key(), msg.sender, deal.timeouts.submitResults.collateral);
        } else {
            _payments.agreeJobCreator(
                deal.key(), msg.sender, deal.pricing.paymentCollateral, deal.timeouts.judgeResults.collateral
            );
        }
    }

    /// The RP posts its results and locks the results collateral
    /// (resultsCollateralMultiple x instructionPrice x instructionCount); its submit-results
    /// timeout collateral comes back.
    function addResult(Deal calldata deal, bytes32 resultsId, bytes32 dataId, uint256 instructionCount) external {
        _storage.addResult(deal, msg.sender, resultsId, dataId, instructionCount);
        _payments.addResult(
            deal.key(),
            msg.sender,
            deal.resultsCollateral(instructionCount),
            deal.timeouts.submitResults.collateral
        );
    }

    /// The JC accepts the results: the RP is paid.
    function acceptResult(Deal calldata deal) external {
        uint256 count = _storage.acceptResult(deal, msg.sender);
        _payments.acceptResult(
            deal.key(),
            deal.members.resourceProvider,
            deal.members.jobCreator,
            deal.jobCost(count),
            deal.pricing.paymentCollateral,
            deal.resultsCollateral(count),
            deal.timeouts.judgeResults.collateral
        );
    }

    /// The JC disputes the results: it pays the mediation fee and a mediator is picked from
    /// the deal's list (MediationRequested).
    function checkResult(Deal calldata deal) external {
        _storage.checkResult(deal, msg.sender);
        _payments.checkResult(
            deal.key(), msg.sender, deal.timeouts.judgeResults.collateral, deal.pricing.mediationFee
        );
        _mediation.requestMediation(deal.key(), deal.dealId, deal.members.mediators);
    }

    /// The deal's chosen mediator found the results correct.
    function mediationAcceptResult(Deal calldata deal) external {
        _requireMediator(deal);
        uint256 count = _storage.mediationAcceptResult(deal);
        _payments.mediationAcceptResult(
            deal.key(),
            deal.members.resourceProvider,
            deal.members.jobCreator,
            msg.sender,
            deal.jobCost(count),
            deal.pricing.paymentCollateral,
            deal.resultsCollateral(count),
            deal.pricing.mediationFee
        );
    }

    /// The deal's chosen mediator found the results wrong.
    function mediationRejectResult(Deal calldata deal) external {
        _requireMediator(deal);
        uint256 count = _storage.mediationRejectResult(deal);
        _payments.mediationRejectResult(
            deal.key(),
            deal.members.resourceProvider,
            deal.members.jobCreator,
            msg.sender,
            deal.pricing.paymentCollateral,
            deal.resultsCollateral(count),
            deal.pricing.mediationFee
        );
    }

    /// Either party, after the agree timeout: whoever had agreed gets its collateral back.
    function timeoutAgree(Deal calldata deal) external {
        if (_storage.timeoutAgree(deal, msg.sender)) {
            _payments.timeoutAgreeRefundResourceProvider(
                deal.key(), deal.members.resourceProvider, deal.timeouts.submitResults.collateral
            );
        } else {
            _payments.timeoutAgreeRefundJobCreator(
                deal.key(),
                deal.members.jobCreator,
                deal.pricing.paymentCollateral,
                deal.timeouts.judgeResults.collateral
            );
        }
    }

    /// The JC, after the submit-results timeout: refunded in full, the RP's timeout collateral slashed.
    function timeoutSubmitResults(Deal calldata deal) external {
        _storage.timeoutSubmitResults(deal, msg.sender);
        _payments.timeoutSubmitResults(
            deal.key(),
            deal.members.resourceProvider,
            deal.members.jobCreator,
            deal.pricing.paymentCollateral,
            deal.timeouts.judgeResults.collateral,
            deal.timeouts.submitResults.collateral
        );
    }

    /// The RP, after the judge-results timeout: paid as on accept, the JC's timeout collateral slashed.
    function timeoutJudgeResults(Deal calldata deal) external {
        uint256 count = _storage.timeoutJudgeResults(deal, msg.sender);
        _payments.timeoutJudgeResults(
            deal.key(),
            deal.members.resourceProvider,
            deal.members.jobCreator,
            deal.jobCost(count),
            deal.pricing.paymentCollateral,
            deal.resultsCollateral(count),
            deal.timeouts.judgeResults.collateral
        );
    }

    /// Either party, after the mediate-results timeout: everyone gets back what they locked.
    function timeoutMediateResults(Deal calldata deal) external {
        uint256 count = _storage.timeoutMediateResults(deal, msg.sender);
        _payments.timeoutMediateResults(
            deal.key(),
            deal.members.resourceProvider,
            deal.members.jobCreator,
            deal.pricing.paymentCollateral,
            deal.resultsCollateral(count),
            deal.pricing.mediationFee
        );
    }

    function _requireMediator(Deal calldata deal) private view {
        if (msg.sender != _mediation.getMediator(deal.key())) revert NotDealMediator(deal.dealId, msg.sender);
    }
}
