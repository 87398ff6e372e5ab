"""Fixtures of the shared blocks' tests: harness contracts deployed once per module."""

from harness import _isolate, cast, leaves_contract, registry, wallet  # noqa: F401
