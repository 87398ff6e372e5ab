"""The Python examples of docs/diploma.md run as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "diploma.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_there_are_examples():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_example_runs(bk_project, index, capsys):
    exec(compile(EXAMPLES[index], f"{DOC.name} example {index + 1}", "exec"), {})
    assert capsys.readouterr().out
