// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {RoleWindows} from "../../contracts/common/RoleWindows.sol";
import {RegistryAdminRules} from "../../contracts/common/RegistryAdminRules.sol";
import {TypedSignatures} from "../../contracts/common/TypedSignatures.sol";
import {Status} from "../../contracts/common/IStatus.sol";
import {StatusCodes} from "../../contracts/common/StatusCodes.sol";

/// @title CommonRegistryHarness: a small registry built from the shared blocks, for tests.
/// @dev Role windows on admin rules, typed approvals and the status convention, composed the
/// way a pilot registry composes them. A chair acts only inside a window; a supervisor may
/// end windows retroactively; an approval is an EIP-712 signature submitted by anyone.
contract CommonRegistryHarness is RoleWindows, TypedSignatures {
    bytes32 public constant CHAIR_ROLE = keccak256("CHAIR_ROLE");
    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    bytes32 public constant SUPERVISOR_ROLE = keccak256("SUPERVISOR_ROLE");
    bytes32 public constant APPROVAL_TYPEHASH =
        keccak256("Approval(bytes32 subject,string note,address signer,uint256 nonce,uint256 deadline)");

    /// @dev `actor` acted as `role` in `scope` at block time `time`.
    event ActRecorded(bytes32 indexed scope, bytes32 indexed role, address indexed actor, uint64 time);
    /// @dev `signer` approved `subject` with `nonce`.
    event Approved(bytes32 indexed subject, address indexed signer, uint256 nonce);

    constructor(address admin, uint48 adminDelay) RegistryAdminRules(admin, adminDelay) {
        _setRoleAdmin(CHAIR_ROLE, REGISTRAR_ROLE);
    }

    /// @notice Records an act of the caller as `role` in `scope`, which it must hold now.
    function recordAct(bytes32 scope, bytes32 role) external {
        uint64 time = uint64(block.timestamp);
        _requireHoldsAt(scope, role, msg.sender, time);
        emit ActRecorded(scope, role, msg.sender, time);
    }

    /// @notice Accepts `signer`'s typed approval of `subject`, submitted by anyone.
    function approve(
        bytes32 subject,
        string calldata note,
        address signer,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external {
        _requireDeadline(deadline);
        _requireValidSignature(signer, approvalDigest(subject, note, signer, nonce, deadline), signature);
        _useCheckedNonce(signer, nonce);
        emit Approved(subject, signer, nonce);
    }

    /// @notice The digest `signer` signs to approve `subject`.
    function approvalDigest(
        bytes32 subject,
        string calldata note,
        address signer,
        uint256 nonce,
        uint256 deadline
    ) public view returns (bytes32) {
        return _hashTypedData(
            keccak256(abi.encode(APPROVAL_TYPEHASH, subject, keccak256(bytes(note)), signer, nonce, deadline))
        );
    }

    /// @notice The typed-data digest of any struct hash (for comparisons with Python).
    function hashTypedData(bytes32 structHash) external view returns (bytes32) {
        return _hashTypedData(structHash);
    }

    /// @notice Whether `signature` over `digest` is `signer`'s (EOA or ERC-1271).
    function isValidSignatureOf(address signer, bytes32 digest, bytes calldata signature) external view returns (bool) {
        return _isValidSignature(signer, digest, signature);
    }

    /// @notice The EOA that signed `digest`, zero for a malformed or malleable signature.
    function recoverSigner(bytes32 digest, bytes calldata signature) external pure returns (address) {
        return _recoverSigner(digest, signature);
    }

    /// @notice {StatusCodes-isFinal}.
    function isFinal(Status status) external pure returns (bool) {
        return StatusCodes.isFinal(status);
    }

    /// @notice {StatusCodes-requireReason} with registry reasons up to 257.
    function checkReason(Status status, uint16 reason) external pure {
        StatusCodes.requireReason(status, reason, 257);
    }

    /// @dev A supervisor may end windows retroactively; everyone else is refused as by default.
    function _authorizeRetroactiveEnd(
        bytes32 scope,
        bytes32 role,
        address holder,
        uint64 effectiveAt,
        address account
    ) internal view override {
        if (!hasRole(SUPERVISOR_ROLE, account)) {
            super._authorizeRetroactiveEnd(scope, role, holder, effectiveAt, account);
        }
    }

    function _eip712Name() internal pure override returns (string memory) {
        return "Blokketen CommonHarness";
    }

    function _eip712Version() internal pure override returns (string memory) {
        return "1";
    }
}
