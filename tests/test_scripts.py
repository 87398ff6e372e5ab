"""scripts/demo.py and scripts/deploy.py as plain Python (Brownie runs them in
tests/test_brownie_compat.py), and the demo's promise: it starts and stops its own chain."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from blokketen.chain import LocalNode
from blokketen.pilots import PILOTS


def test_demo_runs_every_pilot_and_stops_its_chain(project):
    # Every process the demo starts inherits this mark; none may be left once it is done
    # (counting anvil processes machine-wide would count other runs' nodes too).
    mark = f"demo-{uuid.uuid4().hex}"
    env = {**os.environ, "BLOKKETEN_TEST_MARK": mark}
    result = subprocess.run([sys.executable, "scripts/demo.py"], cwd=project.root, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = result.stdout[result.stdout.index("== summary"):]
    assert summary.count(": ran on 0x") == len(PILOTS), summary
    assert _processes_marked(mark) == []


def _processes_marked(mark: str) -> list[int]:
    """Processes still alive whose environment carries ``mark``."""
    found = []
    needle = f"BLOKKETEN_TEST_MARK={mark}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue  # gone, or not ours to read
        if needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def test_deploy_script_as_plain_python(project):
    with LocalNode() as node:
        result = subprocess.run(
            [sys.executable, "scripts/deploy.py", "--network", node.url],
            cwd=project.root, capture_output=True, text=True, timeout=300,
        )
    assert result.returncode == 0, result.stderr
    assert "LandRegistry" in result.stdout and "deployed" in result.stdout
