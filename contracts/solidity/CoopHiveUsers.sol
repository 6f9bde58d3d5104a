// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.28;

import {ServiceType, User} from "./SharedStructs.sol";
import {AlreadyListed, DuplicateRole, MissingRole, NotListed, UserNotFound} from "./Errors.sol";

/// The service directory: every account describes itself (metadata CID, URL, roles) and
/// lists itself under the roles it has. An account only ever edits its own entry.
contract CoopHiveUsers {
    uint256 private constant ROLE_COUNT = 4;

    mapping(address user => User) private _users;
    mapping(ServiceType role => address[]) private _lists;
    /// Position in `_lists[role]` plus one; zero when not listed.
    mapping(ServiceType role => mapping(address user => uint256)) private _positions;

    event UserUpdated(address indexed user, string metadataCID, string url, ServiceType[] roles);
    event UserListed(ServiceType indexed role, address indexed user);
    event UserUnlisted(ServiceType indexed role, address indexed user);

    function getUser(address user) external view returns (User memory) {
        return _users[user];
    }

    /// Creates or replaces the caller's entry. Dropping a role also takes the caller off
    /// that role's list.
    function updateUser(string calldata metadataCID, string calldata url, ServiceType[] calldata roles)
        external
        returns (User memory)
    {
        bool[ROLE_COUNT] memory has;
        for (uint256 i = 0; i < roles.length; i++) {
            uint256 role = uint256(roles[i]);
            if (has[role]) revert DuplicateRole(roles[i]);
            has[role] = true;
        }
        for (uint256 role = 0; role < ROLE_COUNT; role++) {
            if (!has[role] && _positions[ServiceType(role)][msg.sender] != 0) {
                _unlist(ServiceType(role), msg.sender);
            }
        }
        User storage user = _users[msg.sender];
        user.userAddress = msg.sender;
        user.metadataCID = metadataCID;
        user.url = url;
        user.roles = roles;
        emit UserUpdated(msg.sender, metadataCID, url, roles);
        return user;
    }

    function addUserToList(ServiceType role) external {
        User storage user = _users[msg.sender];
        if (user.userAddress == address(0)) revert UserNotFound(msg.sender);
        if (_positions[role][msg.sender] != 0) revert AlreadyListed(msg.sender, role);
        if (!_hasRole(user, role)) revert MissingRole(msg.sender, role);
        _lists[role].push(msg.sender);
        _positions[role][msg.sender] = _lists[role].length;
        emit UserListed(role, msg.sender);
    }

    function removeUserFromList(ServiceType role) external {
        if (_users[msg.sender].userAddress == address(0)) revert UserNotFound(msg.sender);
        if (_positions[role][msg.sender] == 0) revert NotListed(msg.sender, role);
        _unlist(role, msg.sender);
    }

    function showUsersInList(ServiceType role) external view returns (address[] memory) {
        return _lists[role];
    }

    function _hasRole(User storage user, ServiceType role) private view returns (bool) {
        for (uint256 i = 0; i < user.roles.length; i++) {
            if (user.roles[i] == role) return true;
        }
        return false;
    }

    /// Swap-and-pop: the directory has no meaningful order.
    function _unlist(ServiceType role, address user) private {
        address[] storage list = _lists[role];
        uint256 index = _positions[role][user] - 1;
        address last = list[list.length - 1];
        list[index] = last;
        _positions[role][last] = index + 1;
        list.pop();
        delete _positions[role][user];
        emit UserUnlisted(role, user);
    }
}
