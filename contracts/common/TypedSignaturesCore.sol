// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ISignatureNonces} from "./ISignatureNonces.sol";
import {ITypedSignatures} from "./ITypedSignatures.sol";

/**
 * @dev The internal machinery of EIP-712 typed signatures for the Shanghai EVM (OpenZeppelin's
 * `EIP712` and `SignatureChecker` use `mcopy`, a Cancun opcode): the domain, struct hashing,
 * signer checks for EOAs and ERC-1271 contracts, nonces and deadlines. See {ITypedSignatures}
 * for the rules.
 *
 * It adds no external function, so a registry with its own signature API (the land registry)
 * keeps its ABI; {TypedSignatures} adds the external functions of {ITypedSignatures}.
 *
 * A registry names its domain by overriding {_eip712Name} and {_eip712Version} with constants.
 *
 * Use: `digest = _hashTypedData(keccak256(abi.encode(TYPEHASH, field1, ..., nonce, deadline)))`,
 * then `_requireDeadline(deadline)`, `_useCheckedNonce(signer, nonce)` and
 * `_requireValidSignature(signer, digest, signature)`.
 */
abstract contract TypedSignaturesCore is ISignatureNonces {
    bytes32 private constant _DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");

    bytes32 private immutable _HASHED_NAME;
    bytes32 private immutable _HASHED_VERSION;
    uint256 private immutable _CACHED_CHAIN_ID;
    address private immutable _CACHED_THIS;
    bytes32 private immutable _CACHED_DOMAIN_SEPARATOR;

    mapping(address owner => uint256 nonce) private _nonces;

    /**
     * @dev Caches the domain separator; name and version come from {_eip712Name} and
     * {_eip712Version}.
     */
    constructor() {
        _HASHED_NAME = keccak256(bytes(_eip712Name()));
        _HASHED_VERSION = keccak256(bytes(_eip712Version()));
        _CACHED_CHAIN_ID = block.chainid;
        _CACHED_THIS = address(this);
        _CACHED_DOMAIN_SEPARATOR = _buildDomainSeparator();
    }

    /**
     * @dev The domain separator, rebuilt when the chain id changed (a fork) since deployment.
     */
    function _domainSeparator() internal view returns (bytes32) {
        if (block.chainid == _CACHED_CHAIN_ID && address(this) == _CACHED_THIS) return _CACHED_DOMAIN_SEPARATOR;
        return _buildDomainSeparator();
    }

    /**
     * @dev The digest to sign for a message whose EIP-712 struct hash is `structHash`:
     * `keccak256("\x19\x01" ‖ domainSeparator ‖ structHash)`.
     */
    function _hashTypedData(bytes32 structHash) internal view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", _domainSeparator(), structHash));
    }

    /**
     * @dev The ERC-5267 description of the domain: fields 0x0f (name, version, chainId,
     * verifyingContract), no salt, no extensions.
     */
    function _eip712DomainFields()
        internal
        view
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
        return (
            hex"0f",
            _eip712Name(),
            _eip712Version(),
            block.chainid,
            address(this),
            bytes32(0),
            new uint256[](0)
        );
    }

    /**
     * @dev The EOA that signed `digest`, or zero for a signature that is malformed, malleable
     * (high `s`), has a wrong `v` or recovers to nothing.
     */
    function _recoverSigner(bytes32 digest, bytes memory signature) internal pure returns (address) {
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digest, signature);
        return err == ECDSA.RecoverError.NoError ? recovered : address(0);
    }

    /**
     * @dev Whether contract `signer` accepts `signature` over `digest` (ERC-1271): the call
     * succeeds and answers the magic value `0x1626ba7e` in a full word. At most 32 bytes of
     * the answer are copied, so a contract cannot make the caller pay for a huge reply.
     */
    function _isValidERC1271Signature(
        address signer,
        bytes32 digest,
        bytes memory signature
    ) internal view returns (bool valid) {
        bytes memory request = abi.encodeCall(IERC1271.isValidSignature, (digest, signature));
        bytes32 magic = bytes32(IERC1271.isValidSignature.selector);
        // Assembly to bound the copied answer to one word (a Solidity call copies all of it).
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            let success := staticcall(gas(), signer, add(request, 0x20), mload(request), 0x00, 0x20)
            valid := and(success, and(gt(returndatasize(), 0x1f), eq(mload(0x00), magic)))
        }
    }

    /**
     * @dev Whether `signature` over `digest` is `signer`'s: ECDSA for an account without code,
     * ERC-1271 for a contract.
     */
    function _isValidSignature(
        address signer,
        bytes32 digest,
        bytes memory signature
    ) internal view returns (bool) {
        if (signer.code.length == 0) {
            address recovered = _recoverSigner(digest, signature);
            return recovered != address(0) && recovered == signer;
        }
        return _isValidERC1271Signature(signer, digest, signature);
    }

    /**
     * @dev Reverts with {ITypedSignatures-TypedSignaturesInvalidSignature} unless
     * {_isValidSignature} holds.
     */
    function _requireValidSignature(address signer, bytes32 digest, bytes memory signature) internal view {
        if (!_isValidSignature(signer, digest, signature)) {
            revert ITypedSignatures.TypedSignaturesInvalidSignature(signer);
        }
    }

    /**
     * @dev Reverts with {ITypedSignatures-TypedSignaturesExpired} once `deadline` has passed
     * (a message is accepted up to and including the block with timestamp `deadline`).
     */
    function _requireDeadline(uint256 deadline) internal view {
        if (block.timestamp > deadline) revert ITypedSignatures.TypedSignaturesExpired(deadline, block.timestamp);
    }

    /**
     * @dev The current nonce of `owner`.
     */
    function _nonceOf(address owner) internal view returns (uint256) {
        return _nonces[owner];
    }

    /**
     * @dev Uses up the current nonce of `owner` and returns it; emits {NonceUsed}.
     */
    function _useNonce(address owner) internal returns (uint256 used) {
        used = _nonces[owner];
        _nonces[owner] = used + 1;
        emit NonceUsed(owner, used);
    }

    /**
     * @dev Uses up `nonce`, which must be the current nonce of `owner`; reverts with
     * {ITypedSignatures-TypedSignaturesInvalidNonce} otherwise.
     */
    function _useCheckedNonce(address owner, uint256 nonce) internal {
        uint256 expected = _nonces[owner];
        if (nonce != expected) revert ITypedSignatures.TypedSignaturesInvalidNonce(owner, expected, nonce);
        _useNonce(owner);
    }

    /**
     * @dev The domain's name, what wallets show the signer (e.g. "Blokketen LandRegistry").
     * A registry returns a constant; it is read once at construction for the separator.
     */
    function _eip712Name() internal view virtual returns (string memory);

    /**
     * @dev The domain's version (e.g. "1"); change it when the signed types change meaning.
     */
    function _eip712Version() internal view virtual returns (string memory);

    function _buildDomainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(_DOMAIN_TYPEHASH, _HASHED_NAME, _HASHED_VERSION, block.chainid, address(this)));
    }
}
