// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/**
 * @dev Errors of {TaggedLeaves}, the one leaf hash and Merkle proof check of every registry.
 *
 * The leaf of a registry record is
 * `keccak256(bytes.concat(keccak256(abi.encode(TAG, field1, field2, ...))))`:
 *
 * - `TAG = keccak256("blokketen.<pilot>.<kind>.v<version>")`, one per registry and leaf kind
 *   (for example `blokketen.competence.claim.v1`, `blokketen.lblod.besluit.v1`), so a leaf of
 *   one registry or kind never verifies in another;
 * - the fields are static ABI types (`bytes32`, `uint*`, `int*`, `address`, `bool`, `bytesN`);
 *   text and documents go in as their hash, so `abi.encode(TAG, fields...)` is simply the tag
 *   followed by one word per field;
 * - the double hash makes a leaf the hash of 32 bytes while an inner node is the hash of 64
 *   bytes, so an inner node can never pass as a leaf (the second-preimage trick);
 * - inner nodes hash the sorted pair (OpenZeppelin's `MerkleProof` and merkle-tree library);
 *   the index-ordered variant ({TaggedLeaves-verifyAt}) hashes (left, right) by position;
 * - a proof has at most {TaggedLeaves-MAX_PROOF_LENGTH} siblings (2^32 leaves).
 */
interface ITaggedLeaves {
    /// @dev A tag must not be zero.
    error TaggedLeavesZeroTag();

    /// @dev A proof of `length` siblings is longer than `maxLength`.
    error TaggedLeavesProofTooLong(uint256 length, uint256 maxLength);

    /// @dev Leaf `index` does not fit a tree of depth `depth` (the proof's length).
    error TaggedLeavesIndexOutOfRange(uint256 index, uint256 depth);

    /// @dev `leaf` is not proven under `root` by the proof given.
    error TaggedLeavesInvalidProof(bytes32 root, bytes32 leaf);
}
