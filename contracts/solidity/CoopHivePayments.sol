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
/// Deals are identified by their key (see CoopHiveStorage). Escrow is accounted per deal: a payout larger than what the deal holds reverts
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
    mapping(bytes32 dealKey => uint256) private _escrow;

    event Payment(
        bytes32 indexed dealKey,
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
    function escrowOf(bytes32 dealKey) external view returns (uint256) {
        return _escrow[dealKey];
    }

    // ---------------------------------------------------------------- agreement

    function agreeResourceProvider(bytes32 dealKey, address resourceProvider, uint256 timeoutCollateral)
        external
        onlyController
    {
        _settle(dealKey, resourceProvider, timeoutCollateral, 0);
        _log(dealKey, resourceProvider, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.PaidIn);
    }

    function agreeJobCreator(bytes32 dealKey, address jobCreator, uint256 paymentCollateral, uint256 timeoutCollateral)
        external
        onlyController
    {
        _settle(dealKey, jobCreator, paymentCollateral + timeoutCollateral, 0);
        _log(dealKey, jobCreator, paymentCollateral, PaymentReason.PaymentCollateral, PaymentDirection.PaidIn);
        _log(dealKey, jobCreator, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.PaidIn);
    }

    // ---------------------------------------------------------------- results

    /// The RP locks the results collateral and gets its submit-results timeout collateral back.
    function addResult(bytes32 dealKey, address resourceProvider, uint256 resultsCollateral, uint256 timeoutCollateral)
        external
        onlyController
    {
        _settle(dealKey, resourceProvider, resultsCollateral, timeoutCollateral);
        _log(dealKey, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.PaidIn);
        _log(dealKey, resourceProvider, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
    }

    /// The JC accepts: the RP is paid min(jobCost, paymentCollateral) and gets its results
    /// collateral back; the JC gets the unspent payment collateral and its timeout collateral.
    function acceptResult(
        bytes32 dealKey,
        address resourceProvider,
        address jobCreator,
        uint256 jobCost,
        uint256 paymentCollateral,
        uint256 resultsCollateral,
        uint256 timeoutCollateral
    ) external onlyController {
        uint256 pay = _min(jobCost, paymentCollateral);
        _settle(dealKey, resourceProvider, 0, pay + resultsCollateral);
        _settle(dealKey, jobCreator, 0, paymentCollateral - pay + timeoutCollateral);
        _log(dealKey, resourceProvider, pay, PaymentReason.JobPayment, PaymentDirection.PaidOut);
        _log(dealKey, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.Refunded);
        _log(dealKey, jobCreator, paymentCollateral - pay, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealKey, jobCreator, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
        _close(dealKey);
    }

    /// The JC asks for mediation: its judge timeout collateral comes back, the mediation fee goes in.
    function checkResult(bytes32 dealKey, address jobCreator, uint256 timeoutCollateral, uint256 mediationFee)
        external
        onlyController
    {
        _settle(dealKey, jobCreator, mediationFee, timeoutCollateral);
        _log(dealKey, jobCreator, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
        _log(dealKey, jobCreator, mediationFee, PaymentReason.MediationFee, PaymentDirection.PaidIn);
    }

    // ---------------------------------------------------------------- mediation

    /// The mediator found the results correct: the RP is paid as on accept, the mediator gets the fee.
    function mediationAcceptResult(
        bytes32 dealKey,
        address resourceProvider,
        address jobCreator,
        address mediator,
        uint256 jobCost,
        uint256 paymentCollateral,
        uint256 resultsCollateral,
        uint256 mediationFee
    ) external onlyController {
        uint256 pay = _min(jobCost, paymentCollateral);
        _settle(dealKey, resourceProvider, 0, pay + resultsCollateral);
        _settle(dealKey, mediator, 0, mediationFee);
        _settle(dealKey, jobCreator, 0, paymentCollateral - pay);
        _log(dealKey, resourceProvider, pay, PaymentReason.JobPayment, PaymentDirection.PaidOut);
        _log(dealKey, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.Refunded);
        _log(dealKey, mediator, mediationFee, PaymentReason.MediationFee, PaymentDirection.PaidOut);
        _log(dealKey, jobCreator, paymentCollateral - pay, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _close(dealKey);
    }

    /// The mediator found the results wrong: the JC gets its payment collateral back, the
    /// mediator gets the fee, the RP's results collateral goes to the treasury.
    function mediationRejectResult(
        bytes32 dealKey,
        address resourceProvider,
        address jobCreator,
        address mediator,
        uint256 paymentCollateral,
        uint256 resultsCollateral,
        uint256 mediationFee
    ) external onlyController {
        _settle(dealKey, jobCreator, 0, paymentCollateral);
        _settle(dealKey, mediator, 0, mediationFee);
        _settle(dealKey, _treasury, 0, resultsCollateral);
        _log(dealKey, jobCreator, paymentCollateral, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealKey, mediator, mediationFee, PaymentReason.MediationFee, PaymentDirection.PaidOut);
        _log(dealKey, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.Slashed);
        _close(dealKey);
    }

    // ---------------------------------------------------------------- timeouts

    /// The other party never agreed: the RP, who had, gets its timeout collateral back.
    function timeoutAgreeRefundResourceProvider(bytes32 dealKey, address resourceProvider, uint256 timeoutCollateral)
        external
        onlyController
    {
        _settle(dealKey, resourceProvider, 0, timeoutCollateral);
        _log(dealKey, resourceProvider, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
        _close(dealKey);
    }

    /// The other party never agreed: the JC, who had, gets both its collaterals back.
    function timeoutAgreeRefundJobCreator(
        bytes32 dealKey,
        address jobCreator,
        uint256 paymentCollateral,
        uint256 timeoutCollateral
    ) external onlyController {
        _settle(dealKey, jobCreator, 0, paymentCollateral + timeoutCollateral);
        _log(dealKey, jobCreator, paymentCollateral, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealKey, jobCreator, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
        _close(dealKey);
    }

    /// The RP never submitted results: the JC gets everything it paid back, the RP's submit
    /// timeout collateral goes to the treasury.
    function timeoutSubmitResults(
        bytes32 dealKey,
        address resourceProvider,
        address jobCreator,
        uint256 paymentCollateral,
        uint256 jobCreatorTimeoutCollateral,
        uint256 resourceProviderTimeoutCollateral
    ) external onlyController {
        _settle(dealKey, jobCreator, 0, paymentCollateral + jobCreatorTimeoutCollateral);
        _settle(dealKey, _treasury, 0, resourceProviderTimeoutCollateral);
        _log(dealKey, jobCreator, paymentCollateral, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealKey, jobCreator, jobCreatorTimeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Refunded);
        _log(
            dealKey,
            resourceProvider,
            resourceProviderTimeoutCollateral,
            PaymentReason.TimeoutCollateral,
            PaymentDirection.Slashed
        );
        _close(dealKey);
    }

    /// The JC never judged the results: the RP is paid as on accept and gets its results
    /// collateral back, the JC gets its unspent payment collateral back and its judge timeout
    /// collateral goes to the treasury.
    function timeoutJudgeResults(
        bytes32 dealKey,
        address resourceProvider,
        address jobCreator,
        uint256 jobCost,
        uint256 paymentCollateral,
        uint256 resultsCollateral,
        uint256 timeoutCollateral
    ) external onlyController {
        uint256 pay = _min(jobCost, paymentCollateral);
        _settle(dealKey, resourceProvider, 0, pay + resultsCollateral);
        _settle(dealKey, jobCreator, 0, paymentCollateral - pay);
        _settle(dealKey, _treasury, 0, timeoutCollateral);
        _log(dealKey, resourceProvider, pay, PaymentReason.JobPayment, PaymentDirection.PaidOut);
        _log(dealKey, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.Refunded);
        _log(dealKey, jobCreator, paymentCollateral - pay, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealKey, jobCreator, timeoutCollateral, PaymentReason.TimeoutCollateral, PaymentDirection.Slashed);
        _close(dealKey);
    }

    /// The mediator never judged: everyone gets back what they locked, nobody is paid.
    function timeoutMediateResults(
        bytes32 dealKey,
        address resourceProvider,
        address jobCreator,
        uint256 paymentCollateral,
        uint256 resultsCollateral,
        uint256 mediationFee
    ) external onlyController {
        _settle(dealKey, resourceProvider, 0, resultsCollateral);
        _settle(dealKey, jobCreator, 0, paymentCollateral + mediationFee);
        _log(dealKey, resourceProvider, resultsCollateral, PaymentReason.ResultsCollateral, PaymentDirection.Refunded);
        _log(dealKey, jobCreator, paymentCollateral, PaymentReason.PaymentCollateral, PaymentDirection.Refunded);
        _log(dealKey, jobCreator, mediationFee, PaymentReason.MediationFee, PaymentDirection.Refunded);
        _close(dealKey);
    }

    // ---------------------------------------------------------------- internals

    /// Moves the net of what `party` pays into and receives from the deal's escrow.
    function _settle(bytes32 dealKey, address party, uint256 paidIn, uint256 paidOut) private {
        if (paidIn == paidOut) return;
        uint256 held = _escrow[dealKey];
        if (paidIn > paidOut) {
            uint256 amount = paidIn - paidOut;
            _escrow[dealKey] = held + amount;
            _token.safeTransferFrom(party, address(this), amount);
        } else {
            uint256 amount = paidOut - paidIn;
            if (amount > held) revert EscrowShortfall(dealKey, amount, held);
            _escrow[dealKey] = held - amount;
            _token.safeTransfer(party, amount);
        }
    }

    function _close(bytes32 dealKey) private view {
        uint256 remaining = _escrow[dealKey];
        if (remaining != 0) revert EscrowNotSettled(dealKey, remaining);
    }

    function _log(bytes32 dealKey, address payee, uint256 amount, PaymentReason reason, PaymentDirection direction)
        private
    {
        if (amount != 0) emit Payment(dealKey, payee, amount, reason, direction);
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
