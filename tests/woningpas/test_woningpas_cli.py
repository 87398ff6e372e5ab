"""``blokketen woningpas ...`` against the test chain: every verb has --help; a dwelling is
registered, an EPC attested from the MAGDA XML, verified (exit 0 valid, 1 not valid, 2 bad
input), withdrawn, a sale recorded, a mandate granted and revoked, a rent computed."""

from __future__ import annotations

import argparse
import json

import pytest

from blokketen.cli.report import run_command
from blokketen.woningpas.cli import register
from blokketen.woningpas.demo import SAMPLE_EPC_XML

VERBS = ("register", "attest", "withdraw", "reference-epc", "transfer", "renovation", "grant",
         "revoke-mandate", "verify", "rent")


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture(autouse=True)
def manifest_project(tmp_path, monkeypatch, registry, bk_chain):
    """Commands run in a project whose manifest records the test registry."""
    from blokketen.deploy.manifest import DeploymentRecord, Manifest

    root = tmp_path / "project"
    (root / "contracts").mkdir(parents=True)
    (root / "package.json").write_text("{}")
    manifest = Manifest.load(root / "deployments", bk_chain.chain_id)
    manifest.record(DeploymentRecord(
        name="DwellingPassRegistry", address=registry.address, tx_hash="0x" + "00" * 32,
        block=1, deployer=registry.address, constructor_args=[],
        code_hash=registry.expected_code.code_hash, bytecode_hash="", compiler={},
        source_hash="", deployed_at=""))
    manifest.save()
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(root))
    return root


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="blokketen")
    register(top.add_subparsers(dest="command", required=True))
    return top


def run(*argv: str) -> int:
    return run_command(parser().parse_args(["woningpas", *argv]))


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help(verb, capsys):
    with pytest.raises(SystemExit) as done:
        parser().parse_args(["woningpas", verb, "--help"])
    assert done.value.code == 0
    assert "usage: blokketen woningpas " + verb in capsys.readouterr().out


@pytest.fixture
def chain_args(registry, bk_chain):
    return ["--rpc-url", bk_chain.url]


def _out(capsys) -> str:
    return capsys.readouterr().out


def test_a_dwelling_from_registration_to_verdicts(tmp_path, chain_args, capsys, registry):
    key = tmp_path / "registrar.key"
    key.write_text("ab" * 32)
    assert run("register", "--building-unit", "6747170", "--registrar-key", str(key),
               "--kind", "house", "--capakey", "11001B0001/00A000", "--dev-account", "1",
               *chain_args) == 0
    printed = _out(capsys)
    ref = printed.split("registered dwelling ")[1].split()[0]
    assert "parcel commitment 0x" in printed
    xml = tmp_path / "epc.xml"
    xml.write_text(SAMPLE_EPC_XML, encoding="utf-8")
    bundle = tmp_path / "epc.bundle.json"
    assert run("attest", "epc", str(xml), "--dwelling", ref, "--out", str(bundle),
               "--dev-account", "2", *chain_args) == 0
    ident = _out(capsys).split("recorded epc ")[1].split(";")[0]
    text = bundle.read_text()
    assert "Griet" not in text and "EP00000" not in text and '"label": "F"' in text

    assert run("verify", str(bundle), "--at", "2024-06-01", *chain_args) == 0
    assert "valid at 2024-06-01" in _out(capsys)
    assert run("verify", str(bundle), "--at", "2019-01-01", *chain_args) == 1  # before issue
    assert "Pending" in _out(capsys)
    assert run("verify", str(bundle), "--at", "2024-06-01", "--for-sale", "--json",
               *chain_args) == 1  # built 1958: no asbestos attest
    verdict = json.loads(_out(capsys))
    assert not verdict["valid"] and "asbestos" in verdict["problems"][0]
    assert verdict["registry"]["code_hash"] == registry.expected_code.code_hash

    # a stranger cannot withdraw it (1); the supervisor can't be named by a bad reason (2)
    assert run("withdraw", ident, "--reason", "fraud", "--dev-account", "9", *chain_args) == 1
    assert "NotIssuerOrSupervisor" in capsys.readouterr().err
    assert run("withdraw", ident, "--reason", "replaced", "--dev-account", "4",
               *chain_args) == 2
    assert "--reason" in capsys.readouterr().err
    assert run("transfer", "--dwelling", ref, "--deed-date", "2030-01-01", "--dev-account",
               "5", *chain_args) == 1  # a deed in the future
    assert "BadDeedDate" in capsys.readouterr().err
    assert run("renovation", "--dwelling", ref, *chain_args) == 0
    assert "renovation duty: none" in _out(capsys)
    assert run("withdraw", ident, "--reason", "fraud", "--dev-account", "4", *chain_args) == 0
    _out(capsys)
    assert run("verify", str(bundle), "--at", "2099-01-01", *chain_args) == 1


