"""Every ```python example in README.md runs, so the documentation cannot drift."""

from __future__ import annotations

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


def test_readme_has_examples():
    assert len(BLOCKS) >= 5


@pytest.mark.parametrize("index", range(len(BLOCKS)), ids=_title)
def test_readme_example_runs(index, tmp_path):
    script = tmp_path / "example.py"
    script.write_text(BLOCKS[index])
    result = subprocess.run([sys.executable, str(script)], cwd=README.parent,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"README example {index} failed:\n{result.stderr[-3000:]}"
    assert "Traceback" not in result.stderr
