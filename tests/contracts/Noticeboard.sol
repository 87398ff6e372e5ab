// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";

/// @title Noticeboard: the small contract that exercises Blokketen's foundation in tests.
/// @dev Posts are hashes keyed by a topic. It has a custom error with arguments, a panic,
/// a plain revert string, a constructor argument and an event for every state change.
contract Noticeboard is AccessControl {
    bytes32 public constant POSTER_ROLE = keccak256("POSTER_ROLE");

    string private _title;
    mapping(bytes32 topic => bytes32 digest) private _posts;
    uint256 private _count;

    /// @dev A notice was posted under `topic`.
    event NoticePosted(bytes32 indexed topic, bytes32 digest, address indexed poster);

    /// @dev `topic` already holds a notice.
    error NoticeboardTopicTaken(bytes32 topic, bytes32 existing);
    /// @dev The digest must not be zero.
    error NoticeboardEmptyDigest();

    constructor(string memory title_, address poster) {
        _title = title_;
        _grantRole(DEFAULT_ADMIN_ROLE, msg.sender);
        _grantRole(POSTER_ROLE, poster);
    }

    /// @notice Post `digest` under `topic`.
    function post(bytes32 topic, bytes32 digest) external onlyRole(POSTER_ROLE) {
        if (digest == bytes32(0)) revert NoticeboardEmptyDigest();
        bytes32 existing = _posts[topic];
        if (existing != bytes32(0)) revert NoticeboardTopicTaken(topic, existing);
        _posts[topic] = digest;
        _count += 1;
        emit NoticePosted(topic, digest, msg.sender);
    }

    /// @notice The digest under `topic` (zero when none).
    function notice(bytes32 topic) external view returns (bytes32) {
        return _posts[topic];
    }

    /// @notice Number of notices and the board's title.
    function summary() external view returns (uint256 count, string memory title) {
        return (_count, _title);
    }

    /// @notice Divides by `divisor`: zero gives a Panic(0x12), used to test panic decoding.
    function share(uint256 amount, uint256 divisor) external pure returns (uint256) {
        return amount / divisor;
    }

    /// @notice Always reverts with a reason string, used to test reason decoding.
    function refuse() external pure {
        // solhint-disable-next-line gas-custom-errors
        revert("Noticeboard: refused");
    }
}