def test_bad_input_exits_2_and_sends_nothing(tmp_path, chain_args, capsys, registry, bk_chain):
    block = bk_chain.block_number
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": "something else"}')
    assert run("verify", str(broken), "--at", "2024-01-01", *chain_args) == 2
    assert "schema" in capsys.readouterr().err
    assert run("verify", str(broken), "--at", "1 januari", *chain_args) == 2
    capsys.readouterr()
    xml = tmp_path / "epc.xml"
    xml.write_text(SAMPLE_EPC_XML.replace("612,40", "298"), encoding="utf-8")
    assert run("attest", "epc", str(xml), "--dwelling", "0x" + "11" * 32, "--out",
               str(tmp_path / "x.json"), "--dev-account", "2", *chain_args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: label: F does not match score 298")
    assert len(err.strip().splitlines()) == 1
    assert run("attest", "epc", str(xml), "--dwelling", "6747170", "--out",
               str(tmp_path / "x.json"), *chain_args) == 2
    assert run("grant", "--dwelling", "0x" + "11" * 32, "--to", "0x12", "--scope", "epc",
               "--until", "2030-01-01", *chain_args) == 2
    assert run("grant", "--dwelling", "0x" + "11" * 32, "--to", registry.address, "--scope",
               "epc,kelder", "--until", "2030-01-01", *chain_args) == 2
    assert not (tmp_path / "x.json").exists()
    assert bk_chain.block_number == block


def test_grant_and_revoke_a_mandate(tmp_path, chain_args, capsys, registry, actors):
    from woningpaskit import ref

    r = ref(4242)
    registry.as_sender(actors.registrar).register_dwelling(r)
    tree = registry.as_sender(actors.registrar).set_holders(r, [actors.owner.address])
    proof = ",".join("0x" + p.hex() for p in registry.holder_proof(tree, r, actors.owner.address))
    assert run("grant", "--dwelling", "0x" + r.hex(), "--to", actors.buyer.address, "--scope",
               "epc,asbestos", "--until", "2099-12-31", "--holder-proof", proof,
               "--dev-account", "7", *chain_args) == 0
    digest = _out(capsys).split("mandate ")[1].split()[0]
    assert run("revoke-mandate", digest, "--dev-account", "8", *chain_args) == 1
    assert "NotMandateHolder" in capsys.readouterr().err
    assert run("revoke-mandate", digest, "--dev-account", "7", *chain_args) == 0
    assert registry.mandate(bytes.fromhex(digest[2:])).revoked_at > 0


def test_rent_takes_the_ec_from_the_reference_epc(tmp_path, chain_args, capsys, registry,
                                                  actors, bk_deploy):
    from datetime import date

    from woningpaskit import epc, ref

    from blokketen.housing.client import SocialRentRules
    from blokketen.housing.demo import DEMO_2024
    from blokketen.housing.params import parameters_from_mapping, rule_set
    from blokketen.woningpas.demo import DEMO_EC_RULES

    r = ref(4343)
    office = registry.as_sender(actors.registrar)
    office.register_dwelling(r)
    office.grant_window("landlord", actors.landlord.address, scope=r)
    done = registry.as_sender(actors.veka).record_epc(r, epc(450, issued=date(2021, 5, 1)), b"e")
    registry.as_sender(actors.landlord).set_reference_epc(r, 2024, done.attestation_id)
    rents = bk_deploy(SocialRentRules, actors.admin.address, 172_800)
    rents.grant_role("rule_admin", actors.admin.address)
    rents.publish_rules(rule_set(2024, parameters_from_mapping(DEMO_2024)))
    rules = tmp_path / "ec.csv"
    rules.write_text(DEMO_EC_RULES, encoding="utf-8")
    base = ["--dwelling", "0x" + r.hex(), "--rules", str(rules), "--category", "other",
            "--income", "30000", "--dependants", "2", "--base-rent", "700",
            "--rent-address", rents.address, "--rent-code-hash",
            rents.expected_code.code_hash, *chain_args]
    assert run("rent", "2024", *base) == 0
    printed = _out(capsys)
    assert "(label E) -> EC 17.13" in printed and "0x" + done.attestation_id.hex() in printed
    assert run("rent", "2025", *base) == 2  # no EC rule supplied for 2025
    assert "energy_correction_rule" in capsys.readouterr().err
    assert run("rent", "2023", *base) == 2  # the supplied rules have no 2023 either
    capsys.readouterr()
    rules.write_text(DEMO_EC_RULES.replace("2024;F", "2023;F"), encoding="utf-8")
    assert run("rent", "2023", *base) == 1  # a rule, but no reference EPC for 2023
    assert "DwellingPassRegistryNoReferenceEpc" in capsys.readouterr().err


def test_a_tenants_rent_proof_and_a_buyers_bundle_through_the_cli(tmp_path, chain_args, capsys,
                                                                  registry, actors, bk_deploy):
    from datetime import date

    from woningpaskit import epc, ref

    from blokketen.housing.client import SocialRentRules
    from blokketen.housing.demo import DEMO_2024
    from blokketen.housing.params import parameters_from_mapping, rule_set
    from blokketen.housing.rules import decision_digest
    from blokketen.housing.types import Dwelling, Household
    from blokketen.woningpas.bundle import PassBundle, RentClaim
    from blokketen.woningpas.types import AttType

    r = ref(4444)
    office = registry.as_sender(actors.registrar)
    office.register_dwelling(r)
    office.grant_window("landlord", actors.landlord.address, scope=r)
    done = registry.as_sender(actors.veka).record_epc(r, epc(450, issued=date(2021, 5, 1)),
                                                      b"e")
    registry.as_sender(actors.landlord).set_reference_epc(r, 2024, done.attestation_id)
    rents = bk_deploy(SocialRentRules, actors.admin.address, 172_800)
    for role, who in (("rule_admin", actors.admin), ("registrar", actors.registrar),
                      ("landlord", actors.landlord)):
        rents.grant_role(role, who.address)
    rents.publish_rules(rule_set(2024, parameters_from_mapping(DEMO_2024)))
    rents.as_sender(actors.registrar).register_dwellings(actors.landlord.address, [r])
    lessor = rents.as_sender(actors.landlord)
    decision = lessor.decide(r, Household("other", 3_000_000, dependants=2),
                             Dwelling(70_000, 0, 1_713), year=2024, effective=date(2024, 3, 1))
    lease = lessor.open_lease(decision, evidence=done.attestation_id)
    tenant = tmp_path / "tenant.json"
    tenant.write_text(PassBundle(registry.chain.chain_id, registry.address, r, (done.receipt,),
                                 rent=RentClaim(2024, decision_digest(decision, lease.salt)))
                      .dumps())
    trust = ["--rent-address", rents.address, "--rent-code-hash",
             rents.expected_code.code_hash]
    assert run("verify", str(tenant), "--at", "2024-03-01", *trust, *chain_args) == 0
    assert "valid at 2024-03-01" in _out(capsys)
    assert run("verify", str(tenant), "--at", "2024-03-01", "--rent-address", rents.address,
               "--rent-code-hash", "0x" + "00" * 32, *chain_args) == 2  # untrusted code
    capsys.readouterr()
    # the buyer's bundle: EPC and asbestos attest valid at the deed date
    asbestos = registry.as_sender(actors.ovam).attest(
        r, AttType.ASBESTOS, {"attest": "a"}, b"a", issued=date(2023, 1, 1),
        valid_until=date(2032, 12, 31))
    buyer = tmp_path / "buyer.json"
    buyer.write_text(PassBundle(registry.chain.chain_id, registry.address, r,
                                (done.receipt, asbestos.receipt)).dumps())
    assert run("verify", str(buyer), "--at", "2024-06-01", "--for-sale", *chain_args) == 0
    assert run("verify", str(buyer), "--at", "2022-12-31", "--for-sale", *chain_args) == 1
    assert "asbestos" in _out(capsys)


def test_a_yearly_reference_root_through_the_cli(tmp_path, chain_args, capsys, registry,
                                                 actors):
    from datetime import date

    from woningpaskit import epc, ref

    office = registry.as_sender(actors.registrar)
    office.grant_window("landlord", actors.landlord.address)
    rows = ["woning;attest"]
    ids = {}
    for i in range(2):
        r = ref(f"cli-root-{i}")
        office.register_dwelling(r)
        ids[r] = registry.as_sender(actors.veka).record_epc(
            r, epc(300 + i, issued=date(2021, 1, 5)), b"%d" % i).attestation_id
        rows.append(f"0x{r.hex()};0x{ids[r].hex()}")
    table = tmp_path / "referenties-2024.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "proofs.json"
    assert run("reference-epc", "--year", "2024", "--root", str(table), "--dev-account", "6",
               *chain_args) == 2  # no --out
    assert "--out" in capsys.readouterr().err
    assert run("reference-epc", "--year", "2024", "--root", str(table), "--out", str(out),
               "--dev-account", "6", *chain_args) == 0
    proofs = json.loads(out.read_text())
    for r, ident in ids.items():
        entry = proofs["dwellings"]["0x" + r.hex()]
        assert entry["landlord"] == actors.landlord.address
        assert registry.reference_epc_in_root(
            actors.landlord.address, 2024, r, ident,
            [bytes.fromhex(p[2:]) for p in entry["proof"]])
    table.write_text("woning;attest\n0x12;0x34\n", encoding="utf-8")
    assert run("reference-epc", "--year", "2025", "--root", str(table), "--out",
               str(tmp_path / "p2.json"), "--dev-account", "6", *chain_args) == 2
    assert "--root line 2 woning" in capsys.readouterr().err
