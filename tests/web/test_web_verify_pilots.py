"""The Verify page for the pilots other than diploma, over plain HTTP: each pilot's document
judged by its own verifier against the manifest's registry of the sample world."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from typing import Any

import pytest
from webkit import classes, field_error, text

from blokketen.web.i18n import TEXTS


def assert_names_source(answer: Any, world: Any, contract: str) -> None:
    """The verdict names the chain, the manifest's registry and its code hash."""
    record = world.site.records()[contract]
    assert record.address in answer.text and record.code_hash in answer.text
    assert f"Keten (chain id) {world.site.chain.chain_id}" in text(answer.text)


# -- woningpas: passport bundles ----------------------------------------------------------
@pytest.fixture(scope="module")
def bundle(world, bk_accounts) -> dict[str, Any]:
    """A bundle with one EPC of a dwelling, recorded in the manifest's DwellingPassRegistry."""
    from blokketen.housing.dwellings import dwelling_ref
    from blokketen.woningpas.bundle import PassBundle
    from blokketen.woningpas.client import DwellingPassRegistry
    from blokketen.woningpas.epc import ten_years_after
    from blokketen.woningpas.types import EpcRecord, Label

    admin, registrar, veka = bk_accounts[0], bk_accounts[1], bk_accounts[2]
    record = world.site.records()["DwellingPassRegistry"]
    registry = DwellingPassRegistry(world.site.chain, record.address, sender=admin,
                                    expected_code=record)
    registry.grant_window("registrar", registrar.address)
    registry.grant_window("epc_issuer", veka.address)
    home = dwelling_ref(bytes(range(32)), "6747170")
    registry.as_sender(registrar).register_dwelling(home)
    epc = EpcRecord("20240301-0000000298-RES-1", date(2024, 3, 1),
                    ten_years_after(date(2024, 3, 1)), 298, Label.C, "EPC bestaand", 1972)
    done = registry.as_sender(veka).record_epc(home, epc, b"EPC 2024 (PDF bytes)")
    return PassBundle(world.site.chain.chain_id, registry.address, home,
                      (done.receipt,)).to_json()


def test_a_valid_bundle_is_valid_and_names_chain_registry_and_code(http, world, bundle):
    answer = http.post("/verify", files={"file": ("pas.json", json.dumps(bundle))})
    assert answer.status_code == 200
    words = text(answer.text)
    assert "✔ Geldig" in words and "✘" not in words
    assert_names_source(answer, world, "DwellingPassRegistry")
    assert f"{TEXTS['nl']['fact.epc']} Active, label C" in words
    assert [c for c, _ in classes(answer.text)] == ["pass"] * 5


def test_a_tampered_bundle_fails_on_the_attestation(http, bundle):
    """The holder raises the EPC's score in the record: the registry does not know it."""
    forged = copy.deepcopy(bundle)
    forged["attestations"][0]["record"]["score_kwh_m2"] = 120
    answer = http.post("/verify", params={"lang": "en"}, data={"text": json.dumps(forged)})
    assert answer.status_code == 200
    words = text(answer.text)
    assert "✘ Not valid" in words
    assert f"Failed check: {TEXTS['en']['check.attestation']}" in words
    assert classes(answer.text)[-1] == ("fail", "attestation")


def test_a_bundle_of_another_chain_is_refused_with_422(http, bundle):
    answer = http.post("/verify", data={"text": json.dumps({**bundle, "chain_id": 999})})
    assert answer.status_code == 422
    assert f"Mislukte controle: {TEXTS['nl']['check.chain']}" in text(answer.text)
    assert [c for c, _ in classes(answer.text)] == ["pass", "pass", "fail", "notrun",
                                                    "notrun"]


@pytest.mark.parametrize(("change", "field"), [
    ({"schema": "blokketen.woningpas.bundle/9"}, "format"),
    ({"attestations": []}, "attestations"),
])
def test_a_bad_bundle_is_a_400_naming_the_field(http, bundle, change, field):
    answer = http.post("/verify", files={"file": ("pas.json", json.dumps({**bundle, **change}))})
    assert answer.status_code == 400 and field_error(answer.text) == field


# -- competence: presentations (for the audience and nonce the verifier gave) -------------
AUDIENCE, NONCE = "did:web:werkgever.be", "n-0001"


@pytest.fixture(scope="module")
def presentation(world, bk_accounts) -> dict[str, Any]:
    """Learner 0's presentation of two claims of a validated batch in the manifest's
    CompetenceRegistry, for AUDIENCE and NONCE."""
    import time

    from blokketen.competence.client import CompetenceRegistry, present
    from blokketen.competence.samples import learner_key, sample_learners

    admin, accreditor, school, vdab = bk_accounts[:4]
    record = world.site.records()["CompetenceRegistry"]
    registry = CompetenceRegistry(world.site.chain, record.address, sender=admin,
                                  expected_code=record)
    registry.grant_role("ACCREDITOR_ROLE", accreditor.address)
    registry.grant_validator(vdab.address)
    registry.as_sender(accreditor).accredit(school.address, institution=32151,
                                            framework="competent:2.0", min_level=2, max_level=4)
    receipts = registry.as_sender(school).propose_batch(sample_learners(2, claims=4, seed=3))
    registry.as_sender(vdab).validate(receipts[0].batch_root)
    shown = present(receipts[0], disclose=[c.index for c in receipts[0].claims[:2]],
                    audience=AUDIENCE, nonce=NONCE, key=learner_key(3, 0),
                    issued_at=int(time.time()))
    return shown.as_dict()


