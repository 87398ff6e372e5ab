"""``blokketen land ...`` end to end against the test chain (through ``register``)."""

from __future__ import annotations

import argparse
import json

import pytest
from landkit import CASE, DEED, DEED2, KEY, SOURCE, SURVEY, now
from trustkit import manifest_project

from blokketen.cli.report import run_command
from blokketen.land.cli import register

ADMIN, REGISTRAR, NOTARY, SURVEYOR, COURT, COURT2, ALICE, BOB, CAROL, LESSEE = range(10)


@pytest.fixture(autouse=True)
def trusted_project(registry, bk_chain, tmp_path, monkeypatch):
    """Commands run in a project whose deployment manifest records the test registry."""
    root = manifest_project(tmp_path / "project", bk_chain.chain_id, registry)
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(root))
    return root


def answer(out: str):
    """The ``result`` of a query's JSON answer (its ``registry`` is checked elsewhere)."""
    return json.loads(out)["result"]


@pytest.fixture
def land(registry, bk_chain, capsys):
    """``land(*argv, signer=N)``: run one command, return (exit code, stdout, stderr)."""
    parser = argparse.ArgumentParser(prog="blokketen")
    register(parser.add_subparsers(dest="command"))

    def run(*argv, signer=None, chain=True, address=registry.address):
        extra = ["--rpc-url", bk_chain.url] if chain else []
        extra += ["--address", address] if chain and address else []
        if signer is not None:
            extra += ["--dev-account", str(signer)]
        args = parser.parse_args(["land", *map(str, argv), *extra])
        code = run_command(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _hex(value: bytes) -> str:
    return "0x" + value.hex()


def test_validate_needs_no_chain(land):
    code, out, _ = land("validate", "11001a0123-00b000", "--json", chain=False)
    assert code == 0
    data = json.loads(out)
    assert data["capakey"] == KEY and data["section"] == "A"
    code, _, err = land("validate", "1100A0123/00B000", chain=False)
    assert code == 2 and "capakey" in err


def test_register_transfer_and_history(land, cast, bk_chain):
    code, out, _ = land("register", KEY, "--owner", cast.alice.address, "--area", 1000,
                        "--land-use", "nature-reserve", "--deed-hash", _hex(DEED), "--json",
                        signer=REGISTRAR)
    assert code == 0 and json.loads(out)["events"][0]["event"] == "ParcelRegistered"
    code, out, _ = land("open-transfer", KEY, "--buyer", cast.bob.address, "--deed-hash",
                        _hex(DEED2), "--expiry", now(bk_chain) + 3600, "--json", signer=ALICE)
    assert code == 0 and json.loads(out)["id"] == 1
    assert land("accept-transfer", KEY, signer=BOB)[0] == 0
    assert land("authenticate", KEY, signer=NOTARY)[0] == 0
    code, out, _ = land("parcel", KEY, "--json")
    parcel = answer(out)
    assert parcel["owner"] == cast.bob.address and parcel["land_use"] == "nature_reserve"
    code, out, _ = land("owner-at", KEY, bk_chain.block_number, "--json")
    assert answer(out)["owner"] == cast.bob.address
    code, out, _ = land("history", KEY, "--json")
    assert [e["event"] for e in answer(out)] == [
        "ParcelRegistered", "TransferOpened", "TransferAccepted", "ParcelTransferred"]
    code, out, _ = land("history", KEY)
    assert code == 0 and "event=ParcelTransferred" in out and cast.bob.address in out
    assert "tx_hash" not in out


def test_signature_transfer_rights_split_freeze(land, cast, bk_chain):
    land("register", KEY, "--owner", cast.alice.address, "--area", 1000, "--deed-hash",
         _hex(DEED), signer=REGISTRAR)
    deadline = str(now(bk_chain) + 3600)
    terms = ["--buyer", cast.bob.address, "--deed-hash", _hex(DEED2), "--deadline", deadline]
    signed = [json.loads(land("sign-transfer", KEY, *terms, "--json", signer=who)[1])
              for who in (ALICE, BOB)]
    message = signed[0]["message"]
    assert (message["parcelVersion"], message["nonce"], message["buyerNonce"]) == (1, 0, 0)
    code, out, _ = land("sign-transfer", KEY, *terms, signer=ALICE)
    assert code == 0 and "(parcel version 1, nonce 0, buyer nonce 0)" in out
    code, _, err = land("transfer-signed", KEY, *terms, "--parcel-version", 1, "--nonce", 0,
                        "--buyer-nonce", 0,
                        "--seller-signature", signed[0]["signature"],
                        "--buyer-signature", signed[1]["signature"], signer=NOTARY)
    assert code == 0, err
    code, _, err = land("transfer-signed", KEY, *terms, "--parcel-version", 1, "--nonce", 0,
                        "--seller-signature", signed[0]["signature"],
                        "--buyer-signature", signed[1]["signature"], signer=NOTARY)
    assert code == 1 and "LandRegistrySelfTransfer" in err  # bob owns it now
    code, out, _ = land("add-right", KEY, "--kind", "lease", "--holder", cast.lessee.address,
                        "--source-hash", _hex(SOURCE), "--json", signer=REGISTRAR)
    right = json.loads(out)["id"]
    code, out, _ = land("rights", KEY, "--json")
    assert answer(out)[0]["kind"] == "lease"
    code, _, err = land("split", KEY, "--child", "11001A0123/00C000:600",
                        "--child", "11001A0123/00D000:400:agriculture", "--carry", f"{right}:1",
                        "--survey-hash", _hex(SURVEY), signer=SURVEYOR)
    assert code == 0, err
    code, out, _ = land("lineage", KEY, "--json")
    assert answer(out)["children"] == ["11001A0123/00C000", "11001A0123/00D000"]
    code, _, err = land("freeze", "11001A0123/00C000", "--case-ref", _hex(CASE), signer=COURT)
    assert code == 0
    code, _, err = land("unfreeze", "11001A0123/00C000", "--case-ref", _hex(CASE),
                        signer=COURT)
    assert code == 1 and "LandRegistrySameCourt" in err
    code, _, err = land("unfreeze", "11001A0123/00C000", "--case-ref", _hex(SOURCE),
                        signer=COURT2)
    assert code == 1 and "LandRegistryCaseMismatch" in err
    assert land("unfreeze", "11001A0123/00C000", "--case-ref", _hex(CASE), signer=COURT2)[0] == 0


def test_refusals_exit_one_and_bad_input_two(land, cast):
    code, _, err = land("parcel", KEY)
    assert code == 1 and "LandRegistryUnknownParcel" in err
    code, _, err = land("register", KEY, "--owner", cast.alice.address, "--area", 5,
                        "--deed-hash", _hex(DEED), signer=ALICE)
    assert code == 1 and "AccessControlUnauthorizedAccount" in err
    code, _, err = land("register", KEY, "--owner", "nobody", "--area", 5, "--deed-hash",
                        _hex(DEED), signer=REGISTRAR)
    assert code == 2 and "owner" in err
    code, _, err = land("register", KEY, "--owner", cast.alice.address, "--area", 5,
                        "--land-use", "swamp", "--deed-hash", _hex(DEED), signer=REGISTRAR)
    assert code == 2 and "land_use" in err


def test_preemption_revoke_and_admin_hand_over(land, cast, bk_chain):
    land("register", KEY, "--owner", cast.alice.address, "--area", 1000, "--deed-hash",
         _hex(DEED), signer=REGISTRAR)
    code, out, _ = land("add-right", KEY, "--kind", "pre-emption", "--holder",
                        cast.lessee.address, "--source-hash", _hex(SOURCE), "--json",
                        signer=REGISTRAR)
    right = json.loads(out)["id"]
    code, _, err = land("open-transfer", KEY, "--buyer", cast.bob.address, "--deed-hash",
                        _hex(DEED2), "--expiry", now(bk_chain) + 200 * 86_400, signer=ALICE)
    assert code == 1 and "LandRegistryExpiryTooLate" in err
    land("open-transfer", KEY, "--buyer", cast.bob.address, "--deed-hash", _hex(DEED2),
         "--expiry", now(bk_chain) + 3600, signer=ALICE)
    code, out, _ = land("preemption", KEY, "--json")
    (check,) = answer(out)
    assert (check["right_id"], check["holder"], check["waived"]) == (
        right, cast.lessee.address, False)
    code, _, err = land("revoke-transfer", KEY, "--reason-hash", _hex(SURVEY), signer=ALICE)
    assert code == 1 and "LandRegistryNotRegistrarOrCourt" in err
    code, _, err = land("revoke-transfer", KEY, "--reason-hash", "besluit", signer=REGISTRAR)
    assert code == 2 and "reason_hash" in err
    code, out, err = land("revoke-transfer", KEY, "--reason-hash", _hex(SURVEY), signer=COURT)
    assert code == 0 and "TransferRevoked" in out, err
    assert land("pending", KEY)[1].splitlines()[0] == "none"
    code, out, _ = land("admin", "--json")
    assert answer(out) == {"admin": cast.admin.address, "delay_seconds": 2 * 86_400,
                               "pending_admin": None, "pending_from": None}
    assert land("hand-over-admin", cast.carol.address, signer=ADMIN)[0] == 0
    code, _, err = land("accept-admin", signer=CAROL)
    assert code == 1 and "AccessControlEnforcedDefaultAdminDelay" in err
    bk_chain.increase_time(2 * 86_400 + 1)
    assert land("accept-admin", signer=CAROL)[0] == 0
    code, out, _ = land("admin", "--json")
    assert answer(out)["admin"] == cast.carol.address
    assert land("grant", "notary", cast.bob.address, signer=CAROL)[0] == 0
    assert land("grant", "notary", cast.bob.address, signer=CAROL)[0] == 0  # again: no-op
    code, _, err = land("grant", "surveyor", cast.bob.address, signer=CAROL)
    assert code == 1 and "LandRegistryRoleConflict" in err
    code, _, err = land("grant", "registrar", cast.carol.address, signer=CAROL)
    assert code == 1 and "LandRegistryRoleConflict" in err  # the admin holds no other duty


# -- which registry answers: its code is checked before any answer ------------------------------
QUERIES = [("parcel", KEY), ("owner-at", KEY, "1"), ("history", KEY), ("preemption", KEY),
           ("rights", KEY), ("lineage", KEY), ("pending", KEY), ("admin",)]


@pytest.fixture(scope="module")
def look_alike(registry, bk_chain, cast):
    """The same LandRegistry code at another address, deployed by an outsider (carol) who
    registered KEY to herself: what a forged letter would point a notary at."""
    from blokketen.land.client import LandRegistry
    from blokketen.land.pilot import constructor_args

    copy = LandRegistry.deploy(bk_chain, cast.carol,
                               *constructor_args("LandRegistry", cast.carol.address))
    copy.grant_role("registrar", cast.lessee.address)
    copy.as_sender(cast.lessee).register_parcel(KEY, owner=cast.carol.address, area_m2=1000,
                                                deed_hash=DEED)
    return copy


def _refused(land, query, *extra, needle, address):
    code, out, err = land(*query, *extra, address=address)
    assert (code, out) == (2, ""), (query, out, err)
    assert err.count("\n") == 1 and needle in err, (query, err)
    return err


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q[0])
def test_a_copy_of_the_registry_elsewhere_is_refused(land, look_alike, registry, query):
    # the same code at another address: not the registry of the manifest
    land_at_copy = _refused(land, query, address=look_alike.address, needle="--code-hash")
    assert look_alike.address in land_at_copy and "deployment manifest" in land_at_copy


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q[0])
def test_other_code_is_refused(land, registry, query):
    other = registry.survey_module()   # code that is not the LandRegistry's
    real_hash = registry.expected_code.code_hash
    err = _refused(land, query, "--code-hash", real_hash, address=other,
                   needle="runs other code")
    assert other in err and "no verdict" in err


