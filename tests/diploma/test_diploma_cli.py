"""``blokketen diploma issue|verify|revoke`` against the test chain."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from blokketen.cli.report import run_command
from blokketen.diploma.cli import register
from blokketen.diploma.demo import sample_documents


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def make_project(root: Path, chain_id: int, registry_address: str | None,
                 code: str | None = None) -> Path:
    """A bare project folder whose deployment manifest names ``registry_address`` (if any)
    with the runtime code hash ``code``."""
    from blokketen.deploy.manifest import DeploymentRecord, Manifest

    (root / "contracts").mkdir(parents=True)
    (root / "package.json").write_text("{}")
    if registry_address is not None:
        manifest = Manifest.load(root / "deployments", chain_id)
        manifest.record(DeploymentRecord(
            name="DiplomaRegistry", address=registry_address, tx_hash="0x" + "00" * 32,
            block=1, deployer=registry_address, constructor_args=[], code_hash=code or "",
            bytecode_hash="", compiler={}, source_hash="", deployed_at=""))
        manifest.save()
    return root


@pytest.fixture(autouse=True)
def manifest_project(tmp_path, monkeypatch, registry, bk_chain):
    """Commands run in a project whose manifest records the test registry."""
    root = make_project(tmp_path / "project", bk_chain.chain_id, registry.address,
                        registry.expected_code.code_hash)
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(root))
    return root


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="blokketen")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["diploma", *argv])
    return run_command(args)


@pytest.fixture
def chain_args(registry, bk_chain):
    return ["--rpc-url", bk_chain.url, "--address", registry.address]


@pytest.fixture
def issued(tmp_path, chain_args, capsys):
    """Three documents issued by Leuven (dev account 3) through the CLI; their receipt paths."""
    docs = sample_documents(3, seed=50)
    (tmp_path / "one.json").write_text(json.dumps(docs[0].to_dict()))
    (tmp_path / "two.json").write_text(json.dumps([d.to_dict() for d in docs[1:]]))
    out = tmp_path / "receipts"
    code = run("issue", str(tmp_path / "one.json"), str(tmp_path / "two.json"), "--out",
               str(out), "--dev-account", "3", *chain_args)
    assert code == 0, capsys.readouterr().err
    assert "anchored 3 diplomas" in capsys.readouterr().out
    paths = sorted(out.glob("*.receipt.json"))
    assert len(paths) == 3
    return paths


def test_issue_then_verify_valid(issued, bk_chain, registry, capsys):
    assert run("verify", str(issued[0]), "--rpc-url", bk_chain.url) == 0
    out = capsys.readouterr().out
    assert out.startswith("valid: ")
    assert (f"  registry {registry.address} on chain {bk_chain.chain_id} at block "
            in out) and f"code {registry.expected_code.code_hash}" in out
    assert "reason" not in out


def test_verify_json_output(issued, bk_chain, registry, capsys):
    assert run("verify", str(issued[1]), "--json", "--rpc-url", bk_chain.url) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["status"] == "valid" and verdict["country"] == "BE" and verdict["level"] == 7
    assert verdict["reason"] is None and verdict["field"] is None
    assert verdict["registry"]["address"] == registry.address
    assert verdict["registry"]["chain_id"] == bk_chain.chain_id
    assert verdict["registry"]["code_hash"] == registry.expected_code.code_hash


def test_revoke_then_verify_not_valid(issued, chain_args, bk_chain, capsys):
    assert run("revoke", str(issued[0]), "--reason", "fraud", "--dev-account", "3",
               *chain_args) == 0
    assert capsys.readouterr().out.startswith("revoked BE-")
    assert run("verify", str(issued[0]), "--rpc-url", bk_chain.url) == 1
    out = capsys.readouterr().out
    assert out.startswith("revoked: ") and out.splitlines()[1].endswith(": fraud")
    assert run("verify", str(issued[1]), "--rpc-url", bk_chain.url) == 0


def test_revoke_batch(issued, chain_args, bk_chain, capsys):
    root = json.loads(issued[0].read_text())["root"]
    assert run("revoke", "--batch", root, "--reason", "court-order", "--dev-account", "5",
               *chain_args) == 0
    for path in issued:
        assert run("verify", str(path), "--rpc-url", bk_chain.url) == 1


def test_tampered_receipt_is_not_valid(issued, bk_chain, tmp_path):
    data = json.loads(issued[0].read_text())
    data["document"]["family_name"] = "Someone Else"
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(data))
    assert run("verify", str(forged), "--rpc-url", bk_chain.url) == 1
    data = json.loads(issued[0].read_text())
    data["chain_id"] = 1
    forged.write_text(json.dumps(data))
    assert run("verify", str(forged), "--rpc-url", bk_chain.url) == 1


def test_bad_input_exits_2(issued, bk_chain, tmp_path, chain_args, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert run("verify", str(broken), "--rpc-url", bk_chain.url) == 2
    assert run("verify", str(tmp_path / "missing.json"), "--rpc-url", bk_chain.url) == 2
    data = json.loads(issued[0].read_text())
    del data["salt"]
    broken.write_text(json.dumps(data))
    assert run("verify", str(broken), "--rpc-url", bk_chain.url) == 2
    assert "salt" in capsys.readouterr().err
    assert run("verify", str(issued[0]), "--rpc-url", bk_chain.url, "--address",
               "0x000000000000000000000000000000000000dEaD") == 2
    assert run("revoke", str(issued[0]), "--reason", "bored", "--dev-account", "3",
               *chain_args) == 2


def test_unauthorised_revoke_exits_1(issued, chain_args, capsys):
    assert run("revoke", str(issued[0]), "--reason", "fraud", "--dev-account", "7",
               *chain_args) == 1
    assert "DiplomaRegistryUnauthorizedRevoker" in capsys.readouterr().err


def test_issue_with_bad_document_exits_2(tmp_path, chain_args, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**sample_documents(1)[0].to_dict(), "eqf_level": 11}))
    assert run("issue", str(bad), "--out", str(tmp_path), "--dev-account", "3",
               *chain_args) == 2
    assert "eqf_level" in capsys.readouterr().err


def _batches(registry):
    return len(registry.events("BatchIssued"))


@pytest.fixture
def forged(tmp_path, bk_chain, bk_project, actors):
    """A receipt from an attacker's own registry: it is valid *there*."""
    from blokketen.diploma.client import DiplomaRegistry

    own = DiplomaRegistry.deploy(bk_chain, actors.stranger, actors.stranger.address, 0,
                                 store=bk_project.artifacts())
    own.appoint_accreditor(actors.utrecht.address, "BE")
    own.as_sender(actors.utrecht).accredit(actors.revoker.address, country="BE",
                                           institution="KU Leuven", levels=[7])
    (receipt,) = own.as_sender(actors.revoker).issue_batch(sample_documents(1, seed=66))
    assert own.verify(receipt).valid
    return receipt.save(tmp_path / "forged.receipt.json")


