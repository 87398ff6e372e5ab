"""The Python examples of docs/land.md run as written (each starts its own anvil, in turn)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "land.md"
EXAMPLES = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_there_are_examples():
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_example_runs(bk_project, index):
    exec(compile(EXAMPLES[index], f"{DOC.name} example {index + 1}", "exec"), {})
