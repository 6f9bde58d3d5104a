// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ControllerOwnable} from "./ControllerOwnable.sol";
import {ICoopHiveJobClient} from "./interfaces/ICoopHiveJobClient.sol";
import {ICoopHiveJobManager} from "./interfaces/ICoopHiveJobManager.sol";
import {JobNotFound, JobNotPending, MissingModule, ZeroAddress, ZeroDeposit} from "./Errors.sol";

/// Jobs requested by contracts. A calling contract pays the required deposit into this
/// contract; the job creator service (this contract's controller) turns the `JobAdded`
/// event into a job offer, runs the deal with its own funds and, once the results are
/// accepted, calls `submitResults`: the deposit then goes to the service and the results to
/// the calling contract (a client that reverts on that call is logged, not obeyed). A job the
/// service cannot complete is refunded to its payee.
contract CoopHiveOnChainJobCreator is ControllerOwnable, ICoopHiveJobManager {
    using SafeERC20 for IERC20;

    enum JobStatus {
        None, // 0
        Pending, // 1
        Completed, // 2
        Refunded // 3
    }

    struct JobOffer {
        uint256 id;
        address callingContract;
        address payee;
        uint256 deposit;
        JobStatus status;
        string module;
        string[] inputs;
    }

    IERC20 private immutable _token;
    uint256 public requiredDeposit;
    uint256 public nextJobID;
    mapping(uint256 jobId => JobOffer) private _jobs;

    event JobAdded(
        uint256 indexed id, address indexed callingContract, address indexed payee, string module, string[] inputs
    );
    event JobCompleted(uint256 indexed id, bytes32 dealId, string dataId);
    event JobRefunded(uint256 indexed id, address indexed payee, uint256 deposit);
    /// The calling contract reverted when handed its results; the job still counts as done.
    event JobCallbackFailed(uint256 indexed id, bytes reason);
    event RequiredDepositChanged(uint256 deposit);

    constructor(address token) {
        if (token == address(0)) revert ZeroAddress("token");
        _token = IERC20(token);
    }

    function getTokenAddress() external view returns (address) {
        return address(_token);
    }

    function getRequiredDeposit() external view returns (uint256) {
        return requiredDeposit;
    }

    function getJob(uint256 jobId) external view returns (JobOffer memory) {
        return _jobs[jobId];
    }

    /// Set by the job creator service to what it charges per job.
    function setRequiredDeposit(uint256 deposit) external onlyController {
        if (deposit == 0) revert ZeroDeposit();
        requiredDeposit = deposit;
        emit RequiredDepositChanged(deposit);
    }

    /// Called by a job client contract, which pays the deposit (it must have approved this
    /// contract). `payee` is who the job is for and who gets the deposit back on a refund.
    function runJob(string calldata module, string[] calldata inputs, address payee) external returns (uint256 id) {
        if (bytes(module).length == 0) revert MissingModule();
        if (payee == address(0)) revert ZeroAddress("payee");
        uint256 deposit = requiredDeposit;
        id = nextJobID++;
        JobOffer storage job = _jobs[id];
        job.id = id;
        job.callingContract = msg.sender;
        job.payee = payee;
        job.deposit = deposit;
        job.status = JobStatus.Pending;
        job.module = module;
        for (uint256 i = 0; i < inputs.length; i++) {
            job.inputs.push(inputs[i]);
        }
        if (deposit != 0) _token.safeTransferFrom(msg.sender, address(this), deposit);
        emit JobAdded(id, msg.sender, payee, module, inputs);
    }

    /// The job's deal ended with accepted results: the service is paid the deposit and the
    /// calling contract gets the results.
    function submitResults(uint256 jobId, bytes32 dealId, string calldata dataId) external onlyController {
        JobOffer storage job = _pending(jobId);
        job.status = JobStatus.Completed;
        uint256 deposit = job.deposit;
        if (deposit != 0) _token.safeTransfer(msg.sender, deposit);
        emit JobCompleted(jobId, dealId, dataId);
        // A client that reverts must not keep the service from being paid for delivered work.
        // Accounts without code (a job requested directly by an EOA) get no call.
        address client = job.callingContract;
        if (client.code.length != 0) {
            try ICoopHiveJobClient(client).submitResults(jobId, dealId, dataId) {}
            catch (bytes memory reason) {
                emit JobCallbackFailed(jobId, reason);
            }
        }
    }

    /// The service gives up on a job: the payee gets the deposit back.
    function refundJob(uint256 jobId) external onlyController {
        JobOffer storage job = _pending(jobId);
        job.status = JobStatus.Refunded;
        uint256 deposit = job.deposit;
        if (deposit != 0) _token.safeTransfer(job.payee, deposit);
        emit JobRefunded(jobId, job.payee, deposit);
    }

    function _pending(uint256 jobId) private view returns (JobOffer storage job) {
        job = _jobs[jobId];
        if (job.status == JobStatus.None) revert JobNotFound(jobId);
        if (job.status != JobStatus.Pending) revert JobNotPending(jobId);
    }
}
