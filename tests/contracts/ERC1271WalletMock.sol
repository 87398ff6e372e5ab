// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title ERC1271WalletMock: a contract signer (an institution's wallet) for signature tests.
/// @dev Honest: accepts what its owner key signed. The other modes answer wrongly on purpose.
contract ERC1271WalletMock is IERC1271 {
    enum Mode {
        Honest,
        WrongMagic,
        Reverts,
        ShortAnswer,
        PaddedMagic
    }

    address public immutable OWNER;
    Mode public mode;

    /// @dev A test asked the wallet to misbehave.
    error ERC1271WalletMockRefused();

    constructor(address owner) {
        OWNER = owner;
    }

    /// @notice Makes the wallet answer the way `newMode` says.
    function setMode(Mode newMode) external {
        mode = newMode;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32 hash, bytes calldata signature) external view returns (bytes4) {
        Mode current = mode;
        if (current == Mode.Reverts) revert ERC1271WalletMockRefused();
        if (current == Mode.WrongMagic) return 0x1626ba7f;
        if (current == Mode.ShortAnswer) {
            // solhint-disable-next-line no-inline-assembly
            assembly {
                mstore(0x00, 0x1626ba7e00000000000000000000000000000000000000000000000000000000)
                return(0x00, 0x04)
            }
        }
        if (current == Mode.PaddedMagic) {
            // The magic value followed by junk in the same word: not a clean bytes4 answer.
            // solhint-disable-next-line no-inline-assembly
            assembly {
                mstore(0x00, 0x1626ba7e00000000000000000000000000000000000000000000000000000001)
                return(0x00, 0x20)
            }
        }
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(hash, signature);
        return err == ECDSA.RecoverError.NoError && recovered == OWNER ? IERC1271.isValidSignature.selector : bytes4(0);
    }
}
