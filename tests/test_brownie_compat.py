"""Brownie works on the same project offline: compile, run a script, run a test suite.

Brownie is run as a subprocess, as a user would, with SOLCX_BINARY_PATH naming the
project's solc shim (no native solc can be downloaded here) and anvil on PATH.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from blokketen.toolchain.shim import install_shim

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def brownie_env(project) -> dict[str, str]:
    shim = install_shim(project)
    venv_bin = str(Path(sys.executable).parent)
    env = dict(os.environ)
    env["SOLCX_BINARY_PATH"] = str(shim.parent)
    env["PATH"] = os.pathsep.join([venv_bin, str(project.node_modules / ".bin"), env["PATH"]])
    # Our pytest config keeps Brownie's plugin off; `brownie test` needs it on.
    env["PYTEST_ADDOPTS"] = "-o addopts="
    assert shutil.which("brownie", path=env["PATH"])
    return env


def brownie(project, env, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["brownie", *args], cwd=project.root, env=env, capture_output=True,
                          text=True, timeout=600)


def test_brownie_compile(project, brownie_env):
    result = brownie(project, brownie_env, "compile")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Project has been compiled" in result.stdout
    for name in ("LandRegistry", "DiplomaRegistry", "SocialRentRules"):
        assert (project.root / "build" / "contracts" / f"{name}.json").exists()


def test_brownie_run_deploy_script(project, brownie_env):
    result = brownie(project, brownie_env, "run", "scripts/deploy.py")
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("LandRegistry", "DiplomaRegistry", "SocialRentRules"):
        assert f"{name} deployed at 0x" in result.stdout


def test_brownie_test_suite(project, brownie_env):
    result = brownie(project, brownie_env, "test", "tests/brownie")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
