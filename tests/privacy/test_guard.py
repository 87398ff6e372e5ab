"""The guard on a real chain: it sees every transaction and call made while watching, finds
leaks in input, logs, topics and storage, stays quiet on a clean flow, and proves itself."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from blokketen.common.typed_data import Domain, TypedStruct, sign
from blokketen.privacy import PrivacyGuard
from blokketen.privacy.control import LEAK_SINK_RUNTIME, deploy_leak_sink

APPROVAL = TypedStruct.parse(
    "Approval(bytes32 subject,string note,address signer,uint256 nonce,uint256 deadline)")


def _approve(registry, cast, note: str) -> None:
    domain = Domain(name="Blokketen CommonHarness", version="1",
                    chain_id=registry.chain.chain_id, verifying_contract=registry.address)
    nonce = registry.call("nonces", cast.chair.address)
    values = {"subject": keccak(b"besluit"), "note": note, "signer": cast.chair.address,
              "nonce": nonce, "deadline": 2**40}
    signature = sign(cast.chair, domain, APPROVAL, values)
    registry.as_sender(cast.relayer).send("approve", *values.values(), signature)


def test_a_clean_flow_passes_and_was_really_scanned(registry, cast, bk_chain):
    guard = PrivacyGuard(bk_chain, secrets={"family name": "Vandenbroucke"})
    with guard.watching():
        _approve(registry, cast, "goedgekeurd in zitting 12")
        registry.call("nonces", cast.chair.address)
    assert len(guard.transactions) == 1
    assert {method for method, _ in guard.calls} >= {"eth_call", "eth_estimateGas"}
    guard.assert_clean()
    assert "rpc" not in vars(bk_chain) and "rpc_batch" not in vars(bk_chain)  # unwrapped again


def test_a_leaking_flow_is_reported_with_its_places(registry, cast, bk_chain):
    guard = PrivacyGuard(bk_chain, secrets={"family name": "Vandenbroucke"})
    with guard.watching():
        _approve(registry, cast, "Naam: Vandenbroucke, INSZ 85.07.30-033.28, an@stad.gent")
    found = guard.findings()
    assert {f.kind for f in found} == {"national-number", "e-mail", "field-name", "secret"}
    assert {f.place for f in found} == {"tx input", "eth_estimateGas data"}
    with pytest.raises(AssertionError, match="personal data reaches the chain"):
        guard.assert_clean()


def test_a_number_in_a_call_is_a_leak_to_the_node(registry, bk_chain):
    guard = PrivacyGuard(bk_chain)
    with guard.watching():
        registry.call("holdsAt", keccak(b"scope"), keccak(b"role"), "0x" + "11" * 20, 85073003328)
    (finding,) = guard.findings()
    assert (finding.place, finding.kind) == ("eth_call data", "national-number")
    assert finding.tx_hash is None


def test_an_empty_scan_proves_nothing(bk_chain):
    with pytest.raises(AssertionError, match="no transaction and no call"):
        PrivacyGuard(bk_chain).assert_clean()


def test_the_positive_control_catches_every_leak_and_is_not_watched(registry, cast, bk_chain):
    guard = PrivacyGuard(bk_chain)
    with guard.watching():
        found = guard.prove_it_catches_a_leak(cast.stranger)
    assert guard.transactions == () and guard.calls == ()
    places = {f.place.split(" slot")[0] for f in found if f.kind == "national-number"}
    assert {"tx input", "log 0 data", "log 0 topic 0"} <= places
    assert any(p.startswith("storage of") for p in places)


def test_the_leak_sink_is_deployed_as_written(bk_chain, cast):
    address = deploy_leak_sink(bk_chain, cast.stranger)
    assert bk_chain.code(address) == LEAK_SINK_RUNTIME


def test_two_guards_can_watch_at_once(registry, cast, bk_chain):
    outer, inner = PrivacyGuard(bk_chain), PrivacyGuard(bk_chain)
    with outer.watching():
        with inner.watching():
            registry.call("nonces", cast.chair.address)
        registry.call("nonces", cast.other.address)
    assert len(inner.calls) == 1 and len(outer.calls) == 2
    assert "rpc" not in vars(bk_chain)
