"""scripts/demo.py and scripts/deploy.py as plain Python (Brownie runs them in
tests/test_brownie_compat.py), and the demo's promise: it starts and stops its own chain."""

from __future__ import annotations

import subprocess
import sys

from blokketen.chain import LocalNode


def test_demo_runs_every_pilot_and_stops_its_chain(project):
    before = subprocess.run(["pgrep", "-c", "anvil"], capture_output=True, text=True).stdout
    result = subprocess.run([sys.executable, "scripts/demo.py"], cwd=project.root,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = result.stdout[result.stdout.index("== summary"):]
    assert summary.count(": ran on 0x") == 3, summary
    after = subprocess.run(["pgrep", "-c", "anvil"], capture_output=True, text=True).stdout
    assert int(after or 0) <= int(before or 0)


def test_deploy_script_as_plain_python(project):
    with LocalNode() as node:
        result = subprocess.run(
            [sys.executable, "scripts/deploy.py", "--network", node.url],
            cwd=project.root, capture_output=True, text=True, timeout=300,
        )
    assert result.returncode == 0, result.stderr
    assert "LandRegistry" in result.stdout and "deployed" in result.stdout
