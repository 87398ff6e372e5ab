"""The pages over plain HTTP (Starlette's TestClient): every page, every bad input, the
verdicts against the real registries on anvil, and what the server keeps (nothing)."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from webkit import field_error, text

from blokketen.chain import Chain
from blokketen.deploy import REGISTRIES
from blokketen.deploy.manifest import Manifest
from blokketen.housing.scenarios import load_scenario, reference_case
from blokketen.web.amounts import display
from blokketen.web.app import create_app
from blokketen.web.i18n import TEXTS
from blokketen.web.sample import (
    CHILDREN,
    EXAMPLE_2023,
    EXAMPLE_2023_RENT,
    EXAMPLE_2024,
    EXAMPLE_2024_RENT,
    FIRST,
    FROZEN,
)
from blokketen.web.site import Site

PAGES = ("/verify", "/parcel", "/rent", "/status")


def receipt_json(world, index: int = 0, **changes) -> str:
    data = world.receipts[index].to_dict()
    for path, value in changes.items():
        target = data
        *parents, last = path.split("__")
        for parent in parents:
            target = target[parent]
        target[last] = value
    return json.dumps(data)


def test_both_languages_have_the_same_texts():
    assert set(TEXTS["nl"]) == set(TEXTS["en"])


@pytest.mark.parametrize("path", PAGES)
def test_every_page_answers_in_dutch_first_and_in_english(http, path):
    dutch = http.get(path)
    assert dutch.status_code == 200
    assert '<html lang="nl">' in dutch.text
    english = http.get(path, params={"lang": "en"})
    assert english.status_code == 200 and '<html lang="en">' in english.text
    assert dutch.headers["cache-control"] == "no-store"
    assert "script-src" not in dutch.headers["content-security-policy"]  # no script at all
    assert "<script" not in dutch.text


@pytest.mark.parametrize("path", PAGES)
def test_every_field_has_a_label(http, path):
    html = http.get(path).text
    ids = re.findall(r'<(?:input|select|textarea)\b(?![^>]*type="(?:hidden|submit)")[^>]*'
                     r'\bid="([^"]+)"', html)
    labelled = set(re.findall(r'<label for="([^"]+)"', html))
    assert set(ids) <= labelled


def test_the_home_page_leads_to_verify(http):
    answer = http.get("/", params={"lang": "en"})
    assert answer.status_code == 303 and answer.headers["location"] == "/verify?lang=en"


def test_an_unknown_page_is_a_404_page(http):
    answer = http.get("/nothing-here")
    assert answer.status_code == 404 and "Deze pagina bestaat niet" in answer.text


# -- verify -------------------------------------------------------------------------------
def test_a_valid_receipt_is_valid_and_names_chain_registry_and_code(http, world):
    answer = http.post("/verify", files={"file": ("r.json", receipt_json(world))})
    assert answer.status_code == 200
    words = text(answer.text)
    assert "✔ Geldig" in words
    record = world.site.records()["DiplomaRegistry"]
    assert record.address in answer.text and record.code_hash in answer.text
    assert f"Keten (chain id) {world.site.chain.chain_id}" in words
    assert "Erkend bij uitgifte ja" in words
    assert "✘" not in words


def test_a_pasted_receipt_is_verified_too(http, world):
    answer = http.post("/verify", params={"lang": "en"}, data={"text": receipt_json(world)})
    assert answer.status_code == 200 and "✔ Valid" in text(answer.text)


@pytest.mark.parametrize(("change", "check"), [
    ({"document__given_names": "Mallory"}, "check.proof"),
    ({"document__grade": "summa cum laude (forged)"}, "check.proof"),
    ({"salt": "0x" + "11" * 32}, "check.proof"),
    ({"root": "0x" + "22" * 32}, "check.proof"),
])
def test_a_tampered_receipt_names_the_check_that_failed(http, world, change, check):
    answer = http.post("/verify", data={"text": receipt_json(world, **change)})
    assert answer.status_code == 200
    words = text(answer.text)
    assert "✘ Niet geldig" in words and "Geldig" not in words.replace("Niet geldig", "")
    assert f"Mislukte controle: {TEXTS['nl'][check]}" in words
    # the checks before it passed, the one after it were not run (and still shown)
    classes = re.findall(r'<li class="(pass|fail|notrun)" data-check="(\w+)"', answer.text)
    names = [name for _, name in classes]
    failed = names.index(check.removeprefix("check."))
    assert [c for c, _ in classes] == ["pass"] * failed + ["fail"] + \
        ["notrun"] * (len(names) - failed - 1)


def test_a_receipt_of_a_batch_never_anchored_is_unknown_to_the_registry(http, world):
    """A forger builds a well-formed receipt (its proof holds) for a batch the chain never
    saw: the registry does not know the claim."""
    from blokketen.diploma.demo import sample_documents
    from blokketen.diploma.receipts import prepare_batch

    registry = world.clients["diploma"]
    forged = prepare_batch(sample_documents(2, institution="KU Leuven", seed=9),
                           issuer=world.receipts[0].issuer)
    (receipt, _) = forged.receipts(registry=registry.address, chain_id=registry.chain.chain_id)
    assert receipt.proof_holds()
    answer = http.post("/verify", data={"text": receipt.to_json()})
    assert answer.status_code == 200
    assert f"Mislukte controle: {TEXTS['nl']['check.anchored']}" in text(answer.text)


def test_a_revoked_diploma_fails_on_its_standing_with_its_history(http, world):
    answer = http.post("/verify", params={"lang": "en"},
                       data={"text": receipt_json(world, index=1)})
    words = text(answer.text)
    assert answer.status_code == 200 and "✘ Not valid" in words
    assert f"Failed check: {TEXTS['en']['check.standing']}" in words
    assert "issued-in-error" in words and "Revoked" in words


@pytest.mark.parametrize(("change", "check"), [
    ({"chain_id": 999}, "check.chain"),
    ({"registry": "0x" + "33" * 20}, "check.registry"),
])
def test_a_receipt_of_another_chain_or_registry_is_refused_with_422(http, world, change,
                                                                    check):
    answer = http.post("/verify", data={"text": receipt_json(world, **change)})
    assert answer.status_code == 422
    assert f"Mislukte controle: {TEXTS['nl'][check]}" in text(answer.text)


@pytest.mark.parametrize(("payload", "field"), [
    ({"text": ""}, "text"),
    ({"text": "   "}, "text"),
    ({"text": "{not json"}, "text"),
    ({"text": "[1, 2]"}, "text"),
    ({"text": json.dumps({"format": "something/else"})}, "format"),
    ({"text": json.dumps({"format": "blokketen.diploma-receipt/2", "chain_id": -1})},
     "chain_id"),
])
def test_bad_documents_are_a_400_naming_the_field(http, payload, field):
    answer = http.post("/verify", data=payload)
    assert answer.status_code == 400
    assert field_error(answer.text) == field
    assert "Traceback" not in answer.text


def test_a_bad_field_of_a_receipt_is_named(http, world):
    answer = http.post("/verify", data={"text": receipt_json(world, salt="0x12")})
    assert answer.status_code == 400 and field_error(answer.text) == "salt"


def test_a_file_that_is_not_utf8_or_too_big_is_refused(http):
    answer = http.post("/verify", files={"file": ("r.json", b"\xff\xfe\x00")})
    assert answer.status_code == 400 and field_error(answer.text) == "file"
    big = b"[" + b"0," * 600_000 + b"0]"
    answer = http.post("/verify", files={"file": ("r.json", big)})
    assert answer.status_code == 400


def test_a_registry_whose_code_is_not_the_manifests_gives_no_verdict(world, tmp_path):
    """An attacker swaps the manifest's address for a look-alike: the code check fails
    first and the page says not valid, never valid."""
    source = world.site.manifest()
    manifest = Manifest(path=Manifest.path_for(tmp_path, source.chain_id),
                        chain_id=source.chain_id, contracts=dict(source.contracts))
    record = manifest.contracts["DiplomaRegistry"]
    manifest.contracts["DiplomaRegistry"] = replace(record, code_hash="0x" + "ab" * 32)
    manifest.save()
    client = TestClient(create_app(Site(chain=world.site.chain, deployments=tmp_path)))
    answer = client.post("/verify", data={"text": receipt_json(world)})
    words = text(answer.text)
    assert answer.status_code == 200 and "✘ Niet geldig" in words
    assert f"Mislukte controle: {TEXTS['nl']['check.code']}" in words
    status = text(client.get("/status").text)
    assert "DiplomaRegistry" in status and TEXTS["nl"]["status.code differs"] in status


def test_without_a_manifest_there_is_nothing_to_verify_against(world, tmp_path):
    client = TestClient(create_app(Site(chain=world.site.chain, deployments=tmp_path)))
    answer = client.post("/verify", data={"text": receipt_json(world)})
    assert answer.status_code == 503 and "DiplomaRegistry" in answer.text
    assert client.get("/parcel", params={"capakey": FIRST}).status_code == 503
    status = text(client.get("/status").text)
    assert status.count(TEXTS["nl"]["status.not_deployed"]) == len(REGISTRIES)


# -- parcel -------------------------------------------------------------------------------
def test_a_parcel_shows_its_owners_in_order_and_its_lineage(http, world):
    answer = http.get("/parcel", params={"capakey": "11001a0123-00b000"})
    assert answer.status_code == 200
    owners = re.search(r'<ol id="owners">(.*?)</ol>', answer.text, re.S).group(1)
    assert re.findall(r"<code>(0x[0-9a-fA-F]{40})</code>", owners) == [world.seller,
                                                                       world.agency]
    words = text(answer.text)
    assert "opgeheven" in words  # retired by the split
    for child in CHILDREN:
        assert f'href="/parcel?capakey={child.replace("/", "%2F")}&amp;lang=nl"' in answer.text
    assert answer.text.count("<svg") == 2  # the timeline and the lineage
    events = re.findall(r'data-event="(\w+)"', answer.text)
    assert events[0] == "ParcelRegistered" and "ParcelTransferred" in events
    assert events[-1] == "ParcelRetired"


def test_a_child_parcel_shows_its_parent_and_the_lease_it_carries(http):
    answer = http.get("/parcel", params={"capakey": CHILDREN[0], "lang": "en"})
    words = text(answer.text)
    assert answer.status_code == 200 and f"Came from: {FIRST}" in words
    assert "lease" in words and "active" in words


def test_a_frozen_parcel_names_the_court(http, world):
    answer = http.get("/parcel", params={"capakey": "11004_A_0479_N_000_00"})
    assert answer.status_code == 200
    assert FROZEN in answer.text and "bevroren door rechtbank" in text(answer.text)


@pytest.mark.parametrize(("capakey", "status"), [
    ("11001A0123", 400), ("not a key", 400), ("11001A0123/00B0001", 400),
    ("99999Z9999/99Z999", 404),
])
def test_a_malformed_or_unknown_capakey_is_a_4xx_on_the_page(http, capakey, status):
    answer = http.get("/parcel", params={"capakey": capakey})
    assert answer.status_code == status
    assert field_error(answer.text) == "capakey"
    assert f'value="{capakey}"' in answer.text  # the form keeps what was typed


# -- rent ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("form", "rent"), [(EXAMPLE_2024, EXAMPLE_2024_RENT),
                                            (EXAMPLE_2023, EXAMPLE_2023_RENT)])
def test_the_worked_examples_to_the_cent(http, form, rent):
    answer = http.post("/rent", data=form)
    assert answer.status_code == 200
    assert f'<span id="rent">€ {display(rent, "nl")}</span>' in answer.text


def test_the_breakdown_names_the_source_of_each_parameter(http):
    answer = http.post("/rent", data=EXAMPLE_2024, params={"lang": "en"})
    words = text(answer.text)
    assert "divisors 54 / 53 / 52 / 51 domain §2.3" in words
    assert "min_rent.low 139.00 given on this page" in words
    assert "Divisor (income band) 54" in words
    assert "family_discount.full 22.00" in words


def test_rules_published_on_chain_give_the_same_rent(http, world):
    answer = http.post("/rent", data={**EXAMPLE_2024, "extra": "", "source": "chain"})
    assert answer.status_code == 200
    assert '<span id="rent">€ 738,74</span>' in answer.text
    address = world.site.records()["SocialRentRules"].address
    assert f"gepubliceerd op keten {world.site.chain.chain_id}, {address}, versie 1" in \
        text(answer.text)


def test_the_scenario_file_replays_to_the_same_rent(http, tmp_path):
    answer = http.post("/rent/scenario", data=EXAMPLE_2024)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/yaml")
    assert "attachment" in answer.headers["content-disposition"]
    path = tmp_path / "case.yaml"
    path.write_text(answer.text)
    scenario = load_scenario(path)
    (case,) = scenario.cases
    assert reference_case(scenario, case).rent == 73874 == case.expect.rent


@pytest.mark.parametrize(("changes", "field"), [
    ({"income": "-1000"}, "income"),
    ({"income": "veertig"}, "income"),
    ({"income": "1,234"}, "income"),
    ({"income": ""}, "income"),
    ({"base_rent": "-5"}, "base_rent"),
    ({"dependants": "-1"}, "dependants"),
    ({"dependants": "1.5"}, "dependants"),
    ({"category": "couple"}, "category"),
    ({"leefloon_category": "rich"}, "leefloon_category"),
    ({"min_rent_tier": "middle"}, "min_rent_tier"),
    ({"year": "twenty"}, "year"),
    ({"year": "2031", "extra": ""}, "year"),
    ({"extra": ""}, "leefloon_annual.family"),
    ({"extra": "min_rent.low 139"}, "extra"),
    ({"extra": "nonsense.value = 1"}, "extra"),
    ({"extra": "divisors = 54 53"}, "extra"),
    ({"patrimony_discount": "999999"}, "patrimony_discount_max"),
    ({"source": "chain"}, "extra"),
    ({"source": "chain", "extra": "", "year": "2023"}, "year"),
    ({"source": "elsewhere"}, "source"),
])
def test_bad_rent_input_is_a_400_naming_the_field(http, changes, field):
    form = {**EXAMPLE_2024, **changes}
    answer = http.post("/rent", data=form)
    assert answer.status_code == 400, text(answer.text)
    assert field_error(answer.text) == field
    assert "Traceback" not in answer.text
    assert 'id="rent"' not in answer.text
    assert http.post("/rent/scenario", data=form).status_code == 400


def test_the_patrimony_discount_above_its_maximum_is_named(http):
    form = {**EXAMPLE_2023, "patrimony_discount": "9999"}
    answer = http.post("/rent", data=form)
    assert answer.status_code == 400 and field_error(answer.text) == "patrimony_discount"


# -- status -------------------------------------------------------------------------------
def test_status_shows_the_chain_head_and_every_registry(http, world):
    answer = http.get("/status")
    words = text(answer.text)
    chain = world.site.chain
    assert f"Chain id {chain.chain_id}" in words
    head = int(re.search(r'<dd id="head">(\d+)</dd>', answer.text).group(1))
    assert 0 < head <= chain.block_number
    assert answer.text.count('data-state="ok"') == len(REGISTRIES)
    for name, record in world.site.records().items():
        assert f'data-contract="{name}"' in answer.text and record.address in answer.text


def test_a_node_that_is_gone_is_a_502_not_a_stack_trace(world):
    from blokketen.chain import LocalNode

    with LocalNode() as node:
        chain = Chain.connect(node.url)
    site = Site(chain=chain, deployments=world.site.deployments)
    client = TestClient(create_app(site), raise_server_exceptions=False)
    for answer in (client.get("/status"), client.get("/parcel", params={"capakey": FIRST})):
        assert answer.status_code == 502
        assert "Traceback" not in answer.text and "role=\"alert\"" in answer.text


def test_a_method_a_page_does_not_take_is_refused(http):
    assert http.post("/status").status_code == 405
    assert http.get("/rent/scenario").status_code == 405


# -- privacy ------------------------------------------------------------------------------
def test_nothing_of_what_is_checked_is_logged_or_kept(http, world, caplog):
    before = sorted(p.name for p in Path(world.site.deployments).rglob("*"))
    with caplog.at_level(logging.DEBUG):
        http.post("/rent", data={**EXAMPLE_2024, "income": "43.210,98"})
        http.post("/verify", data={"text": receipt_json(world)})
        http.post("/rent", data={**EXAMPLE_2024, "income": "-43210,98"})
    logged = " ".join(record.getMessage() for record in caplog.records)
    name = world.receipts[0].document.family_name
    assert "43210" not in logged and "43.210" not in logged and name not in logged
    assert sorted(p.name for p in Path(world.site.deployments).rglob("*")) == before


def test_the_pages_send_the_node_no_household_and_no_name(http, world):
    """The shared privacy guard watches every request the pages make to the node: the rent
    from rules published on chain asks for the year and version only, and a verification
    sends hashes, never the holder's name or birth date."""
    from blokketen.privacy import PrivacyGuard

    document = world.receipts[0].document
    guard = PrivacyGuard(world.site.chain, secrets={
        "income": 4_123_456, "base rent": 81_234, "energy correction": 2_345,
        "family name": document.family_name, "given names": document.given_names,
        "birth date": document.birth_date})
    with guard.watching():
        answer = http.post("/rent", data={**EXAMPLE_2024, "extra": "", "source": "chain",
                                          "income": "41.234,56", "base_rent": "812,34",
                                          "energy_correction": "23,45"})
        assert answer.status_code == 200
        assert http.post("/verify", data={"text": receipt_json(world)}).status_code == 200
    assert guard.calls
    guard.assert_clean()
    # positive control: the same figures sent to the node's view are caught
    from blokketen.housing.types import Dwelling, Household

    with guard.watching():
        world.clients["housing"].rent(2024, Household("other", 4_123_456, dependants=1),
                                      Dwelling(81_234, 0, 2_345), on_chain=True)
    assert {f.kind for f in guard.findings()} == {"secret"}  # income, base rent, energy


