"""Holder receipts and batch preparation (no chain)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from blokketen._exceptions import InputError
from blokketen.diploma import DiplomaReceipt, leaf_hash, prepare_batch

REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3"


def test_prepare_batch_salts_every_document_and_proves_it(documents):
    batch = prepare_batch(documents)
    assert len(batch) == len(documents) and batch.level == documents[0].eqf_level
    assert len(set(batch.salts)) == len(documents)
    receipts = batch.receipts(registry=REGISTRY, chain_id=31337)
    for doc, salt, receipt in zip(documents, batch.salts, receipts, strict=True):
        assert receipt.document == doc and receipt.salt == salt
        assert receipt.leaf == leaf_hash(doc.hash(), salt)
        assert receipt.proof_holds()
        assert receipt.registry == "0x5FbDB2315678afecb367f032d93F642f64180aa3"


def test_prepare_batch_refuses_mixed_levels_and_empty(documents):
    mixed = [documents[0], dataclasses.replace(documents[1], eqf_level=6)]
    with pytest.raises(InputError) as caught:
        prepare_batch(mixed)
    assert caught.value.field == "eqf_level"
    with pytest.raises(InputError):
        prepare_batch([])
    with pytest.raises(InputError):
        prepare_batch(documents, salts=[b"\x00" * 32])


def test_receipt_file_round_trip(tmp_path, documents):
    (receipt, *_) = prepare_batch(documents).receipts(registry=REGISTRY, chain_id=31337)
    path = receipt.save(tmp_path / "r.json")
    assert DiplomaReceipt.load(path) == receipt
    data = json.loads(path.read_text())
    assert set(data) == {"format", "chain_id", "registry", "root", "proof", "salt", "document"}
    assert "leaf" not in data  # the verifier recomputes it


def test_changed_field_or_salt_breaks_the_offline_proof(documents):
    (receipt, *_) = prepare_batch(documents).receipts(registry=REGISTRY, chain_id=1)
    assert not dataclasses.replace(
        receipt, document=dataclasses.replace(receipt.document, family_name="Other")
    ).proof_holds()
    assert not dataclasses.replace(receipt, salt=b"\x01" * 32).proof_holds()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"format": "other"}, "format"),
        ({"chain_id": 0}, "chain_id"),
        ({"chain_id": "1"}, "chain_id"),
        ({"registry": "0x1234"}, "registry"),
        ({"root": "0xzz"}, "root"),
        ({"salt": "0x" + "00" * 31}, "salt"),
        ({"proof": "0x00"}, "proof"),
        ({"proof": ["0x00"]}, "proof"),
        ({"document": {"eqf_level": 7}}, "diploma_id"),
    ],
)
def test_malformed_receipt_names_the_field(documents, change, field):
    (receipt, *_) = prepare_batch(documents).receipts(registry=REGISTRY, chain_id=1)
    with pytest.raises(InputError) as caught:
        DiplomaReceipt.from_dict({**receipt.to_dict(), **change})
    assert caught.value.field == field


def test_unreadable_receipt_file_is_input_error(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError):
        DiplomaReceipt.load(bad)
    with pytest.raises(InputError):
        DiplomaReceipt.load(tmp_path / "missing.json")
