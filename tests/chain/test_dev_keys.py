"""Public keys sign on local dev chains only, and a dev chain is told by its node and chain id.

The Besu-like endpoint below is a small JSON-RPC server in this process. It answers as a Besu
node on chain id 1337 would (a quickstart network uses that id, as ganache does): its
``web3_clientVersion``, blocks sealed as transactions arrive, zero fees, and "Method not
found" for the methods only dev nodes have (evm_*, anvil_*, hardhat_*). It records every
method it is asked, so the tests can show what was never asked.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import rlp
from eth_account import Account
from eth_utils import keccak

from blokketen import _exceptions as exc
from blokketen.bulk import BulkSender, Job
from blokketen.chain import DEV_MNEMONIC, Chain, RawSigner
from blokketen.chain.accounts import dev_accounts
from blokketen.chain.devkeys import refuse_dev_key
from blokketen.chain.publickeys import (
    INDEX_BOUND,
    PUBLIC_KEYS,
    PUBLIC_MNEMONICS,
    child_key,
    known_key,
)
from blokketen.cli.main import main as cli_main
from blokketen.contract.tx import Transactor
from blokketen.land import eip712
from blokketen.land.client import LandRegistry

BESU = "besu/v24.12.2/linux-x86_64/openjdk-java-21"
DEV_ONLY = ("evm_", "anvil_", "hardhat_", "ganache_")
REGISTRY = "0x5FbDB2315678afecb367f032d93F642f64180aa3"
GANACHE_DETERMINISTIC, TRUFFLE, BROWNIE = (m.phrase for m in PUBLIC_MNEMONICS[1:])


class FakeBesu:
    """The JSON-RPC answers of a Besu node on chain id 1337 that seals a block per
    transaction (enough for the toolkit's signing and sending paths)."""

    def __init__(self, chain_id: int = 1337, client_version: str = BESU) -> None:
        self.chain_id = chain_id
        self.client_version = client_version
        self.methods: list[str] = []
        self.blocks: list[list[dict[str, Any]]] = [[]]  # receipts per block
        self.nonces: dict[str, int] = {}
        self.lock = threading.Lock()

    @property
    def sent(self) -> list[dict[str, Any]]:
        return [r for block in self.blocks for r in block]

    def dev_methods(self) -> list[str]:
        return [m for m in self.methods if m.startswith(DEV_ONLY)]

    def answer(self, request: dict[str, Any]) -> dict[str, Any]:
        method, params = request["method"], request.get("params", [])
        with self.lock:
            self.methods.append(method)
            try:
                result = self._result(method, params)
            except LookupError:
                return {"jsonrpc": "2.0", "id": request.get("id"),
                        "error": {"code": -32601, "message": "Method not found"}}
        return {"jsonrpc": "2.0", "id": request.get("id"), "result": result}

    @staticmethod
    def _hash(number: int) -> str:
        return "0x" + keccak(number.to_bytes(8, "big")).hex() if number >= 0 else "0x" + "00" * 32

    def _block(self, number: int) -> dict[str, Any]:
        return {"number": hex(number), "hash": self._hash(number),
                "parentHash": self._hash(number - 1),  # the toolkit follows the chain by it
                "timestamp": hex(1_700_000_000 + number), "gasLimit": hex(30_000_000),
                "baseFeePerGas": "0x0",
                "transactions": [r["transactionHash"] for r in self.blocks[number]]}

    def _number(self, tag: str) -> int:
        return len(self.blocks) - 1 if tag in ("latest", "pending") else int(tag, 16)

    def _result(self, method: str, params: list[Any]) -> Any:
        if method == "web3_clientVersion":
            return self.client_version
        if method == "eth_chainId":
            return hex(self.chain_id)
        if method == "eth_blockNumber":
            return hex(len(self.blocks) - 1)
        if method == "eth_getBlockByNumber":
            return self._block(self._number(params[0]))
        if method == "eth_getTransactionCount":
            return hex(self.nonces.get(params[0].lower(), 0))
        if method in ("eth_maxPriorityFeePerGas", "eth_gasPrice"):
            return "0x0"
        if method == "eth_estimateGas":
            return hex(60_000)
        if method == "eth_getCode":
            return "0x6080604052"
        if method == "eth_sendRawTransaction":
            return self._seal(bytes.fromhex(params[0][2:]))
        if method == "eth_getTransactionReceipt":
            return next((r for r in self.sent if r["transactionHash"] == params[0]), None)
        if method == "eth_getBlockReceipts":
            number = self._number(params[0])
            return self.blocks[number] if number < len(self.blocks) else None
        raise LookupError(method)

    def _seal(self, raw: bytes) -> str:
        fields = rlp.decode(raw[1:]) if raw[0] == 2 else rlp.decode(raw)
        chain_id, nonce = (int.from_bytes(fields[0], "big"), int.from_bytes(fields[1], "big"))
        assert raw[0] == 2 and chain_id == self.chain_id, "signed for another chain"
        sender = Account.recover_transaction(raw)
        assert nonce == self.nonces.get(sender.lower(), 0), "nonce gap"
        self.nonces[sender.lower()] = nonce + 1
        tx_hash = "0x" + keccak(raw).hex()
        number = len(self.blocks)
        self.blocks.append([{"transactionHash": tx_hash, "blockNumber": hex(number),
                             "blockHash": self._hash(number),
                             "status": "0x1", "gasUsed": hex(50_000), "from": sender.lower(),
                             "to": REGISTRY.lower(), "contractAddress": None, "logs": []}])
        return tx_hash


@pytest.fixture
def besu() -> Iterator[tuple[FakeBesu, str]]:
    node = FakeBesu()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 (http.server's name)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            answer: Any = ([node.answer(r) for r in body] if isinstance(body, list)
                           else node.answer(body))
            data = json.dumps(answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    try:
        yield node, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


BESU_DEV_KEY = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63"
PUBLIC = {  # name: (mnemonic, index), or the fixed key
    "anvil-0": (DEV_MNEMONIC, 0),
    "anvil-20-beyond-the-old-list": (DEV_MNEMONIC, 20),
    "anvil-150-beyond-dev-account": (DEV_MNEMONIC, 150),
    "anvil-last-below-the-bound": (DEV_MNEMONIC, INDEX_BOUND - 1),
    "ganache-deterministic-7": (GANACHE_DETERMINISTIC, 7),
    "truffle-besu-1": (TRUFFLE, 1),
    "brownie-3000": (BROWNIE, 3000),
    "besu-dev-json-1": BESU_DEV_KEY,
}


def _account(phrase: str, index: int) -> Any:
    return Account.from_key(child_key(phrase, index))


def _public(name: str) -> Any:
    where = PUBLIC[name]
    return Account.from_key(where) if isinstance(where, str) else _account(*where)


# -- which keys are public -----------------------------------------------------------------
def test_derivation_agrees_with_eth_account_and_the_tools():
    Account.enable_unaudited_hdwallet_features()
    for phrase in (DEV_MNEMONIC, GANACHE_DETERMINISTIC, TRUFFLE):
        for index in (0, 1, 99, 4_321, INDEX_BOUND - 1):
            expected = Account.from_mnemonic(phrase, account_path=f"m/44'/60'/0'/0/{index}")
            assert child_key(phrase, index) == bytes(expected.key)
    # first accounts as the tools print them (anvil; ganache --wallet.deterministic and
    # --wallet.mnemonic brownie, run here; Besu's dev.json test accounts 2 and 3)
    assert _account(DEV_MNEMONIC, 0).address == "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
    assert _account(GANACHE_DETERMINISTIC, 0).address == (
        "0x90F8bf6A479f320ead074411a4B0e7944Ea8c9C1")
    assert _account(BROWNIE, 0).address == "0x66aB6D9362d4F35596279692F0251Db635165871"
    assert [_account(TRUFFLE, i).address.lower() for i in (0, 1)] == [
        "0x627306090abab3a6e1400e9345bc60c78a8bef57", "0xf17f52151ebef6c7334fad080c5704d77216b732"]
    assert Account.from_key(BESU_DEV_KEY).address.lower() == PUBLIC_KEYS[0].address
    assert dev_accounts(3)[2].address == "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"


@pytest.mark.parametrize("name", list(PUBLIC))
def test_every_public_key_is_known(name):
    account = _public(name)
    found = known_key(bytes(account.key), account.address)
    assert found is not None
    where = PUBLIC[name]
    assert found.index == (None if isinstance(where, str) else where[1])


def test_other_keys_are_not_known():
    beyond = _account(DEV_MNEMONIC, INDEX_BOUND)  # the stated bound is the bound
    other_path = Account.from_key(child_key("test " * 11 + "wrong", 0))
    for account in (Account.create(), beyond, other_path):
        assert known_key(bytes(account.key), account.address) is None


# -- what a dev chain is -----------------------------------------------------------------
@pytest.mark.parametrize(("client", "chain_id", "dev"), [
    ("anvil/v1.7.1", 31337, True),
    ("Ganache/v7.9.2/EthereumJS TestRPC/v7.9.2/ethereum-js", 1337, True),
    ("HardhatNetwork/2.22.3/@ethereumjs/vm/5.6.0", 31337, True),
    (BESU, 1337, False),                                         # Besu quickstart
    ("Geth/v1.10.15-stable-2d6d2fb7(quorum-v22.7.1)/linux-amd64/go1.17.13", 1337, False),
    ("Geth/v1.13.15-stable/linux-amd64/go1.23.4", 1337, False),  # geth --dev
    ("anvil/v1.7.1", 4242, False),
    ("anvil/v1.7.1", 1, False),                                  # a fork of mainnet
])
def test_a_dev_chain_is_a_dev_node_on_a_dev_chain_id(client, chain_id, dev):
    chain = Chain(url="http://offline.invalid", w3=None, chain_id=chain_id,  # never asked
                  client_version=client, eip1559=True)
    assert chain.is_dev is dev
    key = _account(DEV_MNEMONIC, 1234)
    if dev:
        refuse_dev_key(key, chain)
        assert RawSigner(key, chain).chain_id == chain_id
    else:
        with pytest.raises(exc.DevKeyRefused, match=f"index 1234 .* chain id {chain_id}"):
            refuse_dev_key(key, chain)


# -- a Besu node on chain id 1337 ------------------------------------------------------------
def test_besu_on_1337_is_not_a_dev_chain(besu):
    node, url = besu
    chain = Chain.connect(url)
    assert (chain.chain_id, chain.node_kind, chain.is_dev) == (1337, None, False)
    with pytest.raises(exc.DevKeyRefused, match="chain id 1337 .besu/"):
        chain.dev_accounts(1)


@pytest.mark.parametrize("name", list(PUBLIC))
def test_public_keys_are_refused_on_every_signing_path(besu, name):
    node, url = besu
    chain = Chain.connect(url)
    key = _public(name)
    registry = LandRegistry(chain, REGISTRY)
    message = eip712.transfer_message(capakey="11001A0123/00B000", parcel_version=1,
                                      seller=key.address, buyer=REGISTRY,
                                      deed_hash=b"\x01" * 32, nonce=0, buyer_nonce=0,
                                      deadline=2_000_000_000)
    for path in (lambda: Transactor(chain, key),
                 lambda: RawSigner(key, chain),
                 lambda: BulkSender(chain, key, REGISTRY),
                 lambda: registry.as_sender(key).register_parcel(
                     "11001A0123/00B000", owner=key.address, area_m2=1, deed_hash=b"\x01" * 32),
                 lambda: registry.sign_transfer(key, message)):
        with pytest.raises(exc.DevKeyRefused, match="public key .* not a local dev chain"):
            path()
    assert "eth_sendRawTransaction" not in node.methods and not node.sent


def test_other_keys_sign_and_send_there_without_dev_only_methods(besu):
    node, url = besu
    chain = Chain.connect(url)
    agency = Account.create()
    assert not chain.can_mine_manually
    receipt = Transactor(chain, agency).transact(REGISTRY, b"\x12\x34")
    assert receipt.succeeded and receipt.sender == agency.address
    sender = BulkSender(chain, agency, REGISTRY)
    assert not sender.mine
    outcomes = sender.run([Job(data=bytes([i]), gas=60_000, keys=(str(i),)) for i in range(5)])
    assert [o.receipt.status for o in outcomes] == [1] * 5 and sender.refusal is None
    signature = LandRegistry(chain, REGISTRY).sign_transfer(agency, eip712.transfer_message(
        capakey="11001A0123/00B000", parcel_version=1, seller=agency.address, buyer=REGISTRY,
        deed_hash=b"\x01" * 32, nonce=0, buyer_nonce=0, deadline=2_000_000_000))
    assert len(signature) == 65
    assert len(node.sent) == 6 and node.dev_methods() == []


def test_dev_only_methods_are_never_sent_there(besu):
    node, url = besu
    chain = Chain.connect(url)
    asked = len(node.methods)
    for control in (chain.snapshot, lambda: chain.revert("0x1"), chain.mine,
                    lambda: chain.increase_time(60), lambda: chain.set_balance(REGISTRY, 1),
                    lambda: chain.set_automine(False)):
        with pytest.raises(exc.ChainError, match="needs a local"):
            control()
    assert len(node.methods) == asked and node.dev_methods() == []


def test_cli_refuses_dev_accounts_and_public_keystores_there(besu, tmp_path, capsys,
                                                            monkeypatch):
    node, url = besu
    keystore = tmp_path / "imported.json"
    public = _account(DEV_MNEMONIC, 4242)  # a dev key someone imported into a keystore
    keystore.write_text(json.dumps(Account.encrypt(public.key, "pw", kdf="pbkdf2",
                                                   iterations=1_000)))
    monkeypatch.setenv("BLOKKETEN_KEYSTORE_PASSWORD", "pw")
    terms = ["land", "sign-transfer", "11001A0123/00B000", "--buyer", REGISTRY,
             "--deed-hash", "0x" + "01" * 32, "--deadline", "2030-01-01T00:00:00+01:00",
             "--network", url, "--address", REGISTRY]
    for who in (["--dev-account", "3"], ["--keystore", str(keystore)]):
        capsys.readouterr()
        assert cli_main([*terms, *who]) == 2
        err = capsys.readouterr().err
        assert "DevKeyRefused" in err and "1337" in err and len(err.strip().splitlines()) == 1
    assert "index 4242 of the default mnemonic of anvil and Hardhat" in err
    assert [m for m in node.methods if m not in ("eth_chainId", "web3_clientVersion",
                                                 "eth_getBlockByNumber", "eth_getCode")] == []
