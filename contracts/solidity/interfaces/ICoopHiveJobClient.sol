// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// A contract that asks the network for jobs. The job manager calls it back with the
/// results; implementations must accept that call from the job manager only.
interface ICoopHiveJobClient {
    function submitResults(uint256 jobId, bytes32 dealId, string calldata dataId) external;
}
