// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ControllerOwnable} from "./ControllerOwnable.sol";
import "./SharedStructs.sol";
import "./Errors.sol";

/// Deals, agreements and results, and the rules of the agreement state machine: which state
/// a step needs, which party may take it and when a timeout may be claimed. Only the
/// controller calls the mutators; it passes the caller's address (`msg.sender` at the
/// controller) and moves the money that goes with each step.
contract CoopHiveStorage is ControllerOwnable {
    /// Bound on the mediator list so that a deal's storage and comparison cost stay small.
    uint256 public constant MAX_MEDIATORS = 16;

    struct StoredResult {
        bytes32 resultsId;
        bytes32 dataId;
    }

    mapping(bytes32 dealId => DealRecord) private _deals;
    mapping(bytes32 dealId => address[]) private _mediators;
    mapping(bytes32 dealId => StoredResult) private _results;

    /// A deal was stored by the first party to agree. Indexed by party so that a party can
    /// list its deals from the logs.
    event DealCreated(bytes32 indexed dealId, address indexed jobCreator, address indexed resourceProvider);
    event DealStateChange(bytes32 indexed dealId, AgreementState state);
    event ResultAdded(bytes32 indexed dealId, bytes32 resultsId, bytes32 dataId, uint256 instructionCount);

    // ---------------------------------------------------------------- views

    function hasDeal(bytes32 dealId) public view returns (bool) {
        return _deals[dealId].resourceProvider != address(0);
    }

    /// The deal as agreed; a zero deal when it does not exist.
    function getDeal(bytes32 dealId) external view returns (Deal memory deal) {
        DealRecord storage r = _deals[dealId];
        if (r.resourceProvider == address(0)) return deal;
        deal.dealId = dealId;
        deal.members = DealMembers(r.solver, r.jobCreator, r.resourceProvider, _mediators[dealId]);
        deal.timeouts = DealTimeouts(
            DealTimeout(r.agreeTimeout, 0),
            DealTimeout(r.submitResultsTimeout, r.submitResultsCollateral),
            DealTimeout(r.judgeResultsTimeout, r.judgeResultsCollateral),
            DealTimeout(r.mediateResultsTimeout, 0)
        );
        deal.pricing = DealPricing(r.instructionPrice, r.paymentCollateral, r.resultsCollateralMultiple, r.mediationFee);
    }

    function getAgreement(bytes32 dealId) external view returns (Agreement memory) {
        DealRecord storage r = _deals[dealId];
        return Agreement(
            r.state,
            r.resourceProviderAgreed,
            r.jobCreatorAgreed,
            r.createdAt,
            r.agreedAt,
            r.resultsSubmittedAt,
            r.resultsCheckedAt,
            r.closedAt
        );
    }

    function getResult(bytes32 dealId) external view returns (Result memory result) {
        StoredResult storage s = _results[dealId];
        if (s.resultsId == bytes32(0)) return result;
        return Result(dealId, s.resultsId, s.dataId, _deals[dealId].instructionCount);
    }

    /// The packed record, for the controller.
    function getDealRecord(bytes32 dealId) external view returns (DealRecord memory) {
        return _deals[dealId];
    }

    /// instructionPrice x instructionCount, zero before results are in.
    function getJobCost(bytes32 dealId) external view returns (uint256) {
        return DealRecords.jobCost(_deals[dealId]);
    }

    /// resultsCollateralMultiple x job cost.
    function getResultsCollateral(bytes32 dealId) external view returns (uint256) {
        return DealRecords.resultsCollateral(_deals[dealId]);
    }

    // ---------------------------------------------------------------- agreement

    /// `party` agrees to `deal`. The first agreement stores the deal after checking its
    /// terms; the second must carry the same terms. Returns the record and whether the
    /// party is the resource provider.
    function agree(Deal calldata deal, address party)
        external
        onlyController
        returns (DealRecord memory, bool byResourceProvider)
    {
        bytes32 id = deal.dealId;
        DealRecord storage r = _deals[id];
        if (r.resourceProvider == address(0)) {
            _create(r, deal);
        } else {
            _requireState(id, r, AgreementState.DealNegotiating);
            _requireSameTerms(r, deal);
        }
        if (party == r.resourceProvider) {
            if (r.resourceProviderAgreed) revert AlreadyAgreed(id, party);
            r.resourceProviderAgreed = true;
            byResourceProvider = true;
        } else if (party == r.jobCreator) {
            if (r.jobCreatorAgreed) revert AlreadyAgreed(id, party);
            r.jobCreatorAgreed = true;
        } else {
            revert NotDealParty(id, party);
        }
        if (r.resourceProviderAgreed && r.jobCreatorAgreed) {
            r.agreedAt = uint40(block.timestamp);
            _moveTo(id, r, AgreementState.DealAgreed);
        }
        return (r, byResourceProvider);
    }

    // ---------------------------------------------------------------- results

    function addResult(bytes32 dealId, address caller, bytes32 resultsId, bytes32 dataId, uint256 instructionCount)
        external
        onlyController
        returns (DealRecord memory)
    {
        DealRecord storage r = _existing(dealId);
        _requireState(dealId, r, AgreementState.DealAgreed);
        if (caller != r.resourceProvider) revert NotResourceProvider(dealId, caller);
        if (resultsId == bytes32(0)) revert MissingResultsId();
        if (dataId == bytes32(0)) revert MissingDataId();
        _requireFits("instructionCount", instructionCount, type(uint64).max);
        r.instructionCount = uint64(instructionCount);
        r.resultsSubmittedAt = uint40(block.timestamp);
        _results[dealId] = StoredResult(resultsId, dataId);
        _moveTo(dealId, r, AgreementState.ResultsSubmitted);
        emit ResultAdded(dealId, resultsId, dataId, instructionCount);
        return r;
    }

    function acceptResult(bytes32 dealId, address caller) external onlyController returns (DealRecord memory) {
        DealRecord storage r = _existing(dealId);
        _requireState(dealId, r, AgreementState.ResultsSubmitted);
        if (caller != r.jobCreator) revert NotJobCreator(dealId, caller);
        _close(dealId, r, AgreementState.ResultsAccepted);
        return r;
    }

    /// The JC disputes the results. Returns the mediators both parties agreed to, from which
    /// the controller has the mediation handler pick one.
    function checkResult(bytes32 dealId, address caller)
        external
        onlyController
        returns (DealRecord memory, address[] memory mediators)
    {
        DealRecord storage r = _existing(dealId);
        _requireState(dealId, r, AgreementState.ResultsSubmitted);
        if (caller != r.jobCreator) revert NotJobCreator(dealId, caller);
        r.resultsCheckedAt = uint40(block.timestamp);
        _moveTo(dealId, r, AgreementState.ResultsChecked);
        return (r, _mediators[dealId]);
    }

    // ---------------------------------------------------------------- mediation

    /// The controller has checked that the caller is the deal's chosen mediator.
    function mediationAcceptResult(bytes32 dealId) external onlyController returns (DealRecord memory) {
        DealRecord storage r = _existing(dealId);
        _requireState(dealId, r, AgreementState.ResultsChecked);
        _close(dealId, r, AgreementState.MediationAccepted);
        return r;
    }

    function mediationRejectResult(bytes32 dealId) external onlyController returns (DealRecord memory) {
        DealRecord storage r = _existing(dealId);
        _requireState(dealId, r, AgreementState.ResultsChecked);
        _close(dealId, r, AgreementState.MediationRejected);
        return r;
    }

    // ---------------------------------------------------------------- timeouts

    /// Either party, once `agree.timeout` has passed since the first agreement without the
    /// second one.
    function timeoutAgree(bytes32 dealId, address caller) external onlyController returns (DealRecord memory) {
        DealRecord storage r = _existing(dealId);
        _requireState(dealId, r, AgreementState.DealNegotiating);
        if (caller != r.resourceProvider && caller != r.jobCreator) revert NotDealParty(dealId, caller);
        _requireTimedOut(dealId, r.createdAt, r.agreeTimeout);
        _close(dealId, r, AgreementState.TimeoutAgree);
        return r;
    }

    /// The JC, once `submitResults.timeout` has passed since both agreed without results.
    function timeoutSubmitResults(bytes32 dealId, address caller) external onlyController returns (DealRecord memory) {
        DealRecord storage r = _existing(dealId);
        _requireState(dealId, r, AgreementState.DealAgreed);
        if (caller != r.jobCreator) revert NotJobCreator(dealId, caller);
        _requireTimedOut(dealId, r.agreedAt, r.submitResultsTimeout);
        _close(dealId, r, AgreementState.TimeoutSubmitResults);
        return r;
    }

    /// The RP, once `judgeResults.timeout` has passed since it submitted results that the JC
    /// neither accepted nor checked.
    function timeoutJudgeResults(bytes32 dealId, address caller) external onlyController returns (DealRecord memory) {
        DealRecord storage r = _existing(dealId);
        _requireState(dealId, r, AgreementState.ResultsSubmitted);
        if (caller != r.resourceProvider) revert NotResourceProvider(dealId, caller);
        _requireTimedOut(dealId, r.resultsSubmittedAt, r.judgeResultsTimeout);
        _close(dealId, r, AgreementState.TimeoutJudgeResults);
        return r;
    }

    /// Either party, once `mediateResults.timeout` has passed since the JC asked for
    /// mediation without a verdict.
    function timeoutMediateResults(bytes32 dealId, address caller) external onlyController returns (DealRecord memory) {
        DealRecord storage r = _existing(dealId);
        _requireState(dealId, r, AgreementState.ResultsChecked);
        if (caller != r.resourceProvider && caller != r.jobCreator) revert NotDealParty(dealId, caller);
        _requireTimedOut(dealId, r.resultsCheckedAt, r.mediateResultsTimeout);
        _close(dealId, r, AgreementState.TimeoutMediateResults);
        return r;
    }

    // ---------------------------------------------------------------- internals

    function _create(DealRecord storage r, Deal calldata deal) private {
        bytes32 id = deal.dealId;
        if (id == bytes32(0)) revert MissingDealId();
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
        _requireFits("submitResults.collateral", t.submitResults.collateral, type(uint128).max);
        _requireFits("judgeResults.collateral", t.judgeResults.collateral, type(uint128).max);

        DealPricing calldata p = deal.pricing;
        _requireFits("instructionPrice", p.instructionPrice, type(uint128).max);
        _requireFits("paymentCollateral", p.paymentCollateral, type(uint128).max);
        _requireFits("resultsCollateralMultiple", p.resultsCollateralMultiple, type(uint32).max);
        _requireFits("mediationFee", p.mediationFee, type(uint96).max);

        r.state = AgreementState.DealNegotiating;
        r.createdAt = uint40(block.timestamp);
        r.resultsCollateralMultiple = uint32(p.resultsCollateralMultiple);
        r.resourceProvider = m.resourceProvider;
        r.agreeTimeout = uint32(t.agree.timeout);
        r.submitResultsTimeout = uint32(t.submitResults.timeout);
        r.judgeResultsTimeout = uint32(t.judgeResults.timeout);
        r.jobCreator = m.jobCreator;
        r.mediateResultsTimeout = uint32(t.mediateResults.timeout);
        r.solver = m.solver;
        r.mediationFee = uint96(p.mediationFee);
        r.instructionPrice = uint128(p.instructionPrice);
        r.paymentCollateral = uint128(p.paymentCollateral);
        r.submitResultsCollateral = uint128(t.submitResults.collateral);
        r.judgeResultsCollateral = uint128(t.judgeResults.collateral);
        _mediators[id] = m.mediators;
        emit DealCreated(id, m.jobCreator, m.resourceProvider);
    }

    function _requireSameTerms(DealRecord storage r, Deal calldata deal) private view {
        DealMembers calldata m = deal.members;
        DealTimeouts calldata t = deal.timeouts;
        DealPricing calldata p = deal.pricing;
        address[] storage mediators = _mediators[deal.dealId];
        bool same = r.resourceProvider == m.resourceProvider && r.jobCreator == m.jobCreator
            && r.solver == m.solver && mediators.length == m.mediators.length && t.agree.collateral == 0
            && t.mediateResults.collateral == 0 && r.agreeTimeout == t.agree.timeout
            && r.submitResultsTimeout == t.submitResults.timeout && r.judgeResultsTimeout == t.judgeResults.timeout
            && r.mediateResultsTimeout == t.mediateResults.timeout
            && r.submitResultsCollateral == t.submitResults.collateral
            && r.judgeResultsCollateral == t.judgeResults.collateral && r.instructionPrice == p.instructionPrice
            && r.paymentCollateral == p.paymentCollateral && r.resultsCollateralMultiple == p.resultsCollateralMultiple
            && r.mediationFee == p.mediationFee;
        if (same) {
            for (uint256 i = 0; i < mediators.length; i++) {
                if (mediators[i] != m.mediators[i]) {
                    same = false;
                    break;
                }
            }
        }
        if (!same) revert DealTermsMismatch(deal.dealId);
    }

    function _existing(bytes32 dealId) private view returns (DealRecord storage r) {
        r = _deals[dealId];
        if (r.resourceProvider == address(0)) revert DealNotFound(dealId);
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

    function _close(bytes32 dealId, DealRecord storage r, AgreementState terminal) private {
        r.closedAt = uint40(block.timestamp);
        _moveTo(dealId, r, terminal);
    }

    function _moveTo(bytes32 dealId, DealRecord storage r, AgreementState state) private {
        r.state = state;
        emit DealStateChange(dealId, state);
    }
}
