// SPDX-License-Identifier: EUPL-1.2
pragma solidity ^0.8.24;

/**
 * @dev Validation of the Belgian cadastral parcel key (CaPaKey) in its canonical notation,
 * the one the Flemish parcel registry checks with
 * `^[0-9]{5}[A-Z][0-9]{4}/[0-9]{2}[A-Z_0][0-9]{3}$`, e.g. `11001A0123/00B000`:
 * division (afdeling) `11001`, section `A`, parcel number (grondnummer) `0123`, bis number
 * `00`, exponent `B` (`_` or `0` when there is none) and power (macht) `000`.
 *
 * Other notations (`-` instead of `/`, CRAB-1 with underscores) are normalised off chain by
 * the client; the contract accepts only the canonical form, so one parcel has one key.
 */
library CapaKey {
    /// @dev Number of characters of a canonical CaPaKey.
    uint256 internal constant LENGTH = 17;

    /**
     * @dev Whether `key` matches the canonical CaPaKey pattern exactly.
     */
    function isValid(string calldata key) internal pure returns (bool) {
        bytes calldata b = bytes(key);
        if (b.length != LENGTH) return false;
        for (uint256 i = 0; i < LENGTH; ++i) {
            if (!_fits(i, b[i])) return false;
        }
        return true;
    }

    /**
     * @dev Whether character `c` is allowed at position `i` of a canonical key.
     */
    function _fits(uint256 i, bytes1 c) private pure returns (bool) {
        if (i == 5) return _isUpper(c);
        if (i == 10) return c == "/";
        if (i == 13) return _isUpper(c) || c == "_" || c == "0";
        return _isDigit(c);
    }

    function _isDigit(bytes1 c) private pure returns (bool) {
        return c >= "0" && c <= "9";
    }

    function _isUpper(bytes1 c) private pure returns (bool) {
        return c >= "A" && c <= "Z";
    }
}
