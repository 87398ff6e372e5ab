"""Bad input to the client is refused before encoding (InputError naming the field), and the
contract keeps roles, countries and recognitions consistent."""

from __future__ import annotations

import dataclasses

import pytest

from blokketen._exceptions import InputError
from blokketen.diploma import (
    DiplomaDocument,
    DiplomaReceipt,
    RevocationReason,
    keccak256,
    prepare_batch,
)
from blokketen.diploma.demo import sample_documents

DECISION = keccak256(b"NARIC decision 2026/77")


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def _refused(field):
    """pytest.raises for an InputError naming ``field``."""

    class _Check:
        def __enter__(self):
            self._ctx = pytest.raises(InputError)
            self.info = self._ctx.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self._ctx.__exit__(*exc)
            assert self.info.value.field == field, self.info.value
            return handled

    return _Check()


def _revocations(registry):
    return len(registry.events("DiplomaRevoked")) + len(registry.events("BatchRevoked"))


# -- 3. revocation reasons and role names ------------------------------------------------
@pytest.mark.parametrize("reason", [10, 255, 257, -1, RevocationReason.NONE, 0, "fraud", None,
                                    3.0, True])
def test_revoke_validates_the_reason(registry, leuven, issued, reason):
    receipt = issued[0]
    with _refused("reason"):
        leuven.revoke(receipt, reason)
    with _refused("reason"):
        leuven.suspend(receipt, reason)
    with _refused("reason"):
        leuven.revoke_batch(receipt.root, reason)
    assert _revocations(registry) == 0


def test_revoke_accepts_plain_int_codes(registry, leuven, issued):
    leuven.revoke(issued[0], 3)
    assert registry.verify(issued[0]).revocation is RevocationReason.COURT_ORDER


def test_reason_labels_parse():
    assert RevocationReason.parse("academic-misconduct") is RevocationReason.ACADEMIC_MISCONDUCT
    assert RevocationReason.parse("2") is RevocationReason.FRAUD
    assert "none" not in RevocationReason.labels()
    with _refused("reason"):
        RevocationReason.parse("none")


@pytest.mark.parametrize("name", ["batch", "verify", "grantRole", "OWNER_ROLE", "", 7, None])
def test_grant_role_accepts_only_role_names(registry, actors, name):
    with _refused("role"):
        registry.grant_role(name, actors.stranger.address)
    with _refused("role"):
        registry.has_role(name, actors.stranger.address)


def test_role_ids_match_the_contract(registry):
    for name in ("ACCREDITOR_ROLE", "REVOKER_ROLE", "RECOGNISER_ROLE", "ISSUER_ROLE"):
        assert registry.role_id(name) == registry._call(name)
    assert registry.role_id("DEFAULT_ADMIN_ROLE") == bytes(32)


def test_grant_role_refuses_the_appointed_roles(registry, actors):
    for role in ("ACCREDITOR_ROLE", "issuer"):
        with _refused("role"):
            registry.grant_role(role, actors.stranger.address)
        with _refused("role"):
            registry.revoke_role(role, actors.accreditor_be.address)
    registry.grant_role("REVOKER_ROLE", actors.stranger.address)
    assert registry.has_role("REVOKER_ROLE", actors.stranger.address)
    registry.revoke_role("REVOKER_ROLE", actors.stranger.address)
    assert not registry.has_role("REVOKER_ROLE", actors.stranger.address)


# -- 4. recognition needs a decision hash ------------------------------------------------
def test_recognise_refuses_a_zero_decision_hash(registry, actors, issued):
    naric = registry.as_sender(actors.naric)
    receipt = issued[0]
    with _refused("decision_hash"):
        naric.recognise(receipt, equivalent_level=7, decision_hash=bytes(32))
    with pytest.raises(registry.errors.DiplomaRegistryZeroDecisionHash):
        naric._transact("recognise", receipt.root, list(receipt.proof),
                        receipt.claim.as_tuple(), 7, bytes(32))
    for bad in (b"short", "0x" + "11" * 32, None):
        with _refused("decision_hash"):
            naric.recognise(receipt, equivalent_level=7, decision_hash=bad)
    assert naric.recognise(receipt, equivalent_level=7, decision_hash=DECISION).succeeded


