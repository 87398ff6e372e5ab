// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";
import {ITaggedLeaves} from "./ITaggedLeaves.sol";

/**
 * @dev Domain-tagged, double-hashed leaves and their Merkle proofs; the convention is
 * described in {ITaggedLeaves}. Python computes the same leaves and trees
 * (`blokketen.common.leaves`).
 *
 * IMPORTANT: a registry computes the leaf from the fields it is given and never accepts a
 * leaf hash from the caller where the fields matter; only then do the tag and the double hash
 * protect it.
 */
library TaggedLeaves {
    /// @dev The longest proof accepted: 32 siblings, trees of up to 2^32 leaves.
    uint256 internal constant MAX_PROOF_LENGTH = 32;

    /// @dev The leaf of one field under `tag`.
    function leaf(bytes32 tag, bytes32 a) internal pure returns (bytes32) {
        _requireTag(tag);
        return _outer(keccak256(abi.encode(tag, a)));
    }

    /// @dev The leaf of two fields under `tag`.
    function leaf(bytes32 tag, bytes32 a, bytes32 b) internal pure returns (bytes32) {
        _requireTag(tag);
        return _outer(keccak256(abi.encode(tag, a, b)));
    }

    /// @dev The leaf of three fields under `tag`.
    function leaf(bytes32 tag, bytes32 a, bytes32 b, bytes32 c) internal pure returns (bytes32) {
        _requireTag(tag);
        return _outer(keccak256(abi.encode(tag, a, b, c)));
    }

    /// @dev The leaf of four fields under `tag`.
    function leaf(bytes32 tag, bytes32 a, bytes32 b, bytes32 c, bytes32 d) internal pure returns (bytes32) {
        _requireTag(tag);
        return _outer(keccak256(abi.encode(tag, a, b, c, d)));
    }

    /**
     * @dev The leaf of any number of static fields, given as `abi.encode(field1, field2, ...)`;
     * equal to `keccak256(bytes.concat(keccak256(abi.encode(tag, field1, field2, ...))))`.
     */
    function leafOfEncoded(bytes32 tag, bytes memory encodedFields) internal pure returns (bytes32) {
        _requireTag(tag);
        return _outer(keccak256(bytes.concat(tag, encodedFields)));
    }

    /**
     * @dev Whether `proof` (sorted pairs) leads from `leaf_` to `root`. Reverts with
     * {ITaggedLeaves-TaggedLeavesProofTooLong} for a proof above {MAX_PROOF_LENGTH}.
     */
    function verify(bytes32[] memory proof, bytes32 root, bytes32 leaf_) internal pure returns (bool) {
        _requireLength(proof.length);
        return MerkleProof.verify(proof, root, leaf_);
    }

    /// @dev {verify} for a proof in calldata.
    function verifyCalldata(bytes32[] calldata proof, bytes32 root, bytes32 leaf_) internal pure returns (bool) {
        _requireLength(proof.length);
        return MerkleProof.verifyCalldata(proof, root, leaf_);
    }

    /**
     * @dev Reverts with {ITaggedLeaves-TaggedLeavesInvalidProof} unless {verifyCalldata} holds.
     */
    function requireProof(bytes32[] calldata proof, bytes32 root, bytes32 leaf_) internal pure {
        if (!verifyCalldata(proof, root, leaf_)) revert ITaggedLeaves.TaggedLeavesInvalidProof(root, leaf_);
    }

    /**
     * @dev Whether `proof` leads from `leaf_` at position `index` to `root` in an index-ordered
     * tree (a node is `keccak256(left ‖ right)`; bit k of `index` says whether the node at
     * level k is a right child). The tree has `2^proof.length` positions; a larger `index`
     * reverts with {ITaggedLeaves-TaggedLeavesIndexOutOfRange}.
     */
    function verifyAt(
        bytes32[] memory proof,
        bytes32 root,
        bytes32 leaf_,
        uint256 index
    ) internal pure returns (bool) {
        uint256 depth = proof.length;
        _requireLength(depth);
        if (index >> depth != 0) revert ITaggedLeaves.TaggedLeavesIndexOutOfRange(index, depth);
        bytes32 node = leaf_;
        for (uint256 i = 0; i < depth; ++i) {
            node = (index >> i) & 1 == 0
                ? Hashes.efficientKeccak256(node, proof[i])
                : Hashes.efficientKeccak256(proof[i], node);
        }
        return node == root;
    }

    /**
     * @dev The second hash of the leaf: 32 bytes in, so never equal to an inner node.
     */
    function _outer(bytes32 inner) private pure returns (bytes32) {
        return keccak256(bytes.concat(inner));
    }

    function _requireTag(bytes32 tag) private pure {
        if (tag == bytes32(0)) revert ITaggedLeaves.TaggedLeavesZeroTag();
    }

    function _requireLength(uint256 length) private pure {
        if (length > MAX_PROOF_LENGTH) revert ITaggedLeaves.TaggedLeavesProofTooLong(length, MAX_PROOF_LENGTH);
    }
}
