"""The privacy tests borrow the shared blocks' harness registry and cast."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "common"))

from harness import _isolate, cast, registry  # noqa: E402,F401
