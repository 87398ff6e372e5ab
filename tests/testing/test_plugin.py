"""The pytest plugin, run the way an agency's own suite would use it (pytester)."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

AGENCY_TESTS = '''
import pytest

from blokketen.land.client import LandRegistry

SEEN = []


def test_chain_and_accounts(bk_chain, bk_accounts):
    assert bk_chain.is_dev and len(bk_accounts) == 10


@pytest.mark.parametrize("round_", [0, 1, 2])
def test_each_test_starts_from_the_same_state(bk_chain, bk_accounts, bk_isolated, round_):
    who = bk_accounts[9].address
    SEEN.append(bk_chain.balance(who))
    bk_chain.set_balance(who, 12345 + round_)
    assert len(set(SEEN)) == 1


def test_registries_are_deployed(bk_land, bk_diploma, bk_housing, bk_chain, bk_accounts):
    for client in (bk_land, bk_diploma, bk_housing):
        assert bk_chain.code(client.address)
        assert client.sender == bk_accounts[0]
    assert isinstance(bk_land, LandRegistry)


def test_a_failing_test_is_reported(bk_land):
    assert bk_land.address == "not this"
'''


@pytest.fixture
def agency(pytester, project, monkeypatch):
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(project.root))
    pytester.makepyfile(test_agency=AGENCY_TESTS)
    return pytester


def test_fixtures_work_in_another_project(agency):
    result = agency.runpytest_subprocess("-p", "no:pytest-brownie", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=5, failed=1)
    result.stdout.fnmatch_lines(["*test_a_failing_test_is_reported*"])


def test_fixtures_are_documented(agency):
    result = agency.runpytest_subprocess("-p", "no:pytest-brownie", "--fixtures")
    for name in ("bk_chain", "bk_accounts", "bk_isolated", "bk_land", "bk_deploy"):
        result.stdout.fnmatch_lines([f"{name}*"])
    assert "A LandRegistry for this module" in result.stdout.str()


def test_ganache_option(agency):
    agency.makepyfile(test_kind="def test_kind(bk_chain):\n"
                      "    assert bk_chain.node_kind == 'ganache'\n")
    result = agency.runpytest_subprocess("-p", "no:pytest-brownie", "--blokketen-node",
                                         "ganache", "test_kind.py")
    result.assert_outcomes(passed=1)
