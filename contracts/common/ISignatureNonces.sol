// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/**
 * @dev The nonce event of every registry that takes typed signatures. A registry interface
 * that declares its own signature functions inherits this instead of declaring the event
 * again, so it exists once in the registry's ABI.
 */
interface ISignatureNonces {
    /// @dev `owner` used signature nonce `nonce` (by a signed action or on purpose).
    event NonceUsed(address indexed owner, uint256 nonce);
}
