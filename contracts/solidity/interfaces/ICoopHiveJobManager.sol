// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// Takes job requests from contracts. The caller pays `getRequiredDeposit()` tokens (it must
/// have approved the job manager) and is called back through ICoopHiveJobClient.
interface ICoopHiveJobManager {
    function runJob(string calldata module, string[] calldata inputs, address payee) external returns (uint256 jobId);

    function getRequiredDeposit() external view returns (uint256);

    function getTokenAddress() external view returns (address);
}
