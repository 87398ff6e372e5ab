// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/// @title YesManRegistry: a look-alike registry that says yes to everything (tests only).
/// @dev What an attacker deploys to fool a verifier that trusts any code at an address: every
/// call answers the words (2, 0, 0, ...), which a DiplomaRegistry client decodes as an
/// `Active` verdict (and as a batch, an issuer record, a diploma record).
contract YesManRegistry {
    fallback(bytes calldata) external returns (bytes memory) {
        return abi.encode(uint256(2), uint256(0), uint256(0), uint256(0), uint256(0), uint256(0),
                          uint256(0), uint256(0));
    }
}
