"""Fixtures of the shared blocks' tests: harness contracts deployed once per module."""

from pathlib import Path

import harness
from harness import _isolate, cast, leaves_contract, registry, wallet  # noqa: F401

# the harness beside this file, not another module of that name earlier on the path
assert Path(harness.__file__).parent == Path(__file__).parent
