"""Which keys may sign where: publicly known keys on local dev chains only.

Every path that signs calls :func:`refuse_dev_key` with the key and the connected
:class:`~blokketen.chain.connection.Chain` before it signs: the transaction layer and the bulk
sender (through :class:`~blokketen.chain.signing.RawSigner`), the land registry's EIP-712
transfer signatures, and the CLI's keystore signer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blokketen._exceptions import DevKeyRefused
from blokketen.chain.accounts import DEV_CHAIN_IDS
from blokketen.chain.publickeys import ACCOUNT_PATH, INDEX_BOUND, KnownKey, known_key

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain

__all__ = ["public_key_origin", "refuse_dev_key"]


def refuse_dev_key(account: LocalAccount, chain: Chain) -> None:
    """Raise DevKeyRefused when a publicly known key is about to sign for ``chain`` and
    ``chain`` is not a local dev chain (:attr:`Chain.is_dev`: a dev node on a dev chain id).

    Every path that signs (transactions, raw bulk transactions, EIP-712 messages, the CLI's
    signer) calls this with the key and the connected chain, before it signs. Publicly known:
    a key of a public test mnemonic at index 0 to 65,535 of m/44'/60'/0'/0/i, or a fixed key
    printed in public docs (:mod:`blokketen.chain.publickeys`)."""
    if chain.is_dev:
        return
    known = public_key_origin(account)
    if known is None:
        return
    node = chain.client_version or "an unknown node"
    dev_ids = " or ".join(str(i) for i in sorted(DEV_CHAIN_IDS, reverse=True))
    raise DevKeyRefused(
        f"account {account.address} is a public key ({known.describe()}): refusing to sign for "
        f"chain id {chain.chain_id} ({node}), which is not a local dev chain (anvil, ganache or "
        f"Hardhat on chain id {dev_ids}); use an encrypted keystore. Keys of public test "
        f"mnemonics are recognised at indices 0 to {INDEX_BOUND - 1:,} of {ACCOUNT_PATH}/i."
    )


_ORIGINS: dict[str, KnownKey | None] = {}


def public_key_origin(account: LocalAccount) -> KnownKey | None:
    """Where ``account``'s key is published (a public mnemonic and index, or public docs), or
    None. Remembered per address, so a process pays the lookup once per key."""
    address = str(account.address).lower()
    if address not in _ORIGINS:
        _ORIGINS[address] = known_key(bytes(account.key), address)
    return _ORIGINS[address]