def test_another_pilots_verifier_plugs_in_through_its_registration(http, world, monkeypatch):
    """A pilot still being built (here a stand-in) registers VERIFIES and verifier(); the
    Verify page dispatches on the file's format and shows its checks and facts as given."""
    from types import SimpleNamespace

    import blokketen.pilots as pilots
    from blokketen.contract.verdicts import Check, Fact, Report

    seen = {}

    class StandIn:
        asks = ()

        def verify(self, data, *, chain, expected, given):
            seen.update(data=data, chain=chain.chain_id, contracts=sorted(expected))
            return Report(pilot="stand-in", subject="Lasser (niveau 4)", status="revoked",
                          valid=False, reason="ingetrokken op 2026-03-01",
                          checks=(Check("presentation", True), Check("holder_binding", False,
                                                                     "signed by another key")),
                          trusted=None, facts=(Fact("issuer", "VDAB"),))

    registration = SimpleNamespace(
        NAME="stand-in", TITLE="Stand-in", CONTRACTS=(), FIXTURE="bk_stand_in",
        register_cli=lambda subparsers: None, run_demo=lambda *a, **k: None,
        client=lambda: None, constructor_args=lambda contract, admin: (),
        VERIFIES=("blokketen.stand-in/1",), verifier=StandIn)
    monkeypatch.setattr(pilots, "PILOTS", (*pilots.PILOTS, pilots.Pilot.of(registration)))
    document = {"format": "blokketen.stand-in/1", "claims": []}
    answer = http.post("/verify", params={"lang": "en"}, data={"text": json.dumps(document)})
    words = text(answer.text)
    assert answer.status_code == 200 and "✘ Not valid" in words
    assert "Failed check: holder binding" in words and "signed by another key" in words
    assert seen == {"data": document, "chain": world.site.chain.chain_id,
                    "contracts": sorted(REGISTRIES)}
    assert "blokketen.stand-in/1" in http.get("/verify").text
    with pytest.raises(TypeError):
        pilots.Pilot.of(SimpleNamespace(**{**vars(registration), "verifier": None}))


def test_a_request_too_large_or_for_another_host_is_refused(world):
    client = TestClient(create_app(world.site, allowed_hosts=["127.0.0.1", "localhost"]),
                        base_url="http://127.0.0.1")
    assert client.get("/status").status_code == 200
    assert client.get("/status", headers={"host": "evil.example"}).status_code == 400
    big = client.post("/verify", content=b"x" * 2_100_000,
                      headers={"content-type": "application/octet-stream"})
    assert big.status_code == 413 and "Traceback" not in big.text


def test_messages_of_the_page_itself_are_in_the_page_language(http):
    dutch = http.post("/rent", data={**EXAMPLE_2024, "income": "-5,00"})
    english = http.post("/rent", params={"lang": "en"},
                        data={**EXAMPLE_2024, "income": "-5,00"})
    assert "mag niet negatief zijn" in dutch.text and "must not be negative" in english.text
    unknown = http.get("/parcel", params={"capakey": "99999Z9999/99Z999"})
    assert "Geen perceel met deze CaPaKey in het register" in unknown.text
