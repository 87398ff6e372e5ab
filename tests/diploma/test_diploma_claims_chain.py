"""Python and the contract agree on institution ids, identities, scopes, leaves and proofs."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from blokketen.diploma import DiplomaClaim, accreditation_scope, leaf_hash
from blokketen.diploma.demo import sample_documents

WORDS = st.binary(min_size=32, max_size=32).filter(any)
COUNTRIES = st.sampled_from(["BE", "NL", "DE", "LU", "FR"])
CLAIMS = st.builds(DiplomaClaim, document_hash=WORDS, salt=WORDS,
                   level=st.integers(1, 8), country=COUNTRIES, institution_name_hash=WORDS)
ADDRESSES = st.sampled_from(["0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                             "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
                             "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"])


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(claim=CLAIMS, issuer=ADDRESSES)
def test_hashing_agrees(registry, claim, issuer):
    leaf, ident, institution = registry._call_many([
        ("leafOf", (claim.as_tuple(), issuer)), ("diplomaIdOf", (claim.as_tuple(),)),
        ("institutionIdOf", (claim.country.encode(), claim.institution_name_hash))])
    assert leaf == leaf_hash(claim, issuer)
    assert ident == claim.diploma_id
    assert institution == claim.institution_id


def test_named_helpers_agree(registry, document):
    claim = DiplomaClaim.of(document, b"\x07" * 32)
    assert registry.leaf_of(claim, registry.address) == claim.leaf(registry.address)
    assert registry.diploma_id_of(claim) == claim.diploma_id
    assert registry.institution_id_of("BE", "KU Leuven") == claim.institution_id
    assert [registry._call("accreditationScope", level) for level in (1, 8)] == [
        accreditation_scope(1), accreditation_scope(8)]
    for name in ("DIPLOMA_TAG", "DIPLOMA_ID_TAG", "INSTITUTION_TAG", "EQF_FRAMEWORK"):
        from blokketen.diploma import claims

        assert registry._call(name) == getattr(claims, name), name


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(count=st.integers(min_value=1, max_value=40), seed=st.integers(0, 10_000))
def test_anchored_random_batches_verify_every_diploma(registry, actors, bk_chain, count, seed):
    snapshot = bk_chain.snapshot()
    try:
        leuven = registry.as_sender(actors.leuven)
        receipts = leuven.issue_batch(sample_documents(count, seed=seed))
        calls = [("verify", (r.root, list(r.proof), r.claim.as_tuple())) for r in receipts]
        assert registry._call_many(calls) == [(2, 0)] * count  # Active, no reason
    finally:
        bk_chain.revert(snapshot)
