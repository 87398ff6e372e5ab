"""Brownie works on the same project offline: compile, run a script, run a test suite.

Brownie is run as a subprocess, as a user would: ``brownie compile`` plainly (with
SOLCX_BINARY_PATH naming the project's solc shim, since no native solc can be downloaded
here), and ``run`` and ``test`` through ``blokketen brownie``, which
gives Brownie's node a free port (so two runs never share 8545) and makes ``brownie run``
work from a folder whose path has a dot in it. The script runs both from this checkout and
from a copy under such a folder, wherever this checkout lives.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from blokketen.project import Project
from blokketen.toolchain.brownie_route import (
    DottedPathFinder,
    brownie_module_name,
    free_port,
    install_finder,
    prepare_environment,
)

pytestmark = pytest.mark.slow
WRAPPER = [sys.executable, "-m", "blokketen", "brownie"]
BROWNIE_FILES = ("brownie-config.yaml", "package.json", "contracts", "scripts", "tests/brownie")


@pytest.fixture(scope="module")
def brownie_env(project) -> dict[str, str]:
    env = prepare_environment(project, dict(os.environ))
    assert shutil.which("brownie", path=env["PATH"])
    return env


@pytest.fixture(scope="module")
def dotted_copy(project, tmp_path_factory) -> Project:
    """The project's Brownie files under ``<tmp>/jan.peeters/v1.2/blokketen``."""
    root = tmp_path_factory.mktemp("home") / "jan.peeters" / "v1.2" / "blokketen"
    for name in BROWNIE_FILES:
        source, target = project.root / name, root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)
    (root / "node_modules").symlink_to(project.node_modules)
    return Project(root)


def run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


def test_brownie_compile(project, brownie_env):
    result = run(project.root, brownie_env, "brownie", "compile")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Project has been compiled" in result.stdout
    for name in ("LandRegistry", "DiplomaRegistry", "SocialRentRules"):
        assert (project.root / "build" / "contracts" / f"{name}.json").exists()


@pytest.mark.parametrize("where", ["checkout", "path with dots"])
def test_brownie_run_deploy_script(project, dotted_copy, where):
    root = project.root if where == "checkout" else dotted_copy.root
    assert where == "checkout" or any("." in folder for folder in root.parts)
    port = free_port()
    result = run(root, dict(os.environ), *WRAPPER, "--port", str(port), "run",
                 "scripts/deploy.py")
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("LandRegistry", "DiplomaRegistry", "SocialRentRules"):
        assert f"{name} deployed at 0x" in result.stdout
    # Brownie's anvil on the port given (the last or a middle argument of its command line)
    assert re.search(rf"Launching 'anvil [^']*--port {port}\b", result.stdout), result.stdout


def test_brownie_test_suite(project):
    result = run(project.root, dict(os.environ), *WRAPPER, "test", "tests/brownie")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout
    launched = re.search(r"Launching 'anvil [^']*--port (\d+)\b", result.stdout)
    assert launched and launched.group(1) != "8545"  # a free port, not Brownie's default


def test_dotted_folders_are_found_for_brownie_names(tmp_path, monkeypatch):
    """What ``brownie run`` imports: a name made of every folder of the absolute path."""
    root = tmp_path / "jan.peeters" / "blokketen"
    scripts = root / "scripts" / "v1.2"
    scripts.mkdir(parents=True)
    (root / "scripts" / "deploy.py").write_text("WHO = 'deploy'\n")
    (scripts / "migrate.py").write_text("WHO = 'migrate'\n")
    monkeypatch.setattr(sys, "path", [tmp_path.anchor, *sys.path])  # as Brownie does
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    before = set(sys.modules)
    deploy = brownie_module_name(root / "scripts" / "deploy.py")
    try:
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(deploy)
        install_finder(root)
        assert importlib.import_module(deploy).WHO == "deploy"
        migrate = importlib.import_module(brownie_module_name(scripts / "migrate.py"))
        assert migrate.WHO == "migrate" and migrate.__file__ == str(scripts / "migrate.py")
    finally:
        for name in set(sys.modules) - before:
            if name.split(".")[0] == tmp_path.parts[1]:
                del sys.modules[name]
    finder = DottedPathFinder(root)  # nothing outside the way to the project is found
    assert finder.find_spec("json.decoder") is None
    assert finder.find_spec(brownie_module_name(tmp_path / "other.py")) is None