def test_verify_does_not_trust_the_registry_named_in_the_receipt(forged, bk_chain, capsys):
    assert run("verify", str(forged), "--rpc-url", bk_chain.url) == 1
    assert capsys.readouterr().out.startswith("wrong-registry: ")
    assert run("verify", str(forged), "--json", "--rpc-url", bk_chain.url) == 1
    assert json.loads(capsys.readouterr().out)["status"] == "wrong-registry"


def test_verify_without_manifest_entry_asks_for_address_and_code(
        forged, issued, bk_chain, registry, tmp_path, monkeypatch, capsys):
    bare = make_project(tmp_path / "bare", bk_chain.chain_id, None)
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(bare))
    for receipt in (forged, issued[0]):
        assert run("verify", str(receipt), "--rpc-url", bk_chain.url) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--address" in err
        # an address alone is not enough: the verifier says which code it trusts
        assert run("verify", str(receipt), "--rpc-url", bk_chain.url,
                   "--address", registry.address) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--code-hash" in err
    code = ["--address", registry.address, "--code-hash", registry.expected_code.code_hash]
    assert run("verify", str(issued[0]), "--rpc-url", bk_chain.url, *code) == 0
    assert run("verify", str(forged), "--rpc-url", bk_chain.url, *code) == 1
    assert run("verify", str(issued[0]), "--rpc-url", bk_chain.url, "--address",
               registry.address, "--code-hash", "0x1234") == 2
    assert "--code-hash" in capsys.readouterr().err


