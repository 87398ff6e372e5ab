"""The pilot demo: `python scripts/demo.py` or `brownie run scripts/demo.py`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from blokketen.demo import run  # noqa: E402
from blokketen.project import Project  # noqa: E402


def main() -> int:
    run(Project.find(Path(__file__).resolve().parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
