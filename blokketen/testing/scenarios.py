"""Pytest collection of social-rent scenario files, opt-in per project.

Only files matching the ini option ``blokketen_scenarios`` (glob patterns relative to the
rootdir, e.g. ``blokketen_scenarios = ["tests/scenarios/*.yaml"]`` in pyproject.toml, or
``-o blokketen_scenarios=tests/scenarios/*.yaml``) are collected; without it, no YAML file of
a project that merely installs Blokketen becomes a test. One test item per case and per
timeline; each computes the reference and the on-chain rent (through the session chain
``bk_chain``) and compares both with ``expect``. An invalid file is one failing item that
names the file, case and field.

The Blokketen plugin hooks this in with::

    from blokketen.testing import scenarios

    def pytest_addoption(parser):
        ...
        scenarios.pytest_addoption(parser)

    pytest_collect_file = scenarios.pytest_collect_file
"""

from __future__ import annotations

import glob
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.housing.replay import ChainReplayer
    from blokketen.housing.scenarios import Row, Scenario

__all__ = [
    "INI_OPTION",
    "ScenarioFile",
    "is_scenario_file",
    "pytest_addoption",
    "pytest_collect_file",
    "scenario_files",
]

INI_OPTION = "blokketen_scenarios"

_REPLAYER = pytest.StashKey["ChainReplayer"]()
_FILES = pytest.StashKey[frozenset[Path]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register the ini option ``blokketen_scenarios`` (empty: no scenario is collected)."""
    parser.addini(
        INI_OPTION,
        "glob patterns, relative to the rootdir, of Blokketen social-rent scenario files to "
        "collect as tests (default: none)",
        type="args",
        default=[],
    )


def scenario_files(config: pytest.Config) -> frozenset[Path]:
    """The files the ``blokketen_scenarios`` patterns match (resolved; computed once)."""
    found = config.stash.get(_FILES, None)
    if found is None:
        try:
            patterns: list[str] = list(config.getini(INI_OPTION))
        except ValueError:  # not registered (yet): nothing is opted in
            return frozenset()
        root = config.rootpath
        found = frozenset(
            (root / name).resolve()
            for pattern in patterns
            for name in glob.glob(pattern, root_dir=root, recursive=True)
            if (root / name).is_file()
        )
        config.stash[_FILES] = found
    return found


def is_scenario_file(file_path: Path, config: pytest.Config) -> bool:
    """Whether ``file_path`` is one of the opted-in scenario files."""
    return file_path.resolve() in scenario_files(config)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> ScenarioFile | None:
    """Collect the files matching ``blokketen_scenarios`` as :class:`ScenarioFile`."""
    if file_path.suffix in (".yaml", ".yml") and is_scenario_file(file_path, parent.config):
        collected: ScenarioFile = ScenarioFile.from_parent(parent, path=file_path)
        return collected
    return None


class ScenarioFile(pytest.File):
    """A scenario file: its cases and timelines become test functions."""

    def collect(self) -> Iterator[pytest.Item]:
        from blokketen.housing.scenarios import ScenarioError, load_scenario

        try:
            scenario = load_scenario(self.path)
        except ScenarioError as exc:
            message = str(exc)

            def invalid() -> None:
                pytest.fail(f"invalid scenario file: {message}", pytrace=False)

            yield pytest.Function.from_parent(self, name="invalid", callobj=invalid)
            return
        for case in scenario.cases:
            yield pytest.Function.from_parent(
                self, name=f"case[{case.name}]", callobj=_case_test(scenario, case.name))
        for timeline in scenario.timelines:
            yield pytest.Function.from_parent(
                self, name=f"timeline[{timeline.name}]",
                callobj=_timeline_test(scenario, timeline.name))


def _replayer(config: pytest.Config, chain: Chain, accounts: list[LocalAccount]) -> ChainReplayer:
    """One SocialRentRules per session (redeployed if a snapshot revert removed it): dev
    account 0 administers, publishes and registers, dev account 1 keeps the leases."""
    from blokketen.housing.replay import ChainReplayer

    replayer = config.stash.get(_REPLAYER, None)
    if replayer is not None and replayer.client.chain is chain and chain.code(
        replayer.client.address
    ):
        return replayer
    replayer = ChainReplayer.deploy(chain, accounts[0], landlord=accounts[1])
    config.stash[_REPLAYER] = replayer
    return replayer


def _check(rows: list[Row]) -> None:
    from blokketen.housing.types import format_cents

    bad = [r for r in rows if not r.ok]
    if bad:
        lines = [
            f"{r.name}: expected {format_cents(r.expected)}, reference "
            f"{'-' if r.reference is None else format_cents(r.reference)}, on-chain "
            f"{'-' if r.onchain is None else format_cents(r.onchain)}: {r.verdict}"
            for r in bad
        ]
        pytest.fail("\n".join(lines), pytrace=False)


def _case_test(scenario: Scenario, name: str) -> Callable[..., None]:
    def test(bk_project: Any, bk_chain: Chain, bk_accounts: list[LocalAccount],
             request: Any) -> None:
        from dataclasses import replace

        replayer = _replayer(request.config, bk_chain, bk_accounts)
        only = replace(scenario, cases=tuple(c for c in scenario.cases if c.name == name),
                       timelines=())
        _check(replayer.cases(only))

    return test


def _timeline_test(scenario: Scenario, name: str) -> Callable[..., None]:
    def test(bk_project: Any, bk_chain: Chain, bk_accounts: list[LocalAccount],
             request: Any) -> None:
        replayer = _replayer(request.config, bk_chain, bk_accounts)
        (timeline,) = [t for t in scenario.timelines if t.name == name]
        _check(replayer.timeline(scenario, timeline))

    return test
