"""``blokketen competence ...`` against the test chain: accredit, propose, validate, present,
verify (exit 0 valid, 1 not valid, 2 bad input), suspend, reinstate, revoke, reject."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from blokketen.cli.report import run_command
from blokketen.competence.cli import register
from blokketen.competence.samples import sample_claims

VERBS = ("accredit", "propose", "validate", "reject", "revoke", "suspend", "reinstate",
         "present", "verify")


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
        name="CompetenceRegistry", address=registry.address, tx_hash="0x" + "00" * 32,
        block=1, deployer=registry.address, constructor_args=[],
        code_hash=registry.expected_code.code_hash, bytecode_hash="", compiler={},
        source_hash="", deployed_at=""))
    manifest.save()
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(root))
    return root


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="blokketen")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["competence", *argv])
    return run_command(args)


@pytest.fixture
def net(bk_chain):
    return ["--rpc-url", bk_chain.url]


@pytest.fixture
def proposed(tmp_path, net, actors, capsys) -> tuple[list[Path], str]:
    """Two learners (dev accounts 7 and 8) proposed by the school (dev account 2) through the
    CLI; their receipt paths and the batch root."""
    lines = [json.dumps({"holder": account.address,
                         "claims": [c.as_dict() for c in sample_claims(20, seed=n)]},
                        ensure_ascii=False)
             for n, account in enumerate((actors.employer, actors.stranger))]
    learners = tmp_path / "leerlingen.jsonl"
    learners.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "receipts"
    assert run("propose", str(learners), "--out", str(out), "--dev-account", "2", *net) == 0, (
        capsys.readouterr().err)
    text = capsys.readouterr().out
    assert text.startswith("proposed 2 credentials, batch root 0x")
    root = text.split("batch root ")[1].split()[0]
    return sorted(out.glob("*.receipt.json")), root


def present(tmp_path, receipt: Path, net, name="p.json", audience="did:web:werkgever.be",
            nonce="n-1", account="7") -> Path:
    out = tmp_path / name
    data = json.loads(receipt.read_text())
    chosen = ",".join(str(c["index"]) for c in data["claims"][:3])
    assert run("present", str(receipt), "--disclose", chosen, "--audience", audience,
               "--nonce", nonce, "--out", str(out), "--dev-account", account, *net) == 0
    return out


def test_every_verb_has_help(capsys):
    for verb in VERBS:
        with pytest.raises(SystemExit) as done:
            run(verb, "--help")
        assert done.value.code == 0
        assert "usage: blokketen competence " + verb in capsys.readouterr().out


def test_propose_validate_present_verify(tmp_path, net, proposed, capsys):
    receipts, root = proposed
    assert run("validate", root, "--dev-account", "4", *net) == 0
    shown = present(tmp_path, receipts[0], net)
    capsys.readouterr()
    assert run("verify", str(shown), "--audience", "did:web:werkgever.be", "--nonce", "n-1",
               *net) == 0
    out = capsys.readouterr().out
    assert out.startswith("valid: 3 claims disclosed by ")
    assert out.count("[validated]") == 3
    assert run("verify", str(shown), "--audience", "did:web:ander.be", "--nonce", "n-1",
               *net) == 1
    assert "reason: signed for audience 'did:web:werkgever.be'" in capsys.readouterr().out
    assert run("verify", str(shown), "--audience", "did:web:werkgever.be", "--nonce", "n-1",
               "--json", *net) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["verdict"] == "valid" and len(verdict["claims"]) == 3
    assert verdict["institution"] == 32151


def test_suspend_shows_in_verify_and_reinstate_lifts_it(tmp_path, net, proposed, capsys):
    receipts, root = proposed
    assert run("validate", root, "--dev-account", "4", *net) == 0
    assert run("suspend", str(receipts[0]), "--dev-account", "4", *net) == 0
    shown = present(tmp_path, receipts[0], net)
    capsys.readouterr()
    args = ("--audience", "did:web:werkgever.be", "--nonce", "n-1", *net)
    assert run("verify", str(shown), *args) == 1
    assert "suspended: under-investigation" in capsys.readouterr().out
    assert run("reinstate", str(receipts[0]), "--dev-account", "5", *net) == 1
    assert "CompetenceRegistryNotSuspender" in capsys.readouterr().err
    assert run("reinstate", str(receipts[0]), "--dev-account", "4", *net) == 0
    assert run("verify", str(shown), *args) == 0
    assert run("revoke", "--batch", root, "--reason", "fraud", "--dev-account", "6", *net) == 0
    assert run("verify", str(shown), *args) == 1


def test_reject_and_pending(tmp_path, net, proposed, capsys):
    receipts, root = proposed
    shown = present(tmp_path, receipts[1], net, account="8")
    args = ("--audience", "did:web:werkgever.be", "--nonce", "n-1", *net)
    assert run("verify", str(shown), *args) == 1
    assert "pending-validation" in capsys.readouterr().out
    assert run("reject", root, "--reason", "evidence-insufficient", "--dev-account", "4",
               *net) == 0
    assert run("verify", str(shown), *args) == 1
    assert "rejected" in capsys.readouterr().out


def test_bad_input_exits_2_and_sends_nothing(tmp_path, net, proposed, capsys, bk_chain):
    receipts, root = proposed
    shown = present(tmp_path, receipts[0], net)
    data = json.loads(shown.read_text())
    data["disclosed"][0]["salt"] = "0x" + "ab" * 15
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    capsys.readouterr()
    assert run("verify", str(bad), "--audience", "a", "--nonce", "n", *net) == 2
    err = capsys.readouterr().err
    assert "disclosed[0].salt" in err and "too weak" in err
    learners = tmp_path / "bad.jsonl"
    learners.write_text('{"holder": "0x' + "12" * 20 + '", "claims": [], "naam": "Jan"}\n')
    block = bk_chain.block_number
    assert run("propose", str(learners), "--out", str(tmp_path / "x"), "--dev-account", "2",
               *net) == 2
    assert "line 1: naam" in capsys.readouterr().err
    assert bk_chain.block_number == block and not (tmp_path / "x").exists()
    assert run("present", str(receipts[0]), "--disclose", "0", "--audience", "a", "--nonce",
               "n", "--out", str(tmp_path / "q.json"), "--dev-account", "7", *net) == 2
    assert run("validate", "0x12", "--dev-account", "4", *net) == 2


def test_accredit_through_the_cli(net, actors, registry, capsys):
    assert run("accredit", actors.stranger.address, "--institution", "4711", "--framework",
               "esco:v1.2.0", "--min-level", "2", "--max-level", "3", "--dev-account", "1",
               *net) == 0
    assert registry.institution_of(actors.stranger.address) == 4711
    assert run("accredit", actors.stranger.address, "--institution", "4711", "--framework",
               "esco:v1.2.0", "--min-level", "2", "--max-level", "3", "--dev-account", "8",
               *net) == 1
    assert "AccessControlUnauthorizedAccount" in capsys.readouterr().err


def test_propose_a_spreadsheet_export(tmp_path, net, actors, capsys):
    sheet = tmp_path / "leerlingen.csv"
    sheet.write_bytes(
        "\ufeffhouder;kader;code;soort;leerresultaat;niveau;beoordeeld_op;authenticiteit\r\n"
        f"{actors.employer.address};Competent;H230201;vaardigheid;bovenfreesmachine "
        "instellen en bedienen;3;12/05/2026;authentiek\r\n".encode())
    out = tmp_path / "receipts"
    assert run("propose", str(sheet), "--out", str(out), "--dev-account", "2", *net) == 0
    assert capsys.readouterr().out.startswith("proposed 1 credentials")
    bad = tmp_path / "slecht.csv"
    bad.write_text("houder;kader;code;soort;leerresultaat;niveau;beoordeeld_op;authenticiteit\n"
                   f"{actors.employer.address};Competent;H230201;vaardigheid;frezen;3,5;"
                   "12/05/2026;authentiek\n", encoding="utf-8")
    assert run("propose", str(bad), "--out", str(tmp_path / "x"), "--dev-account", "2",
               *net) == 2
    assert "slecht.csv:2: niveau: '3,5' is not a whole number" in capsys.readouterr().err