def test_a_manifest_that_names_other_code_is_refused(land, registry, bk_chain, tmp_path,
                                                     monkeypatch):
    from blokketen.land.client import LandRegistry

    # a manifest whose LandRegistry address leads to other code, with the real code hash
    swapped = LandRegistry(bk_chain, registry.survey_module()).trusting(registry.expected_code)
    root = manifest_project(tmp_path / "swapped", bk_chain.chain_id, swapped)
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(root))
    code, out, err = land("parcel", KEY, address=None)
    assert (code, out) == (2, "") and err.count("\n") == 1 and "no verdict" in err


def test_a_bare_address_is_refused(land, registry, bk_chain, tmp_path, monkeypatch):
    bare = tmp_path / "bare"
    (bare / "contracts").mkdir(parents=True)
    (bare / "package.json").write_text("{}")
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(bare))
    for query in QUERIES:
        _refused(land, query, needle="--code-hash",   # --address, but no code to compare
                 address=registry.address)
        code, _, err = land(*query, address=None)
        assert code == 2 and err.count("\n") == 1 and "--address" in err
    code, out, err = land("admin", "--code-hash", registry.expected_code.code_hash)
    assert code == 0 and registry.address in out, err   # pinned: the verifier says which code


def test_the_registry_answers_and_names_itself(land, parcel, registry, bk_chain, look_alike):
    code, out, err = land("parcel", KEY, "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["result"]["owner"] != look_alike.address
    source = data["registry"]
    assert (source["chain_id"], source["address"], source["code_hash"]) == (
        bk_chain.chain_id, registry.address, registry.expected_code.code_hash)
    assert source["block"] <= bk_chain.block_number
    for query in QUERIES:
        code, out, err = land(*query)
        assert code == 0, (query, err)
        assert out.splitlines()[-1].startswith(
            f"  registry {registry.address} on chain {bk_chain.chain_id} at block "), query
        assert out.rstrip().endswith(f"code {registry.expected_code.code_hash}"), query
