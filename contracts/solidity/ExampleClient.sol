// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ICoopHiveJobClient} from "./interfaces/ICoopHiveJobClient.sol";
import {ICoopHiveJobManager} from "./interfaces/ICoopHiveJobManager.sol";
import {NotJobManager, ZeroAddress} from "./Errors.sol";

/// A contract that runs cowsay on the network: a template for developers' own job clients.
/// The caller pays the job manager's deposit (approve this contract for it first); results
/// are accepted from the job manager only.
contract ExampleClient is Ownable, ICoopHiveJobClient {
    using SafeERC20 for IERC20;

    string public constant COWSAY_MODULE = "cowsay:v0.0.1";

    ICoopHiveJobManager private _jobManager;
    mapping(uint256 jobId => string) private _results;

    event JobCreated(uint256 indexed id, address indexed requester, string message);
    event JobCompleted(uint256 indexed id, bytes32 dealId, string dataId);

    constructor(address jobManager) Ownable(msg.sender) {
        _setJobManager(jobManager);
    }

    function setJobManagerAddress(address jobManager) external onlyOwner {
        _setJobManager(jobManager);
    }

    function getJobManagerAddress() external view returns (address) {
        return address(_jobManager);
    }

    function getJobResult(uint256 jobId) external view returns (string memory) {
        return _results[jobId];
    }

    function runCowsay(string calldata message) external returns (uint256 id) {
        ICoopHiveJobManager manager = _jobManager;
        uint256 deposit = manager.getRequiredDeposit();
        if (deposit != 0) {
            IERC20 token = IERC20(manager.getTokenAddress());
            token.safeTransferFrom(msg.sender, address(this), deposit);
            token.forceApprove(address(manager), deposit);
        }
        string[] memory inputs = new string[](1);
        inputs[0] = string.concat("Message=", message);
        id = manager.runJob(COWSAY_MODULE, inputs, msg.sender);
        emit JobCreated(id, msg.sender, message);
    }

    function submitResults(uint256 jobId, bytes32 dealId, string calldata dataId) external {
        if (msg.sender != address(_jobManager)) revert NotJobManager(msg.sender);
        _results[jobId] = dataId;
        emit JobCompleted(jobId, dealId, dataId);
    }

    function _setJobManager(address jobManager) private {
        if (jobManager == address(0)) revert ZeroAddress("jobManager");
        _jobManager = ICoopHiveJobManager(jobManager);
    }
}