# -- 5. the accreditor role only through appoint / dismiss -------------------------------
def test_direct_grant_of_the_accreditor_role_reverts(registry, actors):
    role = registry.role_id("ACCREDITOR_ROLE")
    with pytest.raises(registry.errors.DiplomaRegistryRoleByAppointment) as caught:
        registry._transact("grantRole", role, actors.stranger.address)
    assert caught.value.account == actors.stranger.address and caught.value.role == role
    assert not registry.has_role("ACCREDITOR_ROLE", actors.stranger.address)
    assert registry.accreditor_country(actors.stranger.address) is None
    with pytest.raises(registry.errors.AccessControlUnauthorizedAccount):
        registry.as_sender(actors.stranger)._transact("grantRole", role, actors.stranger.address)


def test_direct_revoke_of_the_accreditor_role_reverts(registry, actors):
    role = registry.role_id("ACCREDITOR_ROLE")
    with pytest.raises(registry.errors.DiplomaRegistryRoleByAppointment):
        registry._transact("revokeRole", role, actors.accreditor_be.address)
    assert registry.has_role("ACCREDITOR_ROLE", actors.accreditor_be.address)
    assert registry.accreditor_country(actors.accreditor_be.address) == "BE"


def test_country_does_not_come_back_after_dismissal(registry, actors):
    role = registry.role_id("ACCREDITOR_ROLE")
    account = actors.accreditor_nl.address
    registry.dismiss_accreditor(account)
    with pytest.raises(registry.errors.DiplomaRegistryRoleByAppointment):
        registry._transact("grantRole", role, account)
    assert registry.accreditor_country(account) is None
    registry.appoint_accreditor(account, "LU")
    assert registry.accreditor_country(account) == "LU"
    with pytest.raises(registry.errors.DiplomaRegistryWrongCountry):
        registry.as_sender(actors.accreditor_nl).accredit(actors.stranger.address, country="NL",
                                                          institution="X", levels=[6])


def test_renouncing_the_accreditor_role_drops_the_country(registry, actors):
    account = actors.accreditor_nl.address
    receipt = registry.as_sender(actors.accreditor_nl)._transact(
        "renounceRole", registry.role_id("ACCREDITOR_ROLE"), account)
    assert [e.name for e in receipt.events] == ["RoleRevoked", "AccreditorDismissed"]
    assert receipt.events[-1].args == {"accreditor": account, "admin": account}
    assert not registry.has_role("ACCREDITOR_ROLE", account)
    assert registry.accreditor_country(account) is None
    with pytest.raises(registry.errors.DiplomaRegistryUnknownAccreditor):
        registry.dismiss_accreditor(account)


# -- 7. other bad input, refused before encoding -----------------------------------------
def test_accredit_input(registry, actors):
    be = registry.as_sender(actors.accreditor_be)
    issuer = actors.stranger.address
    cases = {
        "levels": [dict(levels=7), dict(levels="67"), dict(levels=[]), dict(levels=[6, "7"]),
                   dict(levels=None)],
        "valid_from": [dict(levels=[6], valid_from=-1), dict(levels=[6], valid_from=2**64)],
        "valid_until": [dict(levels=[6], valid_from=10, valid_until=10),
                        dict(levels=[6], valid_until=1.5)],
        "country": [dict(levels=[6], country="be"), dict(levels=[6], country=None)],
        "institution": [dict(levels=[6], institution=""), dict(levels=[6], institution=None),
                        dict(levels=[6], institution=b"UGent")],
    }
    for field, variants in cases.items():
        for kwargs in variants:
            kwargs.setdefault("country", "BE")
            kwargs.setdefault("institution", "UGent")
            with _refused(field):
                be.accredit(issuer, **kwargs)
    with _refused("issuer"):
        be.accredit("leuven", country="BE", institution="UGent", levels=[6])
    with _refused("issuer"):
        be.accredit(None, country="BE", institution="UGent", levels=[6])


def test_trust_chain_input(registry, actors):
    be = registry.as_sender(actors.accreditor_be)
    with _refused("accreditor"):
        registry.appoint_accreditor(12, "BE")
    with _refused("country"):
        registry.appoint_accreditor(actors.stranger.address, b"BE")
    with _refused("issuer"):
        registry.suspend_issuer("0x123")
    with _refused("issuer"):
        be.withdraw_accreditation(None)
    for method in (be.propose_retroactive_withdrawal, be.confirm_retroactive_withdrawal):
        with _refused("effective_at"):
            method(actors.leuven.address, effective_at=-5)
        with _refused("effective_at"):
            method(actors.leuven.address, effective_at="2026-01-01")
    with _refused("issuer"):
        be.cancel_retroactive_withdrawal("leuven")
    with _refused("timestamp"):
        registry.accredited_at(actors.leuven.address, 7, -1)
    with _refused("level"):
        registry.accredited_at(actors.leuven.address, 9, 1)
    with _refused("issuer"):
        registry.issuer_history(None)
    with _refused("account"):
        registry.accreditor_country("BE")


