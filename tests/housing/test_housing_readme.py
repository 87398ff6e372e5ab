"""Every ```yaml block of README.md's scenario-file section is a valid scenario file whose
expectations the reference meets, so the documented format cannot drift from the loader."""

from __future__ import annotations

import re

import pytest

from blokketen.housing.replay import replay
from blokketen.housing.scenarios import load_scenario
from blokketen.project import Project

README = Project.find().root / "README.md"


def _section() -> str:
    text = README.read_text()
    start = text.index("### Scenario files (public format)")
    end = text.find("\n## ", start)
    return text[start:] if end < 0 else text[start:end]


BLOCKS = re.findall(r"```yaml\n(.*?)```", _section(), flags=re.DOTALL)


def test_the_section_has_yaml_examples():
    assert len(BLOCKS) >= 2
    assert any("timelines:" in block for block in BLOCKS)


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_yaml_block_loads_and_replays(index, tmp_path):
    path = tmp_path / f"readme-{index}.yaml"
    path.write_text(BLOCKS[index])
    scenario = load_scenario(path)
    rows = replay([scenario])
    assert len(rows) == len(scenario.cases) + sum(
        1 + len(t.events) for t in scenario.timelines)
    assert rows and all(row.ok for row in rows), [r for r in rows if not r.ok]
