"""Holder receipts and batch preparation (no chain)."""

from __future__ import annotations

import dataclasses
import json

import pytest

from blokketen._exceptions import InputError
from blokketen.diploma import DiplomaClaim, DiplomaReceipt, leaf_hash, prepare_batch

REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3"
ISSUER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"


def test_prepare_batch_salts_every_document_and_proves_it(documents):
    batch = prepare_batch(documents, issuer=ISSUER.lower())
    assert len(batch) == len(documents) and batch.level == documents[0].eqf_level
    assert batch.issuer == ISSUER
    assert len(set(batch.salts)) == len(documents)
    receipts = batch.receipts(registry=REGISTRY, chain_id=31337)
    for doc, salt, receipt in zip(documents, batch.salts, receipts, strict=True):
        assert receipt.document == doc and receipt.salt == salt
        assert receipt.issuer == ISSUER and receipt.claim == DiplomaClaim.of(doc, salt)
        assert receipt.leaf == leaf_hash(DiplomaClaim.of(doc, salt), ISSUER)
        assert receipt.diploma_id == receipt.claim.diploma_id
        assert receipt.proof_holds()
        assert receipt.registry == "0x5FbDB2315678afecb367f032d93F642f64180aa3"


@pytest.mark.parametrize(("field", "value"), [
    ("eqf_level", 6), ("country", "NL"), ("institution", "UGent")])
def test_prepare_batch_holds_one_level_country_and_institution(documents, field, value):
    mixed = [documents[0], dataclasses.replace(documents[1], **{field: value})]
    with pytest.raises(InputError) as caught:
        prepare_batch(mixed, issuer=ISSUER)
    assert caught.value.field == field


def test_prepare_batch_refuses_empty_bad_salts_and_no_issuer(documents):
    with pytest.raises(InputError):
        prepare_batch([], issuer=ISSUER)
    with pytest.raises(InputError):
        prepare_batch(documents, issuer=ISSUER, salts=[b"\x00" * 32])
    for issuer in ("", "KU Leuven", None):
        with pytest.raises(InputError) as caught:
            prepare_batch(documents, issuer=issuer)
        assert caught.value.field == "issuer"


def test_receipt_file_round_trip(tmp_path, documents):
    (receipt, *_) = prepare_batch(documents, issuer=ISSUER).receipts(registry=REGISTRY,
                                                                     chain_id=31337)
    path = receipt.save(tmp_path / "r.json")
    assert DiplomaReceipt.load(path) == receipt
    data = json.loads(path.read_text())
    assert set(data) == {"format", "chain_id", "registry", "issuer", "root", "proof", "salt",
                         "document"}
    assert data["format"] == "blokketen.diploma-receipt/2"
    assert "leaf" not in data  # the verifier recomputes it


def test_changed_field_salt_or_issuer_breaks_the_offline_proof(documents):
    (receipt, *_) = prepare_batch(documents, issuer=ISSUER).receipts(registry=REGISTRY,
                                                                     chain_id=1)
    assert receipt.proof_holds()
    assert not dataclasses.replace(
        receipt, document=dataclasses.replace(receipt.document, family_name="Other")
    ).proof_holds()
    assert not dataclasses.replace(receipt, salt=b"\x01" * 32).proof_holds()
    assert not dataclasses.replace(receipt, issuer=REGISTRY).proof_holds()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"format": "other"}, "format"),
        ({"chain_id": 0}, "chain_id"),
        ({"chain_id": "1"}, "chain_id"),
        ({"registry": "0x1234"}, "registry"),
        ({"issuer": None}, "issuer"),
        ({"root": "0xzz"}, "root"),
        ({"salt": "0x" + "00" * 31}, "salt"),
        ({"proof": "0x00"}, "proof"),
        ({"proof": ["0x00"]}, "proof"),
        ({"document": {"eqf_level": 7}}, "diploma_id"),
    ],
)
def test_malformed_receipt_names_the_field(documents, change, field):
    (receipt, *_) = prepare_batch(documents, issuer=ISSUER).receipts(registry=REGISTRY,
                                                                     chain_id=1)
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
