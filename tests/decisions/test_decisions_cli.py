"""``blokketen decisions ...`` against the test chain: the whole flow through the command
line, verify's exit codes (0 valid, 1 not valid with the reason, 2 bad input, nothing sent),
and --help on every verb."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from blokketen.cli.report import run_command
from blokketen.decisions.cli import register
from blokketen.decisions.samples import COUNCIL, sample_path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "decisions"
VERBS = ("register-body", "grant", "anchor", "sign", "publish", "amend", "retract", "complain",
         "annul", "checkpoint", "verify")
PUBLISHER, GOVERNOR, CHAIR, SECRETARY, BODY_ADMIN, REGISTRAR = "2", "3", "4", "5", "6", "1"
DECISION = "http://data.lblod.info/id/besluiten/2026_GR_00032"
HASH = "0x" + "ab" * 32


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture(autouse=True)
def manifest_project(tmp_path, monkeypatch, registry, bk_chain):
    from blokketen.deploy.manifest import DeploymentRecord, Manifest

    root = tmp_path / "project"
    (root / "contracts").mkdir(parents=True)
    (root / "package.json").write_text("{}")
    manifest = Manifest.load(root / "deployments", bk_chain.chain_id)
    manifest.record(DeploymentRecord(
        name="LocalDecisionRegistry", address=registry.address, tx_hash="0x" + "00" * 32,
        block=1, deployer=registry.address, constructor_args=[],
        code_hash=registry.expected_code.code_hash, bytecode_hash="", compiler={},
        source_hash="", deployed_at=""))
    manifest.save()
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(root))
    return root


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="blokketen")
    register(parser.add_subparsers(dest="command", required=True))
    return run_command(parser.parse_args(["decisions", *argv]))


@pytest.fixture
def net(registry, bk_chain):
    return ["--rpc-url", bk_chain.url, "--address", registry.address]


@pytest.fixture
def council(net, capsys):
    """The council's decision list anchored, signed and published through the CLI."""
    page = str(sample_path("gr-2026-02-24-besluitenlijst.html"))
    assert run("anchor", page, "--dev-account", PUBLISHER, *net) == 0
    assert run("sign", page, "--role", "chair", "--dev-account", CHAIR, *net) == 0
    assert run("sign", page, "--role", "secretary", "--dev-account", SECRETARY, *net) == 0
    assert run("publish", page, "--dev-account", PUBLISHER, *net) == 0
    out = capsys.readouterr().out
    assert "anchored besluitenlijst version 1" in out and "signed besluitenlijst" in out
    return page


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help(verb, capsys):
    with pytest.raises(SystemExit) as done:
        run(verb, "--help")
    assert done.value.code == 0
    assert "usage: blokketen decisions " + verb in capsys.readouterr().out


def test_verify_a_published_decision(council, net, capsys):
    assert run("verify", council, "--decision", DECISION, *net) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"valid: {DECISION}")
    assert "mandates held when signing" in out and "identical to the anchored HTML" in out
    assert run("verify", council, "--decision", DECISION, "--json", *net) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["valid"] and verdict["status"] == "active" and verdict["version"] == 1


def test_verify_every_decision_of_a_page(council, net, capsys):
    assert run("verify", council, *net) == 0
    out = capsys.readouterr().out
    assert out.count("valid: http://data.lblod.info/id/besluiten/") == 3
    assert run("verify", council, "--json", *net) == 0
    assert [v["valid"] for v in json.loads(capsys.readouterr().out)] == [True, True, True]
    assert run("annul", council, "--decision", DECISION, "--decision-ref", HASH,
               "--dev-account", GOVERNOR, *net) == 0
    capsys.readouterr()
    assert run("verify", council, *net) == 1
    out = capsys.readouterr().out
    assert out.count("valid: ") == 2 and f"annulled: {DECISION}" in out


def test_verify_an_annulled_decision_exits_1(council, net, capsys):
    assert run("annul", council, "--decision", DECISION, "--decision-ref", HASH,
               "--dev-account", GOVERNOR, *net) == 0
    capsys.readouterr()
    assert run("verify", council, "--decision", DECISION, *net) == 1
    out = capsys.readouterr().out
    assert out.startswith("annulled:") and "supervisory authority" in out


def test_verify_a_page_the_chain_never_saw_exits_1(net, capsys):
    page = str(sample_path("cbs-2026-03-02-besluitenlijst.html"))
    assert run("verify", page, "--decision",
               "http://data.lblod.info/id/besluiten/2026_CBS_00412", *net) == 1
    assert "holds no besluitenlijst" in capsys.readouterr().out


def test_bad_input_exits_2_and_names_the_field(council, net, capsys, registry):
    events = len(registry.events())
    bad = str(FIXTURES / "gr-2026-02-24-zonder-titel.html")
    assert run("verify", bad, "--decision", DECISION, *net) == 2
    assert "eli:title" in capsys.readouterr().err
    assert run("anchor", bad, "--kind", "notulen", "--dev-account", PUBLISHER, *net) == 2
    assert run("verify", council, "--decision", "http://data.lblod.info/id/besluiten/x",
               *net) == 2
    assert "decision:" in capsys.readouterr().err
    assert run("verify", council, "--decision", DECISION, "--at", "gisteren", *net) == 2
    assert "--at" in capsys.readouterr().err
    assert run("verify", council, "--kind", "brief", *net) == 2
    assert run("annul", council, "--decision", DECISION, "--decision-ref", "0x00",
               "--dev-account", GOVERNOR, *net) == 2
    assert run("verify", council, "--decision", DECISION, "--rpc-url", net[1], "--address",
               "0x" + "12" * 20) == 2
    assert len(registry.events()) == events


