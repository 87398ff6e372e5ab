"""No personal field of a diploma reaches the chain: not in transaction input, not in event
data or topics, not in any storage slot written. The unsalted diploma hash and the salt must
not appear either (with them, low-entropy contents could be guessed)."""

from __future__ import annotations

import dataclasses

import pytest

from blokketen.contract.tx import Transactor
from blokketen.diploma import RevocationReason, keccak256
from blokketen.diploma.demo import sample_documents


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def _needles(receipts) -> dict[str, bytes]:
    """Byte strings that must not occur: each personal value as UTF-8 and as hex text
    (lower and upper case), plus each diploma hash and salt."""
    found: dict[str, bytes] = {}
    for receipt in receipts:
        doc = receipt.document
        for field, value in doc.personal_values().items():
            raw = value.encode()
            found[f"{field}={value!r} utf-8"] = raw
            found[f"{field}={value!r} hex"] = raw.hex().encode()
            found[f"{field}={value!r} HEX"] = raw.hex().upper().encode()
        found[f"diploma hash of {doc.diploma_id}"] = doc.hash()
        found[f"salt of {doc.diploma_id}"] = receipt.salt
    return found


def _chain_bytes(chain, address, tx_hash) -> dict[str, bytes]:
    """Everything a transaction put on chain, as raw bytes per place."""
    tx = chain.rpc("eth_getTransactionByHash", [tx_hash])
    receipt = chain.rpc("eth_getTransactionReceipt", [tx_hash])
    places = {"input": bytes.fromhex(tx["input"][2:])}
    for n, log in enumerate(receipt["logs"]):
        places[f"log {n} data"] = bytes.fromhex(log["data"][2:])
        places[f"log {n} topics"] = b"".join(bytes.fromhex(t[2:]) for t in log["topics"])
    diff = chain.rpc("debug_traceTransaction",
                     [tx_hash, {"tracer": "prestateTracer", "tracerConfig": {"diffMode": True}}])
    written = diff["post"].get(address.lower(), {}).get("storage", {})
    places["storage written"] = b"".join(
        bytes.fromhex(k[2:].rjust(64, "0")) + bytes.fromhex(v[2:].rjust(64, "0"))
        for k, v in written.items()
    )
    # the slots as they are now, read back
    places["storage now"] = b"".join(
        bytes.fromhex(chain.rpc("eth_getStorageAt", [address, slot, "latest"])[2:])
        for slot in written
    )
    return places


def test_no_personal_data_on_chain(registry, actors, bk_chain):
    docs = [
        dataclasses.replace(doc, given_names=given, family_name=family, birth_date=born,
                            diploma_id=number, grade="summa cum laude")
        for doc, given, family, born, number in zip(
            sample_documents(4, seed=40),
            ("Zoë", "Ölçer", "Jan-Willem", "Anne-Sophie"),
            ("Vandenbroucke", "Yılmaz", "De Wilde", "Ngozi"),
            ("2001-12-31", "2002-01-01", "1999-05-05", "2003-07-14"),
            ("r0123456", "r0777777", "s9999999", "u1234567"),
            strict=True,
        )
    ]
    leuven = registry.as_sender(actors.leuven)
    receipts = leuven.issue_batch(docs)
    txs = [registry.events("BatchIssued")[-1].tx_hash]
    txs.append(leuven.suspend(receipts[0]).tx_hash)
    txs.append(leuven.reinstate(receipts[0]).tx_hash)
    txs.append(leuven.revoke(receipts[1], RevocationReason.FRAUD).tx_hash)
    txs.append(registry.as_sender(actors.naric).recognise(
        receipts[2], equivalent_level=7, decision_hash=keccak256(b"decision")).tx_hash)
    txs.append(registry.as_sender(actors.revoker).revoke_batch(
        receipts[0].root, RevocationReason.COURT_ORDER).tx_hash)

    needles = _needles(receipts)
    scanned = 0
    for tx_hash in txs:
        for place, blob in _chain_bytes(bk_chain, registry.address, tx_hash).items():
            scanned += len(blob)
            for what, needle in needles.items():
                assert needle not in blob, f"{what} found in {place} of {tx_hash}"
    assert scanned > 1000
    # the scan is able to see something: the leaves and the root are on chain
    everything = b"".join(
        b"".join(_chain_bytes(bk_chain, registry.address, t).values()) for t in txs)
    assert receipts[0].root in everything and receipts[1].leaf in everything


def test_the_scan_would_catch_a_leak(bk_chain, registry, actors):
    """Guard against a vacuous scan: a transaction whose input carries a name is caught."""
    leuven = registry.as_sender(actors.leuven)
    name = b"Vandenbroucke"
    # a plain transfer with the name as data, to the admin account
    tx = Transactor(bk_chain, actors.leuven).transact(actors.admin.address, name)
    places = _chain_bytes(bk_chain, leuven.address, tx.tx_hash)
    assert name in places["input"]