def test_issuance_input(registry, leuven):
    docs = sample_documents(2, seed=71)
    with _refused("documents"):
        leuven.issue_batch([d.to_dict() for d in docs])
    with _refused("documents"):
        leuven.issue_batch(docs[0])
    with _refused("documents"):
        leuven.issue_batch(None)
    with _refused("documents"):
        leuven.issue_batch([])
    for expiry in (-1, 2**64, "2030-01-01"):
        with _refused("expires_at"):
            leuven.issue_batch(docs, expires_at=expiry)
    with _refused("prepared"):
        leuven.anchor(docs)
    with _refused("root"):
        registry.batch(b"\x01" * 31)
    assert len(registry.events("BatchIssued")) == 0


def test_check_anchor_is_a_dry_run(registry, leuven, actors):
    prepared = leuven.prepare(sample_documents(2, seed=72))
    leuven.check_anchor(prepared)
    with _refused("issuer"):
        registry.as_sender(actors.stranger).check_anchor(prepared)
    with pytest.raises(registry.errors.DiplomaRegistryIssuerNotAccredited):
        stranger = registry.as_sender(actors.stranger)
        stranger.check_anchor(stranger.prepare(sample_documents(2, seed=72)))
    with _refused("sender"):
        type(registry)(registry.chain, registry.address).check_anchor(prepared)
    with _refused("sender"):
        type(registry)(registry.chain, registry.address).prepare(sample_documents(1))
    assert len(registry.events("BatchIssued")) == 0


def test_status_change_and_verify_input(registry, leuven, issued):
    receipt = issued[0]
    for method in (leuven.suspend, registry.verify, registry.status, registry.diploma_record):
        for bad in (None, receipt.to_dict(), "receipt.json"):
            with pytest.raises(InputError):
                method(bad)
    for bad in (None, receipt.to_dict(), "0x12", b"short"):
        with _refused("diploma_id"):
            leuven.reinstate(bad)
    with _refused("receipt"):
        leuven.revoke(receipt.to_dict(), RevocationReason.FRAUD)
    with _refused("receipt"):
        registry.recognise(None, equivalent_level=7, decision_hash=DECISION)
    with _refused("diploma_id"):
        registry.recognitions(None)
    with _refused("proof"):
        registry.verify(dataclasses.replace(receipt, proof=(b"x",)))
    with _refused("claim"):
        registry.leaf_of(receipt.document.hash(), leuven.sender.address)
    with _refused("issuer"):
        registry.leaf_of(receipt.claim, "KU Leuven")
    with _refused("institution"):
        registry.institution_id_of("BE", "")
    assert _revocations(registry) == 0


def test_prepare_batch_and_receipt_input(document, tmp_path):
    issuer = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8"
    with _refused("salts"):
        prepare_batch([document], issuer=issuer, salts=[b"short"])
    with _refused("salts"):
        prepare_batch([document], issuer=issuer, salts=b"\x00" * 32)
    with _refused("salt"):
        prepare_batch([document], issuer=issuer, salts=[b"\x00" * 32])
    with _refused("documents"):
        prepare_batch({"diploma_id": "x"}, issuer=issuer)
    prepared = prepare_batch([document], issuer=issuer)
    with _refused("chain_id"):
        prepared.receipts(registry="0x000000000000000000000000000000000000dEaD", chain_id=0)
    (receipt,) = prepared.receipts(registry="0x000000000000000000000000000000000000dEaD",
                                   chain_id=31337)
    assert isinstance(receipt, DiplomaReceipt) and isinstance(receipt.document, DiplomaDocument)
    missing = tmp_path / "missing" / "r.json"
    with _refused(str(missing)):
        receipt.save(missing)
    target = receipt.save(tmp_path / "r.json")
    target.write_text("keep")
    with _refused(str(target)):
        receipt.save(target, overwrite=False)
    assert target.read_text() == "keep"
    receipt.save(target)
    assert DiplomaReceipt.load(target) == receipt
