// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {ISignatureNonces} from "./ISignatureNonces.sol";

/**
 * @dev Approvals as EIP-712 typed signatures. Authority comes from the signature, not from
 * `msg.sender`, so a relayer may submit.
 *
 * - Domain: (name, version, chainId, verifyingContract); `eip712Domain()` (ERC-5267) tells a
 *   wallet which. A signature for another chain or another registry does not verify.
 * - Signers: an EOA (ECDSA, 65-byte signatures with a low `s` and `v` of 27 or 28; malleable
 *   and zero results are refused) or a contract (ERC-1271 `isValidSignature`, for
 *   institutional or HSM-held keys). A signer with code is asked over ERC-1271 only.
 * - Nonces: one counter per signer; a signed message carries the current nonce, which is
 *   used up when the message is accepted, so it cannot be replayed. {useNonce} cancels
 *   whatever a signer signed with its current nonce.
 * - Deadlines: a message carries a deadline (block timestamp) after which it is refused.
 */
interface ITypedSignatures is ISignatureNonces, IERC5267 {
    /// @dev The signature is not a valid signature of `signer` over the typed message.
    error TypedSignaturesInvalidSignature(address signer);

    /// @dev The signed message's `deadline` has passed (current block time `nowTime`).
    error TypedSignaturesExpired(uint256 deadline, uint256 nowTime);

    /// @dev `owner` signed with `nonce`, but its current nonce is `expected`.
    error TypedSignaturesInvalidNonce(address owner, uint256 expected, uint256 nonce);

    /**
     * @dev Uses up the caller's current nonce, cancelling anything it signed with it.
     *
     * Emits a {NonceUsed} event.
     */
    function useNonce() external;

    /// @dev The nonce `owner` must sign its next message with.
    function nonces(address owner) external view returns (uint256);

    /// @dev The EIP-712 domain separator for the current chain.
    function domainSeparator() external view returns (bytes32);
}
