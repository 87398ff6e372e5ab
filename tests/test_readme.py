"""Every ```python example in README.md runs, so the documentation cannot drift."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from blokketen.project import Project

README = Project.find().root / "README.md"
BLOCKS = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.DOTALL)


def _title(index: int) -> str:
    text = README.read_text()
    start = text.index(BLOCKS[index])
    headings = re.findall(r"^## (.+)$", text[:start], flags=re.MULTILINE)
    return f"{index}-{headings[-1] if headings else 'top'}"


def _need_geth() -> None:
    """The network example needs geth: skipped like the network tests where it cannot be
    built, a failure where BLOKKETEN_REQUIRE_NETWORK=1 (CI)."""
    from blokketen._exceptions import GethUnavailable
    from blokketen.chain.geth import ensure_geth, required

    try:
        ensure_geth(README.parent)
    except GethUnavailable as err:
        if required():
            pytest.fail(f"geth is required here and not available: {err}", pytrace=False)
        pytest.skip(f"geth is not available: {err}")


def test_readme_has_examples():
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=_title)
def test_readme_example_runs(index, tmp_path):
    """A plain example runs as a script; one that defines tests runs under pytest."""
    block = BLOCKS[index]
    if "LocalNetwork" in block:
        _need_geth()
    if "\ndef test_" in block:
        script = tmp_path / "test_example.py"
        command = [sys.executable, "-m", "pytest", "-q", "-p", "no:pytest-brownie",
                   "-p", "no:cacheprovider", str(script)]
    else:
        script = tmp_path / "example.py"
        command = [sys.executable, str(script)]
    script.write_text(block)
    env = {**os.environ, "BLOKKETEN_PROJECT": str(README.parent)}
    result = subprocess.run(command, cwd=tmp_path if "pytest" in command else README.parent,
                            capture_output=True, text=True, timeout=300, env=env)
    output = result.stdout[-3000:] + result.stderr[-3000:]
    assert result.returncode == 0, f"README example {index} failed:\n{output}"
    assert "Traceback" not in result.stderr
