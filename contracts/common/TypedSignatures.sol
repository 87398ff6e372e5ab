// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IERC5267} from "@openzeppelin/contracts/interfaces/IERC5267.sol";
import {ITypedSignatures} from "./ITypedSignatures.sol";
import {TypedSignaturesCore} from "./TypedSignaturesCore.sol";

/**
 * @dev {TypedSignaturesCore} with the external functions of {ITypedSignatures}: the base of a
 * new registry that takes EIP-712 approvals.
 *
 * A registry defines its type hash as a constant, e.g.
 * `keccak256("SignDocument(bytes32 docId,bytes32 contentRoot,uint256 nonce,uint256 deadline)")`,
 * and checks a submitted approval with `_requireDeadline`, `_useCheckedNonce` and
 * `_requireValidSignature` on `_hashTypedData(structHash)`.
 */
abstract contract TypedSignatures is ITypedSignatures, TypedSignaturesCore {
    /// @inheritdoc ITypedSignatures
    function useNonce() external virtual {
        _useNonce(msg.sender);
    }

    /// @inheritdoc ITypedSignatures
    function nonces(address owner) external view virtual returns (uint256) {
        return _nonceOf(owner);
    }

    /// @inheritdoc ITypedSignatures
    function domainSeparator() external view virtual returns (bytes32) {
        return _domainSeparator();
    }

    /// @inheritdoc IERC5267
    function eip712Domain()
        external
        view
        virtual
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return _eip712DomainFields();
    }
}
