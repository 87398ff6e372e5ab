"""Python = Solidity: the label rule, the renovation terms, attestation ids, holder leaves
and mandate hashes are computed the same way on both sides."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from woningpaskit import epc, ref

from blokketen.woningpas.client import Mandate, unix_day
from blokketen.woningpas.commitments import attestation_id, holder_leaf, holders_tree
from blokketen.woningpas.epc import label_of
from blokketen.woningpas.renovation import deadline_of, target_of
from blokketen.woningpas.types import AttType, DwellingKind, Scope

EDGES = [-500, -1, 0, 1, 99, 100, 101, 199, 200, 201, 300, 301, 400, 401, 499, 500, 501, 2000]


def test_label_edges_agree(registry):
    for score in EDGES:
        assert registry.label_of(score) is label_of(score), score


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=-500, max_value=2000))
def test_labels_agree(registry, score):
    assert registry.label_of(score) is label_of(score)


DAYS = [date(2022, 12, 31), date(2023, 1, 1), date(2024, 2, 29), date(2027, 12, 31),
        date(2028, 1, 1), date(2034, 12, 31), date(2035, 1, 1), date(2044, 2, 29),
        date(2045, 1, 1), date(2100, 3, 1)]


def test_renovation_terms_agree_on_the_edges(registry):
    for day in DAYS:
        for kind in DwellingKind:
            target, deadline = registry.renovation_terms(day, kind)
            expected = target_of(day, kind)
            assert target is expected, (day, kind)
            assert deadline == (0 if expected is None else unix_day(deadline_of(day))), day


@settings(max_examples=25, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2060, 12, 31)),
       st.sampled_from(list(DwellingKind)))
def test_renovation_terms_agree(registry, day, kind):
    target, deadline = registry.renovation_terms(day, kind)
    assert target is target_of(day, kind)
    if target is not None:
        assert deadline == unix_day(deadline_of(day))


@pytest.mark.usefixtures("bk_isolated")
def test_attestation_id_and_event_agree(registry, actors):
    r = ref(77)
    registry.as_sender(actors.registrar).register_dwelling(r)
    done = registry.as_sender(actors.veka).record_epc(r, epc(350), b"doc")
    (event,) = [e for e in done.chain_receipt.events if e.name == "AttestationRecorded"]
    assert bytes(event["id"]) == done.attestation_id
    assert attestation_id(r, AttType.EPC, done.receipt.commitment) == done.attestation_id


@pytest.mark.usefixtures("bk_isolated")
def test_holder_leaves_and_mandate_hash_agree(registry, actors):
    r = ref(78)
    office = registry.as_sender(actors.registrar)
    office.register_dwelling(r)
    tree = office.set_holders(r, [actors.owner.address, actors.stranger.address])
    assert registry.dwelling(r).holders_root == tree.root
    proof = registry.holder_proof(tree, r, actors.owner.address)
    assert holders_tree(r, [actors.stranger.address, actors.owner.address]).root == tree.root
    assert holder_leaf(r, actors.owner.address) in tree.leaves
    until = registry.chain.timestamp() + int(timedelta(days=3).total_seconds())
    mandate = Mandate(r, actors.buyer.address, Scope.EPC | Scope.ASBESTOS, until, 0)
    assert registry._call("mandateHash", mandate.as_tuple()) == mandate.mandate_hash
    signed, signature = registry.sign_mandate(actors.owner, r, grantee=actors.buyer.address,
                                              scope=Scope.EPC | Scope.ASBESTOS, valid_until=until)
    assert registry.grant_mandate(signed, signature, holder=actors.owner.address,
                                  holder_proof=proof) == signed.mandate_hash
    assert registry.mandate(signed.mandate_hash).holder == actors.owner.address
