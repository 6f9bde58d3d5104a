// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ControllerChangeDisabled, ControllerNotSet, NotController, ZeroAddress} from "./Errors.sol";

/// Owned by the deployer, driven by one controller address (the CoopHiveController, or for
/// the on-chain job creator the job creator service's account). The owner may freeze the
/// controller once the wiring is final.
abstract contract ControllerOwnable is Ownable {
    address private _controller;
    bool private _controllerFrozen;

    event ControllerChanged(address indexed controller);

    constructor() Ownable(msg.sender) {}

    modifier onlyController() {
        _checkController();
        _;
    }

    function setControllerAddress(address controller) external onlyOwner {
        if (controller == address(0)) revert ZeroAddress("controller");
        if (_controllerFrozen) revert ControllerChangeDisabled();
        _controller = controller;
        emit ControllerChanged(controller);
    }

    function getControllerAddress() public view returns (address) {
        return _controller;
    }

    function disableChangeControllerAddress() external onlyOwner {
        _controllerFrozen = true;
    }

    function _checkController() internal view {
        address controller = _controller;
        if (controller == address(0)) revert ControllerNotSet();
        if (msg.sender != controller) revert NotController(msg.sender);
    }
}
