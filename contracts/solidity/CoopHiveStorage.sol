// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ControllerOwnable} from "./ControllerOwnable.sol";
import "./SharedStructs.sol";
import "./Errors.sol";

/// Deals, agreements and results, and the rules of the agreement state machine: which state
/// a step needs, which party may take it and when a timeout may be claimed. Only the
/// controller calls the mutators; it passes the caller's address (`msg.sender` at the
/// controller) and moves the money that goes with each step.
///
/// A deal is stored under its key, keccak256(abi.encode(dealId, jobCreator, resourceProvider)),
/// so a third party cannot squat a deal id by agreeing to other terms under it first.
/// To keep gas low a deal is stored as one packed slot of progress plus the keccak256 hash of
/// its terms (two slots instead of about fifteen). Every step takes the full `Deal` in
/// calldata and reverts with DealTermsMismatch unless it hashes to the stored commitment. The
/// terms are logged in full by `DealCreated`, so they can always be recovered from the chain.
contract CoopHiveStorage is ControllerOwnable {
    using DealTerms for Deal;

    /// Bound on the mediator list so that a deal's calldata and checks stay small.
    uint256 public constant MAX_MEDIATORS = 16;

    mapping(bytes32 dealKey => DealRecord) private _deals;
    mapping(bytes32 dealKey => bytes32) private _dataIds;

    /// A deal was stored by the first party to agree, with its full terms. Indexed by party so
    /// that a party can list its deals from the logs.
    event DealCreated(
        bytes32 indexed dealKey, address indexed jobCreator, address indexed resourceProvider, Deal deal
    );
    event DealStateChange(bytes32 indexed dealKey, bytes32 indexed dealId, AgreementState state);
    event ResultAdded(bytes32 indexed dealKey, bytes32 resultsId, bytes32 dataId, uint256 instructionCount);

    // ---------------------------------------------------------------- views

    /// The key a deal is stored under.
    function dealKey(bytes32 dealId, address jobCreator, address resourceProvider) external pure returns (bytes32) {
        return keccak256(abi.encode(dealId, jobCreator, resourceProvider));
    }

    function hasDeal(bytes32 dealKey_) public view returns (bool) {
        return _deals[dealKey_].termsHash != bytes32(0);
    }

    /// The keccak256 of `abi.encode(deal)` both parties agreed to; zero when there is no deal.
    function getDealHash(bytes32 dealKey_) external view returns (bytes32) {
        return _deals[dealKey_].termsHash;
    }

    /// The commitment a deal's terms would have (to check an off-chain copy).
    function hashDeal(Deal calldata deal) external pure returns (bytes32) {
        return deal.hash();
    }

    function getAgreement(bytes32 dealKey_) external view returns (Agreement memory) {
        DealRecord storage r = _deals[dealKey_];
        return Agreement(
            r.state,
            r.resourceProviderAgreed,
            r.jobCreatorAgreed,
            r.createdAt,
            r.agreedAt,
            r.resultsSubmittedAt,
            r.resultsCheckedAt,
            r.instructionCount
        );
    }

    /// The results the RP committed to; a zero result before there is one.
    function getResult(bytes32 dealKey_) external view returns (Result memory result) {
        bytes32 dataId = _dataIds[dealKey_];
        if (dataId == bytes32(0)) return result;
        return Result(dealKey_, dataId, _deals[dealKey_].instructionCount);
    }

    // ---------------------------------------------------------------- agreement

    /// `party` agrees to `deal`. The first agreement checks the terms and stores the deal; the
    /// second must carry the same terms. Returns whether the party is the resource provider.
    function agree(Deal calldata deal, address party) external onlyController returns (bool byResourceProvider) {
        bytes32 id = deal.dealId;
        bytes32 key = deal.key();
        DealRecord storage r = _deals[key];
        bytes32 terms = deal.hash();
        if (r.termsHash == bytes32(0)) {
            _validate(deal);
            r.termsHash = terms;
            r.createdAt = uint40(block.timestamp);
            emit DealCreated(key, deal.members.jobCreator, deal.members.resourceProvider, deal);
        } else {
            _requireState(id, r, AgreementState.DealNegotiating);
            if (r.termsHash != terms) revert DealTermsMismatch(id);
        }
        if (party == deal.members.resourceProvider) {
            if (r.resourceProviderAgreed) revert AlreadyAgreed(id, party);
            r.resourceProviderAgreed = true;
            byResourceProvider = true;
        } else if (party == deal.members.jobCreator) {
            if (r.jobCreatorAgreed) revert AlreadyAgreed(id, party);
            r.jobCreatorAgreed = true;
        } else {
            revert NotDealParty(id, party);
        }
        if (r.resourceProviderAgreed && r.jobCreatorAgreed) {
            r.agreedAt = uint40(block.timestamp);
            _moveTo(deal, r, AgreementState.DealAgreed);
        }
    }

    // ---------------------------------------------------------------- results

    function addResult(Deal calldata deal, address caller, bytes32 resultsId, bytes32 dataId, uint256 instructionCount)
        external
        onlyController
    {
        DealRecord storage r = _existing(deal);
        _requireState(deal.dealId, r, AgreementState.DealAgreed);
        if (caller != deal.members.resourceProvider) revert NotResourceProvider(deal.dealId, caller);
        if (resultsId == bytes32(0)) revert MissingResultsId();
        if (dataId == bytes32(0)) revert MissingDataId();
        _requireFits("instructionCount", instructionCount, type(uint64).max);
        r.instructionCount = uint64(instructionCount);
        r.resultsSubmittedAt = uint40(block.timestamp);
        bytes32 key = deal.key();
        _dataIds[key] = dataId;
        _moveTo(deal, r, AgreementState.ResultsSubmitted);
        emit ResultAdded(key, resultsId, dataId, instructionCount);
    }

    /// Returns the instruction count the results were submitted with.
    function acceptResult(Deal calldata deal, address caller) external onlyController returns (uint256) {
        DealRecord storage r = _existing(deal);
        _requireState(deal.dealId, r, AgreementState.ResultsSubmitted);
        if (caller != deal.members.jobCreator) revert NotJobCreator(deal.dealId, caller);
        _moveTo(deal, r, AgreementState.ResultsAccepted);
        return r.instructionCount;
    }

    /// The JC disputes the results.
    function checkResult(Deal calldata deal, address caller) external onlyController {
        DealRecord storage r = _existing(deal);
        _requireState(deal.dealId, r, AgreementState.ResultsSubmitted);
        if (caller != deal.members.jobCreator) revert NotJobCreator(deal.dealId, caller);
        r.resultsCheckedAt = uint40(block.timestamp);
        _moveTo(deal, r, AgreementState.ResultsChecked);
    }

    // ---------------------------------------------------------------- mediation

    /// The controller has checked that the caller is the deal's chosen mediator. Returns the
    /// instruction count.
    function mediationAcceptResult(Deal calldata deal) external onlyController returns (uint256) {
        DealRecord storage r = _existing(deal);
        _requireState(deal.dealId, r, AgreementState.ResultsChecked);
        _moveTo(deal, r, AgreementState.MediationAccepted);
        return r.instructionCount;
    }

    function mediationRejectResult(Deal calldata deal) external onlyController returns (uint256) {
        DealRecord storage r = _existing(deal);
        _requireState(deal.dealId, r, AgreementState.ResultsChecked);
        _moveTo(deal, r, AgreementState.MediationRejected);
        return r.instructionCount;
    }

    // ---------------------------------------------------------------- timeouts

    /// Either party, once `agree.timeout` has passed since the first agreement without the
    /// second one. Returns whether the RP was the party that had agreed.
    function timeoutAgree(Deal calldata deal, address caller) external onlyController returns (bool resourceProviderAgreed) {
        DealRecord storage r = _existing(deal);
        _requireState(deal.dealId, r, AgreementState.DealNegotiating);
        _requireParty(deal, caller);
        _requireTimedOut(deal.dealId, r.createdAt, deal.timeouts.agree.timeout);
        _moveTo(deal, r, AgreementState.TimeoutAgree);
        return r.resourceProviderAgreed;
    }

    /// The JC, once `submitResults.timeout` has passed since both agreed without results.
    function timeoutSubmitResults(Deal calldata deal, address caller) external onlyController {
        DealRecord storage r = _existing(deal);
        _requireState(deal.dealId, r, AgreementState.DealAgreed);
        if (caller != deal.members.jobCreator) revert NotJobCreator(deal.dealId, caller);
        _requireTimedOut(deal.dealId, r.agreedAt, deal.timeouts.submitResults.timeout);
        _moveTo(deal, r, AgreementState.TimeoutSubmitResults);
    }

    /// The RP, once `judgeResults.timeout` has passed since it submitted results that the JC
    /// neither accepted nor checked. Returns the instruction count.
    function timeoutJudgeResults(Deal calldata deal, address caller) external onlyController returns (uint256) {
        DealRecord storage r = _existing(deal);
        _requireState(deal.dealId, r, AgreementState.ResultsSubmitted);
        if (caller != deal.members.resourceProvider) revert NotResourceProvider(deal.dealId, caller);
        _requireTimedOut(deal.dealId, r.resultsSubmittedAt, deal.timeouts.judgeResults.timeout);
        _moveTo(deal, r, AgreementState.TimeoutJudgeResults);
        return r.instructionCount;
    }

    /// Either party, once `mediateResults.timeout` has passed since the JC asked for
    /// mediation without a verdict. Returns the instruction count.
    function timeoutMediateResults(Deal calldata deal, address caller) external onlyController returns (uint256) {
        DealRecord storage r = _existing(deal);
        _requireState(deal.dealId, r, AgreementState.ResultsChecked);
        _requireParty(deal, caller);
        _requireTimedOut(deal.dealId, r.resultsCheckedAt, deal.timeouts.mediateResults.timeout);
        _moveTo(deal, r, AgreementState.TimeoutMediateResults);
        return r.instructionCount;
    }

    // ---------------------------------------------------------------- internals

    function _validate(Deal calldata deal) private pure {
        if (deal.dealId == bytes32(0)) revert MissingDealId();
        DealMembers calldata m = deal.members;
        if (m.resourceProvider == address(0)) revert MissingResourceProvider();
        if (m.jobCreator == address(0)) revert MissingJobCreator();
        if (m.solver == address(0)) revert MissingSolver();
        if (m.resourceProvider == m.jobCreator) revert SameResourceProviderAndJobCreator(m.jobCreator);
        uint256 count = m.mediators.length;
        if (count == 0) revert NoMediators();
        if (count > MAX_MEDIATORS) revert TooManyMediators(count, MAX_MEDIATORS);
        for (uint256 i = 0; i < count; i++) {
            address mediator = m.mediators[i];
            if (mediator == address(0)) revert MissingMediator(i);
            if (mediator == m.resourceProvider || mediator == m.jobCreator) revert MediatorIsDealParty(mediator);
        }

        DealTimeouts calldata t = deal.timeouts;
        if (t.agree.collateral != 0) revert AgreeCollateralNotZero(t.agree.collateral);
        if (t.mediateResults.collateral != 0) revert MediateCollateralNotZero(t.mediateResults.collateral);
        _requireTimeout("agree", t.agree.timeout);
        _requireTimeout("submitResults", t.submitResults.timeout);
        _requireTimeout("judgeResults", t.judgeResults.timeout);
        _requireTimeout("mediateResults", t.mediateResults.timeout);
        // Bounds that keep every amount derived from the terms far from overflow.
        _requireFits("submitResults.collateral", t.submitResults.collateral, type(uint128).max);
        _requireFits("judgeResults.collateral", t.judgeResults.collateral, type(uint128).max);
        DealPricing calldata p = deal.pricing;
        _requireFits("instructionPrice", p.instructionPrice, type(uint128).max);
        _requireFits("paymentCollateral", p.paymentCollateral, type(uint128).max);
        _requireFits("resultsCollateralMultiple", p.resultsCollateralMultiple, type(uint32).max);
        _requireFits("mediationFee", p.mediationFee, type(uint128).max);
    }

    function _existing(Deal calldata deal) private view returns (DealRecord storage r) {
        r = _deals[deal.key()];
        bytes32 terms = r.termsHash;
        if (terms == bytes32(0)) revert DealNotFound(deal.dealId);
        if (terms != deal.hash()) revert DealTermsMismatch(deal.dealId);
    }

    function _requireParty(Deal calldata deal, address caller) private pure {
        if (caller != deal.members.resourceProvider && caller != deal.members.jobCreator) {
            revert NotDealParty(deal.dealId, caller);
        }
    }

    function _requireState(bytes32 dealId, DealRecord storage r, AgreementState required) private view {
        if (r.state != required) revert WrongState(dealId, r.state, required);
    }

    function _requireTimedOut(bytes32 dealId, uint256 since, uint256 timeout) private view {
        uint256 deadline = since + timeout;
        if (block.timestamp <= deadline) revert NotTimedOut(dealId, deadline);
    }

    function _requireTimeout(string memory name, uint256 timeout) private pure {
        if (timeout == 0) revert ZeroTimeout(name);
        _requireFits(name, timeout, type(uint32).max);
    }

    function _requireFits(string memory name, uint256 value, uint256 max) private pure {
        if (value > max) revert TermTooLarge(name, value, max);
    }

    function _moveTo(Deal calldata deal, DealRecord storage r, AgreementState state) private {
        r.state = state;
        emit DealStateChange(deal.key(), deal.dealId, state);
    }
}
