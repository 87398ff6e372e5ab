"""``blokketen diploma issue|verify|revoke`` against the test chain."""

from __future__ import annotations

import argparse
import json

import pytest

from blokketen.cli.diploma import register
from blokketen.diploma.demo import sample_documents


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="blokketen")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["diploma", *argv])
    code: int = args.func(args)
    return code


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


def test_issue_then_verify_valid(issued, bk_chain, capsys):
    assert run("verify", str(issued[0]), "--rpc-url", bk_chain.url) == 0
    assert capsys.readouterr().out.startswith("valid: ")


def test_verify_json_output(issued, bk_chain, capsys):
    assert run("verify", str(issued[1]), "--json", "--rpc-url", bk_chain.url) == 0
    verdict = json.loads(capsys.readouterr().out)
    assert verdict["status"] == "valid" and verdict["country"] == "BE" and verdict["level"] == 7


def test_revoke_then_verify_not_valid(issued, chain_args, bk_chain, capsys):
    assert run("revoke", str(issued[0]), "--reason", "fraud", "--dev-account", "3",
               *chain_args) == 0
    assert run("verify", str(issued[0]), "--rpc-url", bk_chain.url) == 1
    out = capsys.readouterr().out
    assert "revoked: fraud" in out
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
