// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ControllerOwnable} from "./ControllerOwnable.sol";
import {PaymentDirection, PaymentReason} from "./SharedStructs.sol";
import {EscrowNotSettled, EscrowShortfall, ZeroAddress} from "./Errors.sol";

/// The escrow of every deal. Parties approve this contract on the token; the controller
/// tells it which step of which deal happened and it moves exactly that step's amounts.
///
/// Escrow is accounted per deal: a payout larger than what the deal holds reverts
/// (EscrowShortfall) instead of borrowing from another deal, and every terminal step checks
/// that the deal's escrow ends at zero (EscrowNotSettled). Hence the token balance of this
/// contract always equals the sum of `escrowOf` over open deals.
///
/// One `Payment` event is emitted per movement (the table in ARCHITECTURE.md); the token
/// transfers are netted per party and step, so a party sees at most one Transfer per step.
contract CoopHivePayments is ControllerOwnable {
    using SafeERC20 for IERC20;

    IERC20 private immutable _token;
    address private _treasury;
    mapping(bytes32 dealId => uint256) private _escrow;

    event Payment(
        bytes32 indexed dealId,
        address indexed payee,
        uint256 amount,
        PaymentReason reason,
        PaymentDirection direction
    );
    event TreasuryChanged(address indexed treasury);

    constructor(address token, address treasury) {
        if (token == address(0)) revert ZeroAddress("token");
        _token = IERC20(token);
        _setTreasury(treasury);
    }

    function getTokenAddress() external view returns (address) {
        return address(_token);
    }

    /// Where slashed collateral goes.
    function getTreasuryAddress() external view returns (address) {
        return _treasury;
    }

    function setTreasuryAddress(address treasury) external onlyOwner {
        _setTreasury(treasury);
    }

    /// The tokens this contract holds for one deal.
    function escrowOf(bytes32 dealId) external view returns (uint256) {
        return _escrow[dealId];
    }

    // ---------------------------------------------------------------- agreement

    function agreeResourceProvider(bytes32 dealId, address resourceProvider, uint256 timeoutCollateral)
        external
        onlyController
    {
        _settle(dealId, resourceProvider, timeoutCollateral, 0);
        _log(dealId, resourceProvider, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.PaidIn);
    }

    function agreeJobCreator(bytes32 dealId, address jobCreator, uint256 paymentCollateral, uint256 timeoutCollateral)
        external
        onlyController
    {
        _settle(dealId, jobCreator, paymentCollateral + timeoutCollateral, 0);
        _log(dealId, jobCreator, paymentCollateral, PaymentReason.PaymentCollateral, PaymentDirection.PaidIn);
        _log(dealId, jobCreator, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.PaidIn);
    }

    // ---------------------------------------------------------------- results

    /// The RP locks the results collateral and gets its submit-results timeout collateral back.
    function addResult(bytes32 dealId, address resourceProvider, uint256 resultsCollateral, uint256 timeoutCollateral)
        external
        onlyController
    {
        _settle(dealId, resourceProvider, resultsCollateral, timeoutCollateral);
        _log(dealId, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.PaidIn);
        _log(dealId, resourceProvider, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
    }

    /// The JC accepts: the RP is paid min(jobCost, paymentCollateral) and gets its results
    /// collateral back; the JC gets the unspent payment collateral and its timeout collateral.
    function acceptResult(
        bytes32 dealId,
        address resourceProvider,
        address jobCreator,
        uint256 jobCost,
        uint256 paymentCollateral,
        uint256 resultsCollateral,
        uint256 timeoutCollateral
    ) external onlyController {
        uint256 pay = _min(jobCost, paymentCollateral);
        _settle(dealId, resourceProvider, 0, pay + resultsCollateral);
        _settle(dealId, jobCreator, 0, paymentCollateral - pay + timeoutCollateral);
        _log(dealId, resourceProvider, pay, PaymentReason.JobPayment, PaymentDirection.PaidOut);
        _log(dealId, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.Refunded);
        _log(dealId, jobCreator, paymentCollateral - pay, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealId, jobCreator, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
        _close(dealId);
    }

    /// The JC asks for mediation: its judge timeout collateral comes back, the mediation fee goes in.
    function checkResult(bytes32 dealId, address jobCreator, uint256 timeoutCollateral, uint256 mediationFee)
        external
        onlyController
    {
        _settle(dealId, jobCreator, mediationFee, timeoutCollateral);
        _log(dealId, jobCreator, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
        _log(dealId, jobCreator, mediationFee, PaymentReason.MediationFee, PaymentDirection.PaidIn);
    }

    // ---------------------------------------------------------------- mediation

    /// The mediator found the results correct: the RP is paid as on accept, the mediator gets the fee.
    function mediationAcceptResult(
        bytes32 dealId,
        address resourceProvider,
        address jobCreator,
        address mediator,
        uint256 jobCost,
        uint256 paymentCollateral,
        uint256 resultsCollateral,
        uint256 mediationFee
    ) external onlyController {
        uint256 pay = _min(jobCost, paymentCollateral);
        _settle(dealId, resourceProvider, 0, pay + resultsCollateral);
        _settle(dealId, mediator, 0, mediationFee);
        _settle(dealId, jobCreator, 0, paymentCollateral - pay);
        _log(dealId, resourceProvider, pay, PaymentReason.JobPayment, PaymentDirection.PaidOut);
        _log(dealId, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.Refunded);
        _log(dealId, mediator, mediationFee, PaymentReason.MediationFee, PaymentDirection.PaidOut);
        _log(dealId, jobCreator, paymentCollateral - pay, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _close(dealId);
    }

    /// The mediator found the results wrong: the JC gets its payment collateral back, the
    /// mediator gets the fee, the RP's results collateral goes to the treasury.
    function mediationRejectResult(
        bytes32 dealId,
        address resourceProvider,
        address jobCreator,
        address mediator,
        uint256 paymentCollateral,
        uint256 resultsCollateral,
        uint256 mediationFee
    ) external onlyController {
        _settle(dealId, jobCreator, 0, paymentCollateral);
        _settle(dealId, mediator, 0, mediationFee);
        _settle(dealId, _treasury, 0, resultsCollateral);
        _log(dealId, jobCreator, paymentCollateral, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealId, mediator, mediationFee, PaymentReason.MediationFee, PaymentDirection.PaidOut);
        _log(dealId, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.Slashed);
        _close(dealId);
    }

    // ---------------------------------------------------------------- timeouts

    /// The other party never agreed: the RP, who had, gets its timeout collateral back.
    function timeoutAgreeRefundResourceProvider(bytes32 dealId, address resourceProvider, uint256 timeoutCollateral)
        external
        onlyController
    {
        _settle(dealId, resourceProvider, 0, timeoutCollateral);
        _log(dealId, resourceProvider, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
        _close(dealId);
    }

    /// The other party never agreed: the JC, who had, gets both its collaterals back.
    function timeoutAgreeRefundJobCreator(
        bytes32 dealId,
        address jobCreator,
        uint256 paymentCollateral,
        uint256 timeoutCollateral
    ) external onlyController {
        _settle(dealId, jobCreator, 0, paymentCollateral + timeoutCollateral);
        _log(dealId, jobCreator, paymentCollateral, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealId, jobCreator, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
        _close(dealId);
    }

    /// The RP never submitted results: the JC gets everything it paid back, the RP's submit
    /// timeout collateral goes to the treasury.
    function timeoutSubmitResults(
        bytes32 dealId,
        address resourceProvider,
        address jobCreator,
        uint256 paymentCollateral,
        uint256 jobCreatorTimeoutCollateral,
        uint256 resourceProviderTimeoutCollateral
    ) external onlyController {
        _settle(dealId, jobCreator, 0, paymentCollateral + jobCreatorTimeoutCollateral);
        _settle(dealId, _treasury, 0, resourceProviderTimeoutCollateral);
        _log(dealId, jobCreator, paymentCollateral, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealId, jobCreator, jobCreatorTimeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
        _log(
            dealId,
            resourceProvider,
            resourceProviderTimeoutCollateral,
            PaymentReason.TimeoutCollateral,
            PaymentDirection.Slashed
        );
        _close(dealId);
    }

    /// The JC never judged the results: the RP is paid as on accept and gets its results
    /// collateral back, the JC gets its unspent payment collateral back and its judge timeout
    /// collateral goes to the treasury.
    function timeoutJudgeResults(
        bytes32 dealId,
        address resourceProvider,
        address jobCreator,
        uint256 jobCost,
        uint256 paymentCollateral,
        uint256 resultsCollateral,
        uint256 timeoutCollateral
    ) external onlyController {
        uint256 pay = _min(jobCost, paymentCollateral);
        _settle(dealId, resourceProvider, 0, pay + resultsCollateral);
        _settle(dealId, jobCreator, 0, paymentCollateral - pay);
        _settle(dealId, _treasury, 0, timeoutCollateral);
        _log(dealId, resourceProvider, pay, PaymentReason.JobPayment, PaymentDirection.PaidOut);
        _log(dealId, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.Refunded);
        _log(dealId, jobCreator, paymentCollateral - pay, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealId, jobCreator, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Slashed);
        _close(dealId);
    }

    /// The mediator never judged: everyone gets back what they locked, nobody is paid.
    function timeoutMediateResults(
        bytes32 dealId,
        address resourceProvider,
        address jobCreator,
        uint256 paymentCollateral,
        uint256 resultsCollateral,
        uint256 mediationFee
    ) external onlyController {
        _settle(dealId, resourceProvider, 0, resultsCollateral);
        _settle(dealId, jobCreator, 0, paymentCollateral + mediationFee);
        _log(dealId, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.Refunded);
        _log(dealId, jobCreator, paymentCollateral, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealId, jobCreator, mediationFee, PaymentReason.MediationFee, PaymentDirection.Refunded);
        _close(dealId);
    }

    // ---------------------------------------------------------------- internals

    /// Moves the net of what `party` pays into and receives from the deal's escrow.
    function _settle(bytes32 dealId, address party, uint256 paidIn, uint256 paidOut) private {
        if (paidIn == paidOut) return;
        uint256 held = _escrow[dealId];
        if (paidIn > paidOut) {
            uint256 amount = paidIn - paidOut;
            _escrow[dealId] = held + amount;
            _token.safeTransferFrom(party, address(this), amount);
        } else {
            uint256 amount = paidOut - paidIn;
            if (amount > held) revert EscrowShortfall(dealId, amount, held);
            _escrow[dealId] = held - amount;
            _token.safeTransfer(party, amount);
        }
    }

    function _close(bytes32 dealId) private view {
        uint256 remaining = _escrow[dealId];
        if (remaining != 0) revert EscrowNotSettled(dealId, remaining);
    }

    function _log(bytes32 dealId, address payee, uint256 amount, PaymentReason reason, PaymentDirection direction)
        private
    {
        if (amount != 0) emit Payment(dealId, payee, amount, reason, direction);
    }

    function _setTreasury(address treasury) private {
        if (treasury == address(0)) revert ZeroAddress("treasury");
        _treasury = treasury;
        emit TreasuryChanged(treasury);
    }

    function _min(uint256 a, uint256 b) private pure returns (uint256) {
        return a < b ? a : b;
    }
}
