"""Accounts: the public dev mnemonic on local dev chains, encrypted keystores elsewhere."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING

from blokketen._exceptions import AccountError

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

DEV_MNEMONIC = "test test test test test test test test test test test junk"
"""The well-known test mnemonic of anvil and Hardhat: its keys are public knowledge."""

DEV_CHAIN_IDS = frozenset({31337, 1337})
"""Chain ids of local dev chains (anvil and Hardhat 31337, ganache 1337). A chain id alone does
not make a dev chain: Besu's and Quorum's quickstart networks and geth --dev use 1337 too. A dev
chain is a dev node (anvil, ganache, Hardhat, by ``web3_clientVersion``) on one of these ids:
:attr:`blokketen.chain.connection.Chain.is_dev`; public keys sign on dev chains only
(:func:`blokketen.chain.devkeys.refuse_dev_key`)."""


def dev_accounts(count: int = 10) -> list[LocalAccount]:
    """The first ``count`` accounts of the dev mnemonic (m/44'/60'/0'/0/i)."""
    return [_dev_account(i) for i in range(count)]


@functools.cache
def _dev_account(index: int) -> LocalAccount:
    from eth_account import Account

    from blokketen.chain.publickeys import child_key

    account: LocalAccount = Account.from_key(child_key(DEV_MNEMONIC, index))
    return account


def load_keystore(path: Path | str, password: str) -> LocalAccount:
    """Decrypt an eth-account keystore (V3 JSON) file."""
    from eth_account import Account

    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError:
        raise AccountError(f"keystore not found: {path}") from None
    except json.JSONDecodeError as err:
        raise AccountError(f"keystore {path} is not JSON: {err}") from None
    try:
        key = Account.decrypt(data, password)
    except ValueError:
        raise AccountError(f"wrong password for keystore {path}") from None
    account: LocalAccount = Account.from_key(key)
    return account


def create_keystore(
    path: Path | str, password: str, *, scrypt_n: int | None = None
) -> LocalAccount:
    """Make a new random account and write it, encrypted with ``password``, to ``path``.

    ``scrypt_n`` lowers the key derivation's cost from eth-account's default (2**18); only
    for keys whose password is kept beside them anyway (a local network's signers)."""
    from eth_account import Account

    path = Path(path)
    if path.exists():
        raise AccountError(f"keystore {path} exists already; refusing to overwrite it")
    account: LocalAccount = Account.create()
    data = Account.encrypt(account.key, password, kdf="scrypt", iterations=scrypt_n)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data))
    tmp.chmod(0o600)
    tmp.replace(path)
    return account