def test_refusals_on_chain_exit_1(council, net, capsys):
    assert run("publish", council, "--dev-account", PUBLISHER, *net) == 1
    assert "LocalDecisionRegistryAlreadyPublished" in capsys.readouterr().err
    assert run("annul", council, "--decision", DECISION, "--decision-ref", HASH,
               "--dev-account", CHAIR, *net) == 1
    assert "AccessControlUnauthorizedAccount" in capsys.readouterr().err


def test_amend_retract_complain_grant_register(council, net, capsys):
    minutes = [str(sample_path(f"gr-2026-02-24-notulen-v{n}.html")) for n in (1, 2)]
    for page in minutes:
        assert run("amend" if page.endswith("v2.html") else "anchor", page, "--kind",
                   "notulen", "--dev-account", PUBLISHER, *net) == 0
        for role, who in (("chair", CHAIR), ("secretary", SECRETARY)):
            assert run("sign", page, "--kind", "notulen", "--role", role, "--dev-account",
                       who, *net) == 0
        assert run("publish", page, "--kind", "notulen", "--dev-account", PUBLISHER, *net) == 0
    capsys.readouterr()
    assert run("verify", minutes[0], "--kind", "notulen", "--decision", DECISION, *net) == 1
    assert "superseded" in capsys.readouterr().out
    assert run("complain", council, "--decision", DECISION, "--receipt-hash", HASH,
               "--dev-account", GOVERNOR, *net) == 0
    assert "in time" in capsys.readouterr().out
    assert run("retract", council, "--reason-hash", HASH, "--dev-account", BODY_ADMIN,
               *net) == 0
    assert run("verify", council, "--decision", DECISION, *net) == 1
    assert "retracted" in capsys.readouterr().out
    body = "http://data.lblod.info/id/bestuursorganen/heuvelbeke-ocmw-raad-2025-2030"
    assert run("register-body", body, "--dev-account", REGISTRAR, *net) == 0
    assert run("grant", body, "--role", "chair", "--holder", "0x" + "34" * 20,
               "--until", "2031-01-01T00:00+01:00", "--dev-account", REGISTRAR, *net) == 0
    assert run("grant", COUNCIL, "--role", "chair", "--holder", "nope", "--dev-account",
               REGISTRAR, *net) == 2


def test_checkpoints_of_a_stream(net, capsys, registry):
    pages = [str(sample_path(name)) for name in (
        "gr-2026-02-24-besluitenlijst.html", "cbs-2026-03-02-besluitenlijst.html",
        "gr-2026-02-24-notulen-v1.html")]
    stream = "https://www.heuvelbeke.be/ldes/besluiten"
    assert run("checkpoint", *pages, "--stream", stream, "--every", "2",
               "--dev-account", PUBLISHER, *net) == 0
    out = capsys.readouterr().out
    assert "members 0..1" in out and "members 2..2" in out
    assert run("checkpoint", pages[0], "--stream", stream, "--dev-account", PUBLISHER,
               *net) == 0
    assert "members 3..3" in capsys.readouterr().out


def test_verify_as_of_a_time_before_the_annulment(council, net, capsys, bk_chain):
    before = bk_chain.timestamp()
    bk_chain.increase_time(60)
    assert run("annul", council, "--decision", DECISION, "--decision-ref", HASH,
               "--dev-account", GOVERNOR, *net) == 0
    assert run("verify", council, "--decision", DECISION, "--at", str(before), *net) == 0
    assert run("verify", council, "--decision", DECISION, *net) == 1


def test_a_wallet_signs_the_printed_message_and_a_relayer_submits_it(net, capsys, actors,
                                                                     registry):
    """The signer's key never meets the tool: `sign --typed-data` prints the EIP-712 message,
    a wallet (here eth-account's sign_typed_data) signs it, the publisher relays it."""
    from eth_account import Account

    page = str(sample_path("gr-2026-02-24-besluitenlijst.html"))
    assert run("anchor", page, "--dev-account", PUBLISHER, *net) == 0
    capsys.readouterr()
    for role, key in (("chair", actors.chair), ("secretary", actors.secretary)):
        assert run("sign", page, "--role", role, "--typed-data", "--signer", key.address,
                   *net) == 0
        message = json.loads(capsys.readouterr().out)
        assert message["primaryType"] == "SignDocument"
        signed = Account.sign_typed_data(key.key, full_message=message)
        assert run("sign", page, "--role", role, "--signer", key.address, "--signature",
                   "0x" + bytes(signed.signature).hex(), "--nonce",
                   str(message["message"]["nonce"]), "--deadline",
                   str(message["message"]["deadline"]), "--dev-account", PUBLISHER, *net) == 0
        assert f"signed besluitenlijst version 1 as {role}" in capsys.readouterr().out
    assert run("publish", page, "--dev-account", PUBLISHER, *net) == 0
    assert run("verify", page, "--decision", DECISION, *net) == 0
    assert run("sign", page, "--role", "chair", "--typed-data", *net) == 2