@pytest.fixture
def yes_man(bk_chain, test_contracts, actors):
    """A look-alike registry whose every answer decodes as "Active"."""
    from blokketen.contract.base import ContractClient

    class YesMan(ContractClient):
        CONTRACT = "YesManRegistry"

    return YesMan.deploy(bk_chain, actors.stranger, store=test_contracts)


def test_verify_refuses_a_look_alike_registry(issued, yes_man, registry, bk_chain, tmp_path,
                                              monkeypatch, capsys):
    data = json.loads(issued[0].read_text())
    data["registry"] = yes_man.address
    receipt = tmp_path / "look-alike.receipt.json"
    receipt.write_text(json.dumps(data))
    # the verifier is pointed at the look-alike, with the real registry's code hash
    assert run("verify", str(receipt), "--rpc-url", bk_chain.url, "--address",
               yes_man.address, "--code-hash", registry.expected_code.code_hash) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and yes_man.address in err and "other code" in err
    # or a manifest whose address was swapped for the look-alike's
    swapped = make_project(tmp_path / "swapped", bk_chain.chain_id, yes_man.address,
                           registry.expected_code.code_hash)
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(swapped))
    assert run("verify", str(receipt), "--rpc-url", bk_chain.url) == 2
    assert "no verdict" in capsys.readouterr().err


def test_verify_names_the_field_of_a_mismatch(registry, actors, bk_chain, tmp_path, capsys):
    from diplomakit import anchor_raw

    rogue = registry.as_sender(actors.rogue)
    (forged,) = anchor_raw(rogue, sample_documents(1, seed=67), level=4)  # KU Leuven, BE, 7
    path = forged.save(tmp_path / "forged.receipt.json")
    assert run("verify", str(path), "--rpc-url", bk_chain.url) == 1
    out = capsys.readouterr().out
    assert out.startswith("mismatch: ")
    assert "  reason: eqf_level: the document says EQF 7, the batch was anchored for EQF 4" in out
    assert run("verify", str(path), "--json", "--rpc-url", bk_chain.url) == 1
    verdict = json.loads(capsys.readouterr().out)
    assert (verdict["status"], verdict["field"], verdict["code"]) == ("mismatch", "eqf_level",
                                                                      257)


def test_issue_keeps_receipts_of_documents_with_the_same_id(tmp_path, chain_args, registry,
                                                            bk_chain, capsys):
    first, second = sample_documents(2, seed=51)
    twin = {**second.to_dict(), "diploma_id": first.diploma_id}
    (tmp_path / "docs.json").write_text(json.dumps([first.to_dict(), twin]))
    out = tmp_path / "out"
    assert run("issue", str(tmp_path / "docs.json"), "--out", str(out), "--dev-account", "3",
               *chain_args) == 0
    paths = sorted(out.glob("*.receipt.json"))
    assert len(paths) == 2
    names = {json.loads(p.read_text())["document"]["family_name"] for p in paths}
    assert names == {first.family_name, second.family_name}
    for path in paths:
        assert run("verify", str(path), "--rpc-url", bk_chain.url) == 0


