// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {AgreementState, ServiceType} from "./SharedStructs.sol";

// Every revert of the CoopHive contracts is one of these named errors (or an OpenZeppelin
// one: OwnableUnauthorizedAccount, ERC20InsufficientAllowance, EnforcedPause, ...).

// Administration
error ZeroAddress(string name);
error ControllerNotSet();
error NotController(address caller);
error ControllerChangeDisabled();

// Deal terms, checked when a deal is first agreed
error MissingDealId();
error MissingResourceProvider();
error MissingJobCreator();
error MissingSolver();
error SameResourceProviderAndJobCreator(address party);
error NoMediators();
error TooManyMediators(uint256 count, uint256 max);
error MissingMediator(uint256 index);
error MediatorIsDealParty(address mediator);
error AgreeCollateralNotZero(uint256 collateral);
error MediateCollateralNotZero(uint256 collateral);
error ZeroTimeout(string name);
error TermTooLarge(string name, uint256 value, uint256 max);
error DealTermsMismatch(bytes32 dealId);

// Deal lifecycle
error DealNotFound(bytes32 dealId);
error WrongState(bytes32 dealId, AgreementState current, AgreementState required);
error NotDealParty(bytes32 dealId, address caller);
error NotResourceProvider(bytes32 dealId, address caller);
error NotJobCreator(bytes32 dealId, address caller);
error NotDealMediator(bytes32 dealId, address caller);
error AlreadyAgreed(bytes32 dealId, address party);
error NotTimedOut(bytes32 dealId, uint256 deadline);
error MissingResultsId();
error MissingDataId();
error MediationAlreadyRequested(bytes32 dealId);

// Escrow
error EscrowShortfall(bytes32 dealId, uint256 requested, uint256 available);
error EscrowNotSettled(bytes32 dealId, uint256 remaining);

// Users
error UserNotFound(address user);
error MissingRole(address user, ServiceType role);
error AlreadyListed(address user, ServiceType role);
error NotListed(address user, ServiceType role);
error DuplicateRole(ServiceType role);

// On-chain jobs
error ZeroDeposit();
error MissingModule();
error JobNotFound(uint256 id);
error JobNotPending(uint256 id);
error NotJobManager(address caller);
