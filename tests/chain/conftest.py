"""Fixtures of the network tests: the project's geth, or a skip (a failure in CI) saying why."""

from __future__ import annotations

from pathlib import Path

import pytest

from blokketen._exceptions import GethUnavailable
from blokketen.chain.geth import REQUIRE_ENV, ensure_geth, required
from blokketen.project import Project


@pytest.fixture(scope="session")
def geth() -> Path:
    """geth 1.13.15, built on first use. Where it cannot be had the test is skipped with
    the reason, unless BLOKKETEN_REQUIRE_NETWORK=1 (set by .ci/run) turns that into a failure."""
    try:
        path = ensure_geth(Project.find().root).path
    except GethUnavailable as err:
        if required():
            pytest.fail(f"{REQUIRE_ENV}=1 and geth is not available: {err}", pytrace=False)
        pytest.skip(f"geth is not available, so the network tests cannot run: {err}")
    assert path.is_file(), f"geth was reported built but {path} is missing"
    return path