def test_issue_refuses_existing_receipt_files_before_sending(tmp_path, chain_args, registry,
                                                             capsys):
    docs = sample_documents(2, seed=52)
    (tmp_path / "docs.json").write_text(json.dumps([d.to_dict() for d in docs]))
    out = tmp_path / "out"
    out.mkdir()
    existing = out / f"{docs[1].diploma_id}.receipt.json"
    existing.write_text("precious")
    before = _batches(registry)
    assert run("issue", str(tmp_path / "docs.json"), "--out", str(out), "--dev-account", "3",
               *chain_args) == 2
    assert str(existing) in capsys.readouterr().err
    assert existing.read_text() == "precious"
    assert sorted(out.iterdir()) == [existing]
    assert _batches(registry) == before


def test_issue_with_unwritable_out_sends_nothing(tmp_path, chain_args, registry, capsys):
    (tmp_path / "doc.json").write_text(json.dumps(sample_documents(1, seed=53)[0].to_dict()))
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    before = _batches(registry)
    for out in (blocker, blocker / "sub"):
        assert run("issue", str(tmp_path / "doc.json"), "--out", str(out), "--dev-account",
                   "3", *chain_args) == 2
        err = capsys.readouterr().err
        assert err.startswith("error: ") and str(blocker) in err and err.count("\n") == 1
    assert _batches(registry) == before


def test_issue_refused_by_the_contract_writes_no_receipts(tmp_path, chain_args, registry,
                                                          capsys):
    (tmp_path / "doc.json").write_text(json.dumps(sample_documents(1, seed=54)[0].to_dict()))
    out = tmp_path / "out"
    assert run("issue", str(tmp_path / "doc.json"), "--out", str(out), "--dev-account", "7",
               *chain_args) == 1
    assert "DiplomaRegistryIssuerNotAccredited" in capsys.readouterr().err
    assert not out.exists() or not list(out.iterdir())
    assert run("issue", str(tmp_path / "doc.json"), "--out", str(out), "--dev-account", "3",
               "--expires-at", "-1", *chain_args) == 2
    assert "expires_at" in capsys.readouterr().err


def test_revoke_refuses_receipt_of_another_registry_or_chain(issued, forged, tmp_path,
                                                            chain_args, registry, capsys):
    before = len(registry.events("DiplomaRevoked"))
    assert run("revoke", str(forged), "--reason", "fraud", "--dev-account", "3",
               *chain_args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(forged) in err and "registry" in err
    data = json.loads(issued[0].read_text())
    data["chain_id"] = 1
    other_chain = tmp_path / "other-chain.json"
    other_chain.write_text(json.dumps(data))
    # the good receipt comes first: nothing may be sent before every receipt is checked
    assert run("revoke", str(issued[1]), str(other_chain), "--reason", "fraud",
               "--dev-account", "3", *chain_args) == 2
    assert "chain 1" in capsys.readouterr().err
    assert run("revoke", str(issued[1]), str(issued[1]), "--reason", "fraud",
               "--dev-account", "3", *chain_args) == 2
    assert len(registry.events("DiplomaRevoked")) == before


def test_revoke_bad_batch_root_exits_2(chain_args, capsys):
    for root in ("0x1234", "0x" + "zz" * 32):
        assert run("revoke", "--batch", root, "--reason", "fraud", "--dev-account", "3",
                   *chain_args) == 2
        assert "--batch" in capsys.readouterr().err


def test_revoke_refuses_a_receipt_whose_proof_fails(issued, tmp_path, chain_args, registry,
                                                   capsys):
    data = json.loads(issued[0].read_text())
    data["salt"] = "0x" + "01" * 32
    broken = tmp_path / "broken.receipt.json"
    broken.write_text(json.dumps(data))
    assert run("revoke", str(broken), "--reason", "fraud", "--dev-account", "3",
               *chain_args) == 2
    assert "proof" in capsys.readouterr().err
    assert not registry.events("DiplomaRevoked")
