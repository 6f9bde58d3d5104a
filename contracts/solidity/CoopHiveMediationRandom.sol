// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ControllerOwnable} from "./ControllerOwnable.sol";
import {ICoopHiveMediationHandler} from "./interfaces/ICoopHiveMediationHandler.sol";
import {MediationAlreadyRequested, NoMediators} from "./Errors.sol";

/// Picks one of the deal's agreed mediators, pseudo-randomly from the block's randomness
/// beacon (prevrandao) and the deal id. The pick is not secret from block producers; it only
/// needs to be out of the two parties' hands, and it can only ever be a mediator both agreed to.
contract CoopHiveMediationRandom is ControllerOwnable, ICoopHiveMediationHandler {
    mapping(bytes32 dealKey => address) private _mediators;

    event MediationRequested(bytes32 indexed dealKey, bytes32 indexed dealId, address indexed mediator);

    function requestMediation(bytes32 dealKey, bytes32 dealId, address[] calldata mediators)
        external
        onlyController
        returns (address mediator)
    {
        if (mediators.length == 0) revert NoMediators();
        if (_mediators[dealKey] != address(0)) revert MediationAlreadyRequested(dealId);
        uint256 index = uint256(keccak256(abi.encode(block.prevrandao, dealKey))) % mediators.length;
        mediator = mediators[index];
        _mediators[dealKey] = mediator;
        emit MediationRequested(dealKey, dealId, mediator);
    }

    function getMediator(bytes32 dealKey) external view returns (address) {
        return _mediators[dealKey];
    }
}
