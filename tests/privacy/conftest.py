"""The privacy tests borrow the shared blocks' harness registry and cast."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "common"))

import harness  # noqa: E402
from harness import _isolate, cast, registry  # noqa: E402,F401

# the shared blocks' harness, not another module of that name earlier on the path
assert Path(harness.__file__).parent == Path(__file__).resolve().parent.parent / "common"