def asked(document: dict[str, Any], audience: str = AUDIENCE, nonce: str = NONCE
          ) -> dict[str, str]:
    return {"text": json.dumps(document), "audience": audience, "nonce": nonce}


def test_the_form_asks_audience_and_nonce(http):
    html = http.get("/verify").text
    assert 'name="audience"' in html and 'name="nonce"' in html


def test_a_valid_presentation_is_valid_and_names_chain_registry_and_code(http, world,
                                                                         presentation):
    answer = http.post("/verify", data=asked(presentation))
    assert answer.status_code == 200
    words = text(answer.text)
    assert "✔ Geldig" in words and "✘" not in words
    assert_names_source(answer, world, "CompetenceRegistry")
    assert words.count("Claim ") >= 2 and "validated" in words


@pytest.mark.parametrize(("tamper", "given", "check"), [
    (True, {}, "check.proof"),
    (False, {"audience": "did:web:iemand-anders.be"}, "check.audience"),
    (False, {"nonce": "n-0002"}, "check.nonce"),
])
def test_a_tampered_or_misdirected_presentation_names_the_check(http, presentation, tamper,
                                                                given, check):
    forged = copy.deepcopy(presentation)
    if tamper:  # the learner changes the level of a disclosed claim
        claim = forged["disclosed"][0]["claim"]
        claim["level"] = 3 if claim["level"] != 3 else 2
    answer = http.post("/verify", params={"lang": "en"}, data=asked(forged, **given))
    assert answer.status_code == 200
    words = text(answer.text)
    assert "✘ Not valid" in words
    assert f"Failed check: {TEXTS['en'][check]}" in words


@pytest.mark.parametrize(("payload", "field"), [
    ({"audience": ""}, "audience"),
    ({"nonce": " "}, "nonce"),
])
def test_a_presentation_without_audience_or_nonce_is_a_400(http, presentation, payload,
                                                           field):
    answer = http.post("/verify", data={**asked(presentation), **payload})
    assert answer.status_code == 400 and field_error(answer.text) == field


def test_a_presentation_of_another_format_is_a_400(http, presentation):
    other = {**presentation, "format": "blokketen.competence-presentation/9"}
    answer = http.post("/verify", data=asked(other))
    assert answer.status_code == 400 and field_error(answer.text) == "format"


# -- decisions: a published page (HTML) ---------------------------------------------------
@pytest.fixture(scope="module")
def page(world, bk_accounts) -> str:
    """The council's sample decision list, anchored, signed by chair and secretary and
    published in the manifest's LocalDecisionRegistry."""
    from blokketen.decisions import DocumentKind
    from blokketen.decisions.client import LocalDecisionRegistry
    from blokketen.decisions.page import read_page
    from blokketen.decisions.samples import COUNCIL, sample_path

    admin, registrar, publisher, chair, secretary = bk_accounts[:5]
    record = world.site.records()["LocalDecisionRegistry"]
    registry = LocalDecisionRegistry(world.site.chain, record.address, sender=admin,
                                     expected_code=record)
    registry.grant_role("registrar", registrar.address)
    registry.grant_role("publisher", publisher.address)
    abb = registry.as_sender(registrar)
    abb.register_body(COUNCIL)
    for role, who in (("chair", chair), ("secretary", secretary)):
        abb.grant_mandate(COUNCIL, role, who.address, valid_until=1_924_988_400)
    path = sample_path("gr-2026-02-24-besluitenlijst.html")
    published = read_page(path)
    office = registry.as_sender(publisher)
    ref = office.anchor(published, kind=DocumentKind.DECISION_LIST)
    for role, key in (("chair", chair), ("secretary", secretary)):
        request = registry.sign_request(ref, published, role=role, signer=key.address)
        office.submit_signature(ref, role=role,
                                signature=registry.signature_of(key, request))
    office.publish(ref)
    return path.read_text(encoding="utf-8")


def test_a_published_page_is_valid_and_names_chain_registry_and_code(http, world, page):
    answer = http.post("/verify", files={"file": ("besluitenlijst.html", page.encode(),
                                                  "text/html")})
    assert answer.status_code == 200
    words = text(answer.text)
    assert "✔ Geldig" in words and "✘" not in words
    assert_names_source(answer, world, "LocalDecisionRegistry")
    assert "2026_GR_00033" in words


def test_a_changed_page_fails_on_its_anchor(http, page):
    """A decision's title changed after publication: no anchored version has its root."""
    forged = re.sub(r'(property="eli:title"[^>]*>)([^<]+)', r"\1Gewijzigd: \2", page, count=1)
    assert forged != page
    answer = http.post("/verify", params={"lang": "en"},
                       files={"file": ("besluitenlijst.html", forged.encode(), "text/html")})
    assert answer.status_code == 200
    words = text(answer.text)
    assert "✘ Not valid" in words
    assert f"Failed check: {TEXTS['en']['check.anchored']}" in words


def test_an_html_file_that_is_no_decision_page_is_a_400(http):
    answer = http.post("/verify", files={"file": ("x.html", b"<html><p>hallo</p></html>",
                                                  "text/html")})
    assert answer.status_code == 400 and field_error(answer.text)
