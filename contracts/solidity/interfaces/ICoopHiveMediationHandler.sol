// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

/// Picks who judges a disputed deal. The controller asks it once per checked deal and then
/// accepts a verdict only from the mediator it returned.
interface ICoopHiveMediationHandler {
    function requestMediation(bytes32 dealKey, bytes32 dealId, address[] calldata mediators)
        external
        returns (address mediator);

    function getMediator(bytes32 dealKey) external view returns (address);
}
