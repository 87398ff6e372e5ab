// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {TaggedLeaves} from "../../contracts/common/TaggedLeaves.sol";

/// @title TaggedLeavesHarness: exposes the shared leaf hashing and proof checks to tests.
/// @dev Two registries' claim tags, so tests can present a leaf of one to the other.
contract TaggedLeavesHarness {
    bytes32 public constant TAG_CLAIM = keccak256("blokketen.test.claim.v1");
    bytes32 public constant TAG_OTHER = keccak256("blokketen.other.claim.v1");

    /// @notice A one-field leaf.
    function leaf1(bytes32 tag, bytes32 a) external pure returns (bytes32) {
        return TaggedLeaves.leaf(tag, a);
    }

    /// @notice A two-field leaf.
    function leaf2(bytes32 tag, bytes32 a, bytes32 b) external pure returns (bytes32) {
        return TaggedLeaves.leaf(tag, a, b);
    }

    /// @notice A three-field leaf.
    function leaf3(bytes32 tag, bytes32 a, bytes32 b, bytes32 c) external pure returns (bytes32) {
        return TaggedLeaves.leaf(tag, a, b, c);
    }

    /// @notice A four-field leaf.
    function leaf4(bytes32 tag, bytes32 a, bytes32 b, bytes32 c, bytes32 d) external pure returns (bytes32) {
        return TaggedLeaves.leaf(tag, a, b, c, d);
    }

    /// @notice The leaf of a claim: (credentialId, index, salt, contentHash) under `tag`.
    function claimLeaf(
        bytes32 tag,
        bytes32 credentialId,
        uint256 index,
        bytes32 salt,
        bytes32 contentHash
    ) public pure returns (bytes32) {
        return TaggedLeaves.leafOfEncoded(tag, abi.encode(credentialId, index, salt, contentHash));
    }

    /// @notice Whether the claim's fields, hashed as a `TAG_CLAIM` leaf, are proven under `root`.
    function verifyClaim(
        bytes32 root,
        bytes32 credentialId,
        uint256 index,
        bytes32 salt,
        bytes32 contentHash,
        bytes32[] calldata proof
    ) external pure returns (bool) {
        return TaggedLeaves.verifyCalldata(proof, root, claimLeaf(TAG_CLAIM, credentialId, index, salt, contentHash));
    }

    /// @notice Reverts unless the two-field `TAG_CLAIM` leaf (a, b) is proven under `root`.
    function requirePair(bytes32 root, bytes32 a, bytes32 b, bytes32[] calldata proof) external pure {
        TaggedLeaves.requireProof(proof, root, TaggedLeaves.leaf(TAG_CLAIM, a, b));
    }

    /// @notice {TaggedLeaves-verify} on a proof in memory.
    // solhint-disable-next-line gas-calldata-parameters
    function verify(bytes32[] memory proof, bytes32 root, bytes32 leaf) external pure returns (bool) {
        return TaggedLeaves.verify(proof, root, leaf);
    }

    /// @notice {TaggedLeaves-verifyAt}: an index-ordered proof.
    // solhint-disable-next-line gas-calldata-parameters
    function verifyAt(bytes32[] memory proof, bytes32 root, bytes32 leaf, uint256 index) external pure returns (bool) {
        return TaggedLeaves.verifyAt(proof, root, leaf, index);
    }
}
