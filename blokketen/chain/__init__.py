"""Chains: local dev nodes, JSON-RPC connections and accounts."""

from blokketen.chain.accounts import (
    DEV_CHAIN_IDS,
    DEV_MNEMONIC,
    create_keystore,
    dev_accounts,
    load_keystore,
)
from blokketen.chain.connection import Chain, NonceManager
from blokketen.chain.node import LocalNode, free_port

__all__ = [
    "DEV_CHAIN_IDS",
    "DEV_MNEMONIC",
    "Chain",
    "LocalNode",
    "NonceManager",
    "create_keystore",
    "dev_accounts",
    "free_port",
    "load_keystore",
]
