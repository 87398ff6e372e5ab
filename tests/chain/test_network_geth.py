"""Building geth: the pinned version, the linker flag newer Go needs, and a clear answer
(a skip, or a failure in CI) where Go is missing."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from blokketen import _exceptions as exc
from blokketen.chain import geth as geth_module
from blokketen.chain.geth import GETH_VERSION, binary_version, build_command, ensure_geth


def test_the_project_geth_is_the_pinned_release(geth):
    assert binary_version(geth) == GETH_VERSION == "1.13.15"
    assert geth.parent.name == "bin" and geth.parent.parent.name == ".blokketen"  # git-ignored
    again = ensure_geth(geth.parent.parent.parent)
    assert not again.built and again.path == geth  # built once, then reused


@pytest.mark.parametrize(("version", "flag"), [((1, 22), False), ((1, 23), True),
                                               ((1, 26), True)])
def test_go_1_23_and_newer_link_with_checklinkname_off(monkeypatch, version, flag):
    monkeypatch.setattr(geth_module, "go_version", lambda go: version)
    command = build_command("go")
    assert ("-ldflags=-checklinkname=0" in command) is flag
    assert command[-1] == "github.com/ethereum/go-ethereum/cmd/geth@v1.13.15"


def _project_without_geth(tmp_path):
    (tmp_path / "contracts").mkdir()
    (tmp_path / "package.json").write_text("{}")
    return tmp_path


def test_without_go_the_reason_is_given(tmp_path, monkeypatch):
    root = _project_without_geth(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(exc.GethUnavailable, match="`go` is not on PATH"):
        ensure_geth(root)


@pytest.mark.parametrize(("required", "code"), [("", 0), ("1", 2)])
def test_make_geth_without_go_skips_unless_required(tmp_path, required, code):
    root = _project_without_geth(tmp_path)
    env = {**os.environ, "PATH": str(tmp_path / "empty"), "BLOKKETEN_PROJECT": str(root),
           "BLOKKETEN_REQUIRE_NETWORK": required}
    result = subprocess.run([sys.executable, "-m", "blokketen", "network", "geth"], env=env,
                            capture_output=True, text=True, timeout=60, cwd=root)
    assert result.returncode == code
    assert "`go` is not on PATH" in result.stderr
    assert ("network tests will be skipped" in result.stderr) is (code == 0)
