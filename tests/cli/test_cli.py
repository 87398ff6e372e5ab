"""The `blokketen` command: help everywhere, each core command, one-line errors."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from blokketen.chain import Chain, LocalNode, free_port
from blokketen.cli.main import build_parser

BLOKKETEN = [sys.executable, "-m", "blokketen"]


def run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BLOKKETEN, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def _commands() -> list[list[str]]:
    """Every command and subcommand path of the parser."""
    import argparse

    paths: list[list[str]] = []

    def walk(parser: argparse.ArgumentParser, prefix: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    paths.append([*prefix, name])
                    walk(sub, [*prefix, name])

    walk(build_parser(), [])
    return paths


@pytest.mark.parametrize("command", _commands(), ids=" ".join)
def test_every_command_has_help(command):
    result = run(*command, "--help", timeout=30)
    assert result.returncode == 0, result.stderr
    assert "usage: blokketen " + " ".join(command) in result.stdout


def test_compile_reports_up_to_date(project):
    run("compile")
    result = run("compile")
    assert result.returncode == 0 and "up to date" in result.stdout


def test_compile_error_exits_nonzero_with_file_and_line(tmp_path, project):
    (tmp_path / "contracts").mkdir()
    (tmp_path / "brownie-config.yaml").write_text("{}\n")
    (tmp_path / "node_modules").symlink_to(project.node_modules)
    (tmp_path / "contracts" / "Bad.sol").write_text("pragma solidity ^0.8.24;\ncontract Bad {\n")
    result = run("compile", cwd=tmp_path)
    assert result.returncode == 2
    assert "contracts/Bad.sol:" in result.stderr and "compile error" in result.stderr


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--gas-limit", "21000", "must be at least 1000000, got 21000"),
    ("--history", "0", "must be at least 1, got 0")])
def test_node_refuses_bad_sizes_before_starting(tmp_path, option, value, message):
    done = run("node", option, value, "--state", str(tmp_path / "s.json"))
    assert done.returncode == 2 and not (tmp_path / "s.json").exists()
    assert done.stderr.strip().splitlines()[-1] == f"error: {option}: {message}"


def test_deploy_then_status_on_an_rpc_url(tmp_path):
    with LocalNode() as node:
        deployed = run("deploy", "--network", node.url)
        assert deployed.returncode == 0, deployed.stderr
        assert "LandRegistry" in deployed.stdout and "deployed" in deployed.stdout
        again = run("deploy", "--network", node.url)
        assert again.stdout.count("reused") >= 3
        status = run("status", "--network", node.url, "--json")
        data = json.loads(status.stdout)
        assert {c["state"] for c in data["contracts"]} == {"ok"}
    with LocalNode() as node:  # same chain id, fresh chain: the manifest is stale
        status = run("status", "--network", node.url)
        assert "missing (chain reset?)" in status.stdout


def test_node_command_serves_other_commands_and_stops_cleanly(tmp_path):
    port = free_port()
    state = tmp_path / "state.json"
    # started as a script starts a background job, with SIGINT ignored: it stops on it anyway
    command = [*BLOKKETEN, "node", "--port", str(port), "--state", str(state),
               "--gas-limit", "50000000", "--history", "32"]
    proc = subprocess.Popen(["sh", "-c", 'trap "" INT; exec "$@"', "sh", *command],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert f"127.0.0.1:{port}" in line
        status = run("status")  # --network local finds the running node
        assert status.returncode == 0
        assert "embedded" not in status.stderr and "chain 31337" in status.stdout
        block = Chain.connect(f"http://127.0.0.1:{port}").block("latest")
        assert int(block["gasLimit"], 16) == 50_000_000
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
    assert proc.returncode == 0
    assert state.exists()
    result = subprocess.run(["pgrep", "-f", "--", f"--port {port}"], capture_output=True)
    assert result.returncode == 1, "anvil still runs after `blokketen node` stopped"


def test_account_creates_a_keystore(tmp_path):
    key = tmp_path / "agency.json"
    result = run("account", str(key), env={"BLOKKETEN_KEYSTORE_PASSWORD": "long enough pw"})
    assert result.returncode == 0 and key.exists()
    again = run("account", str(key), env={"BLOKKETEN_KEYSTORE_PASSWORD": "long enough pw"})
    assert again.returncode == 2 and "exists already" in again.stderr


def test_deploy_with_a_keystore_on_a_non_dev_chain(tmp_path):
    from blokketen.chain import Chain, load_keystore

    key = tmp_path / "agency.json"
    env = {"BLOKKETEN_KEYSTORE_PASSWORD": "long enough pw"}
    run("account", str(key), env=env)
    account = load_keystore(key, env["BLOKKETEN_KEYSTORE_PASSWORD"])
    with LocalNode(chain_id=4242, accounts=0) as node:
        Chain.connect(node.url).set_balance(account.address, 10**21)
        refused = run("deploy", "--network", node.url)
        assert refused.returncode == 2 and "DevKeyRefused" in refused.stderr
        assert len(refused.stderr.strip().splitlines()) == 1
        deployed = run("deploy", "--network", node.url, "--keystore", str(key),
                       "--only", "LandRegistry", env=env)
        assert deployed.returncode == 0, deployed.stderr
    manifest = Path("deployments/4242.json")
    try:
        assert json.loads(manifest.read_text())["contracts"]["LandRegistry"]
    finally:
        manifest.unlink(missing_ok=True)


@pytest.mark.parametrize(
    "args, needle",
    [
        (["deploy", "--network", "http://127.0.0.1:1"], "no JSON-RPC node answers"),
        (["deploy", "--network", "ftp://x"], "rpc url must start with http"),
        (["compile", "--backend", "nope"], "invalid choice"),
        (["deploy", "--only", "LandRegistry", "Bogus"], "not a registry: Bogus"),
        (["deploy", "--only", "ILandRegistry"], "not a registry"),
        (["deploy", "--evm-version", "cancun"], "not an EVM target"),
        (["demo", "--dev-account", "1"], "give --network URL with --keystore"),
    ],
)
def test_bad_input_is_one_line_and_nonzero(args, needle):
    result = run(*args)
    assert result.returncode != 0
    assert needle in result.stderr
    assert len([ln for ln in result.stderr.splitlines() if "error" in ln]) == 1


def test_help_loads_no_heavy_module():
    """`blokketen --help` stays fast because web3, eth-account and the compiler load only when
    a command runs (benchmarks/RESULTS.md records the start-up time)."""
    probe = ("import sys; from blokketen.cli.main import build_parser; build_parser(); "
             "print(sorted(m for m in ('web3', 'eth_account', 'solcx', 'requests') "
             "if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"
