"""No household reaches the node: the lease flow and the private rent path under the shared
privacy guard (with its positive control), plus a stricter scan of packed storage.

The guard looks for integer secrets as 32-byte words, decimal text and, from 2^24 up, as
5- to 8-byte packed fields. Household figures in cents are mostly below 2^24 (167,772.16
euro) and the lease register packs uint32 fields, so the scan at the end of this module
also looks for every figure as a 4-, 8-, 16- and 32-byte big-endian integer at any offset of
the inputs, logs and storage words the flow wrote.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from housingkit import KEY, completed, leefloon_only, ref

from blokketen.housing.client import date_code
from blokketen.housing.params import rule_set
from blokketen.housing.rules import decision_digest
from blokketen.housing.types import Dwelling, Household, RuleParameters, RuleSet
from blokketen.privacy import PrivacyGuard

HOUSEHOLD = Household("other", 3_141_592, dependants=3, dependants_half=1)
DWELLING = Dwelling(73_199, 12_345, 1_733, "high")
BUILDING_UNIT = "6747170"


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture
def rules(housing, cast):
    client = housing.as_sender(cast["rule_admin"])
    client.publish_rules(rule_set(2023, leefloon_only()))
    client.publish_rules(completed(2024))
    return client


@pytest.fixture
def landlord(rules, cast):
    home = ref(BUILDING_UNIT)
    rules.as_sender(cast["registrar"]).register_dwellings(cast["landlord"].address, [home])
    return rules.as_sender(cast["landlord"])


def _lease_flow(landlord):
    """Decide (private path), open, revise yearly and mid-term, end, prove: the decisions
    with their salts and the receipts."""
    home = ref(BUILDING_UNIT)
    decision = landlord.decide(home, HOUSEHOLD, DWELLING, year=2023, effective=date(2023, 5, 1))
    opened = landlord.open_lease(decision)
    yearly = landlord.decide(home, replace(HOUSEHOLD, income=3_271_828), DWELLING, year=2024,
                             kind="yearly", effective=date(2024, 1, 1))
    revised = landlord.revise_lease(opened.lease_id, yearly)
    drop = landlord.decide(home, replace(HOUSEHOLD, income=2_222_222), DWELLING, year=2024,
                           kind="income_drop", effective=date(2024, 7, 1))
    dropped = landlord.revise_lease(opened.lease_id, drop)
    ended = landlord.end_lease(opened.lease_id, date(2024, 12, 31))
    proofs = [(decision, opened.salt), (yearly, revised.salt), (drop, dropped.salt)]
    assert all(landlord.prove_decision(d, s).valid for d, s in proofs)
    landlord.lease_history(opened.lease_id)
    return proofs, [opened.receipt, revised.receipt, dropped.receipt, ended]


def _figures(proofs) -> set[int]:
    figures = {3_141_592, 3_271_828, 2_222_222, 73_199, 12_345, 1_733}
    for decision, _ in proofs:
        b = decision.breakdown
        figures |= {b.rent, b.income_used, b.income_share, b.income_based, b.family_discount,
                    b.minimum}
    return {f for f in figures if f > 1_000}


def test_the_lease_flow_shows_the_node_no_household_under_the_guard(landlord, cast, bk_chain):
    guard = PrivacyGuard(bk_chain, secrets={"building unit": "gebouweenheid:" + BUILDING_UNIT,
                                            "registrar key": KEY})
    with guard.watching():
        proofs, _ = _lease_flow(landlord)
        landlord.eligibility(2024, HOUSEHOLD)
        landlord.rent_many([(2023, None, HOUSEHOLD, DWELLING)])
    for i, figure in enumerate(sorted(_figures(proofs))):
        guard.add_secret(f"figure {i}", figure)
    for i, (decision, salt) in enumerate(proofs):
        guard.add_secret(f"salt {i}", salt)  # the tenant's, never the chain's
        guard.add_secret(f"decision digest {i}", decision_digest(decision, salt))
    assert len(guard.transactions) == 4 and guard.calls
    guard.assert_clean()
    found = guard.prove_it_catches_a_leak(cast["outsider"])
    assert {f.kind for f in found} >= {"national-number", "e-mail"}


def test_the_guard_sees_the_household_in_the_on_chain_view(landlord, bk_chain):
    """Positive control on the pilot's own data: the auditors' path does show it."""
    guard = PrivacyGuard(bk_chain, secrets={"income": HOUSEHOLD.income})
    with guard.watching():
        landlord.rent(2023, HOUSEHOLD, DWELLING, on_chain=True)
    assert [(f.place, f.kind) for f in guard.findings()] == [("eth_call data", "secret")]


# ---------------------------------------------------------------------- packed figures

WIDTHS = (4, 8, 16, 32)
"""Integer widths (bytes) the contract stores and emits: uint32, uint64, uint128, uint256."""


def _contains(blob: bytes, figure: int) -> bool:
    """Whether ``figure`` is in ``blob``: as a big-endian integer of any width the contract
    uses, at any byte offset (so also packed inside a storage word), or as decimal text."""
    for width in WIDTHS:
        if figure < 1 << (8 * width) and figure.to_bytes(width, "big") in blob:
            return True
    return str(figure).encode() in blob


def _footprint(chain, address: str, receipts) -> dict[str, list[bytes]]:
    """What the transactions left visible: their inputs, their events' topics and data, and
    the storage words they wrote at ``address``."""
    seen: dict[str, list[bytes]] = {"input": [], "event": [], "storage": []}
    for receipt in receipts:
        tx = chain.rpc("eth_getTransactionByHash", [receipt.tx_hash])
        seen["input"].append(bytes.fromhex(tx["input"][2:]))
        for log in receipt.logs:
            seen["event"].append(bytes.fromhex(str(log["data"])[2:]))
            seen["event"].extend(bytes.fromhex(str(t)[2:]) for t in log["topics"])
        trace = chain.rpc("debug_traceTransaction", [receipt.tx_hash, {
            "tracer": "prestateTracer", "tracerConfig": {"diffMode": True}}])
        written = trace["post"].get(address.lower(), {}).get("storage", {})
        seen["storage"].extend(bytes.fromhex(v[2:]) for v in written.values())
    return seen


def _words(blob: bytes) -> set[int]:
    return {int.from_bytes(blob[i:i + 32], "big") for i in range(0, len(blob) - 31, 32)}


def test_no_household_figure_in_inputs_storage_or_events_at_any_width(landlord, bk_chain):
    proofs, receipts = _lease_flow(landlord)
    seen = _footprint(bk_chain, landlord.address, receipts)
    assert all(seen.values()), "the scan must see inputs, events and storage writes"
    leaks = [(where, figure) for where, blobs in seen.items() for blob in blobs
             for figure in _figures(proofs) if _contains(blob, figure)]
    assert leaks == []


def test_the_packed_scan_finds_a_figure_in_input_event_and_packed_storage(landlord, bk_chain):
    """Positive control: the effective date is deliberately on chain (in the input, the
    LeaseOpened event, and packed as uint32 inside a storage word); the scan must find it
    everywhere, including where a whole-word comparison would not."""
    decision = landlord.decide(ref(BUILDING_UNIT), HOUSEHOLD, DWELLING, year=2023,
                               effective=date(2023, 5, 1))
    opened = landlord.open_lease(decision)
    figure = date_code(decision.effective)
    seen = _footprint(bk_chain, landlord.address, [opened.receipt])
    found = {where: [blob for blob in blobs if _contains(blob, figure)]
             for where, blobs in seen.items()}
    assert all(found.values()), {k: len(v) for k, v in found.items()}
    assert any(figure not in _words(word) for word in found["storage"]), "not packed"
    assert not any(_contains(blob, figure + 1) for blobs in seen.values() for blob in blobs)


def test_the_packed_scan_finds_a_packed_uint64_and_decimal_text(rules, bk_chain):
    """Positive control for 64-bit packing: a rule parameter (public, so allowed on chain)
    with a recognisable value is in the publishRules input and packed in a storage word."""
    figure = 13_579
    params = leefloon_only().merged(RuleParameters(min_rent_low=figure))
    published = rules.publish_rules(RuleSet(2025, params))
    seen = _footprint(bk_chain, rules.address, [published.receipt])
    assert any(_contains(blob, figure) for blob in seen["input"])
    packed = [word for word in seen["storage"] if _contains(word, figure)]
    assert packed and all(figure not in _words(word) for word in packed)
    assert _contains(b"rent 13579 cents", figure)
    assert not _contains(b"rent 1357 cents", figure)
