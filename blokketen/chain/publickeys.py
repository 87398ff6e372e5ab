"""Keys everybody knows: the test mnemonics of local dev tools and keys printed in public docs.

A key from this catalogue may sign on a local dev chain only (see
:func:`blokketen.chain.devkeys.refuse_dev_key`). Mnemonic keys are recognised at every index
below :data:`INDEX_BOUND` of the path ``m/44'/60'/0'/0/i``, the path all these tools use.

Recognising a key is cheap because the key that is about to sign is at hand. A non-hardened
BIP-32 child key is ``k_i = k + I_L(i) mod n``, where ``k`` is the account-level key
(``m/44'/60'/0'/0``, public here since the mnemonic is) and ``I_L(i)`` the first half of
``HMAC-SHA512(chain code, K || i)``. So a key belongs to the mnemonic exactly when
``key - k mod n`` is one of the ``I_L(i)``: one HMAC per index, no elliptic-curve work. The
``I_L`` prefixes of all mnemonics are computed once per process, the first time a key is
checked for a chain that is not a dev chain (about 0.4 s per mnemonic on a busy 2-core machine).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import hmac
import threading
import unicodedata
from array import array
from dataclasses import dataclass

INDEX_BOUND = 1 << 16
"""Mnemonic keys are recognised at indices 0 to INDEX_BOUND - 1 of ``m/44'/60'/0'/0/i``."""

ACCOUNT_PATH = "m/44'/60'/0'/0"

_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
"""Order of the secp256k1 group."""
_HARDENED = 1 << 31
_PREFIX = 8
"""Bytes of each I_L kept in the lookup table (a hit is confirmed on all 32 bytes)."""
_FIRST = 128
"""Indices tried one by one before the table is built (the ones tools hand out)."""


@dataclass(frozen=True)
class PublicMnemonic:
    """A mnemonic printed by a dev tool or in its documentation."""

    phrase: str
    known_as: str


@dataclass(frozen=True)
class PublicKey:
    """A single key whose private half is printed in public documentation."""

    address: str
    known_as: str


PUBLIC_MNEMONICS: tuple[PublicMnemonic, ...] = (
    PublicMnemonic("test test test test test test test test test test test junk",
                   "the default mnemonic of anvil and Hardhat"),
    PublicMnemonic("myth like bonus scare over problem client lizard pioneer submit female "
                   "collect", "ganache's --wallet.deterministic mnemonic"),
    PublicMnemonic("candy maple cake sugar pudding cream honey rich smooth crumble sweet treat",
                   "Truffle's develop mnemonic (also test accounts 2 and 3 of Besu's dev.json)"),
    PublicMnemonic("brownie", "the mnemonic of Brownie's ganache networks"),
)
"""Every public mnemonic Blokketen knows (each was checked against the tool or its docs)."""

PUBLIC_KEYS: tuple[PublicKey, ...] = (
    PublicKey("0xfe3b557e8fb62b89f4916b721be55ceb828dbd73",
              "test account 1 of Besu's dev.json (--network=dev)"),
)
"""Fixed public keys outside any mnemonic, by address."""


@dataclass(frozen=True)
class KnownKey:
    """Where a key is published."""

    known_as: str
    index: int | None = None
    """Index i in ``m/44'/60'/0'/0/i`` for a mnemonic key."""

    def describe(self) -> str:
        if self.index is None:
            return self.known_as
        return f"index {self.index} of {self.known_as}"


@dataclass(frozen=True)
class _AccountLevel:
    key: int
    chain_code: bytes
    public: bytes  # compressed public key of ``key``


def _compressed(key: int) -> bytes:
    from eth_keys.datatypes import PrivateKey

    return bytes(PrivateKey(key.to_bytes(32, "big")).public_key.to_compressed_bytes())


@functools.cache
def _account_level(phrase: str) -> _AccountLevel:
    """The extended private key at ``m/44'/60'/0'/0`` of ``phrase`` (BIP-39 seed, BIP-32)."""
    seed = hashlib.pbkdf2_hmac("sha512", unicodedata.normalize("NFKD", phrase).encode(),
                               b"mnemonic", 2048)
    digest = hmac.digest(b"Bitcoin seed", seed, "sha512")
    key, chain_code = int.from_bytes(digest[:32], "big"), digest[32:]
    for index in (44 | _HARDENED, 60 | _HARDENED, _HARDENED, 0):
        if index & _HARDENED:
            data = b"\x00" + key.to_bytes(32, "big")
        else:
            data = _compressed(key)
        digest = hmac.digest(chain_code, data + index.to_bytes(4, "big"), "sha512")
        key, chain_code = (int.from_bytes(digest[:32], "big") + key) % _N, digest[32:]
    return _AccountLevel(key, chain_code, _compressed(key))


def _tweak(level: _AccountLevel, index: int) -> bytes:
    """I_L of child ``index``: the child key is the account-level key plus this, mod n."""
    return hmac.digest(level.chain_code, level.public + index.to_bytes(4, "big"), "sha512")[:32]


def child_key(phrase: str, index: int) -> bytes:
    """The private key at ``m/44'/60'/0'/0/index`` of ``phrase``."""
    if not 0 <= index < _HARDENED:
        from blokketen._exceptions import InputError

        raise InputError("index", f"must be from 0 to {_HARDENED - 1}, not {index}")
    level = _account_level(phrase)
    return ((int.from_bytes(_tweak(level, index), "big") + level.key) % _N).to_bytes(32, "big")


_TABLE_LOCK = threading.Lock()


@functools.cache
def _prefixes(phrase: str) -> array[int]:
    """The first 8 bytes of I_L of every index below INDEX_BOUND, sorted (0.5 MB)."""
    level = _account_level(phrase)
    mac = hmac.new(level.chain_code, digestmod="sha512")
    prefixes: list[int] = []
    for index in range(INDEX_BOUND):
        child = mac.copy()
        child.update(level.public + index.to_bytes(4, "big"))
        prefixes.append(int.from_bytes(child.digest()[:_PREFIX], "big"))
    prefixes.sort()
    return array("Q", prefixes)


def _mnemonic_index(phrase: str, key: int) -> int | None:
    level = _account_level(phrase)
    wanted = ((key - level.key) % _N).to_bytes(32, "big")
    first = next((i for i in range(_FIRST) if _tweak(level, i) == wanted), None)
    if first is not None:
        return first
    with _TABLE_LOCK:  # one thread computes a table, others wait for it
        table = _prefixes(phrase)
    prefix = int.from_bytes(wanted[:_PREFIX], "big")
    at = bisect.bisect_left(table, prefix)
    if at == len(table) or table[at] != prefix:
        return None
    return next((i for i in range(INDEX_BOUND) if _tweak(level, i) == wanted), None)


def known_key(private_key: bytes, address: str) -> KnownKey | None:
    """Where the key ``private_key`` (whose address is ``address``) is published, if it is."""
    lowered = address.lower()
    for fixed in PUBLIC_KEYS:
        if fixed.address == lowered:
            return KnownKey(fixed.known_as)
    key = int.from_bytes(private_key, "big")
    for mnemonic in PUBLIC_MNEMONICS:
        index = _mnemonic_index(mnemonic.phrase, key)
        if index is not None:
            return KnownKey(mnemonic.known_as, index)
    return None
