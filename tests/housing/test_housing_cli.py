"""`blokketen replay` and `blokketen housing params|rent|publish` through the real entry
point: exit codes, one-line errors for bad input, and what they change on chain."""

from __future__ import annotations

from pathlib import Path

import pytest
from housingkit import leefloon_only

from blokketen.cli.main import main
from blokketen.housing.client import SocialRentRules
from blokketen.housing.params import rule_set
from blokketen.housing.rules import rent
from blokketen.housing.types import Dwelling, Household

SCENARIO = Path(__file__).parents[1] / "scenarios" / "worked-examples-2023.yaml"
LEEFLOON = ["--set", "leefloon_annual.single=14000", "--set", "leefloon_annual.cohabiting=9000",
            "--set", "leefloon_annual.family=18000"]
RENT = ["housing", "rent", "2023", "--category", "single", "--income", "18000",
        "--base-rent", "550", "--patrimony-discount", "40", *LEEFLOON]


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture
def register(bk_project, bk_chain, bk_accounts):
    """A register in use: admin = dev account 0 (the CLI's default sender), 2023 published."""
    admin = bk_accounts[0]
    client = SocialRentRules.deploy(bk_chain, admin, admin.address)
    client.grant_role("rule_admin", bk_accounts[1].address)
    client.as_sender(bk_accounts[1]).publish_rules(rule_set(2023, leefloon_only()))
    return client


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse refusing the command line
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str, *needles: str) -> None:
    lines = [line for line in err.splitlines()
             if line.startswith(("error", "invalid", "reverted"))]
    assert len(lines) == 1 and "Traceback" not in err, err
    for needle in needles:
        assert needle in lines[0], err


# ---------------------------------------------------------------------- replay


def test_replay_has_no_address_option(capsys, register):
    code, _, err = run(capsys, "replay", "--address", register.address, str(SCENARIO))
    assert code == 2 and "unrecognized arguments: --address" in err


def test_replay_leaves_a_register_on_the_same_chain_alone(capsys, register, bk_chain):
    leases = register._call("leaseCount")
    code, out, _ = run(capsys, "replay", "--network", bk_chain.url, str(SCENARIO),
                       str(SCENARIO.with_name("timelines-2023-2024.yaml")))
    assert code == 0 and "MISMATCH" not in out
    assert register.latest_version(2023) == 1 and register.latest_version(2024) == 0
    assert register._call("leaseCount") == leases == 0


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["missing.yaml"], ["missing.yaml"]),
        (["--network", "http://127.0.0.1:1", str(SCENARIO)], ["127.0.0.1:1"]),
        (["--dev-account", "100", str(SCENARIO)], ["--dev-account"]),
    ],
)
def test_replay_bad_input_is_one_line_exit_2(capsys, bk_chain, args, needles):
    extra = [] if "--network" in args else ["--network", bk_chain.url]
    code, _, err = run(capsys, "replay", *extra, *args)
    assert code == 2
    one_line_error(err, *needles)


# ---------------------------------------------------------------------- housing params


def test_params_bad_year_exit_2(capsys):
    for year in ("70000", "twenty"):
        code, _, err = run(capsys, "housing", "params", year)
        assert code == 2 and "a rule year from 1900 to 9999" in err


# ---------------------------------------------------------------------- housing rent


def test_rent_on_chain_equals_the_reference(capsys, register, bk_chain):
    code, out, err = run(capsys, *RENT, "--on-chain", "--network", bk_chain.url,
                         "--address", register.address)
    assert code == 0, err
    reference, onchain = out.splitlines()
    assert reference.startswith("reference:") and onchain.startswith("on-chain:")
    assert reference.split(":", 1)[1] == onchain.split(":", 1)[1]
    expected = rent(rule_set(2023, leefloon_only()), Household("single", 1_800_000),
                    Dwelling(55_000, 4_000))
    assert expected.rent == 28_727 and onchain.endswith("rent 287.27")


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--on-chain", "--address", "xyz"], ["--address", "not an address", "xyz"]),
        (["--address", "0x" + "11" * 20], ["--address", "only with --on-chain"]),
        (["--on-chain", "--address", "0x" + "11" * 20], ["--address", "no contract"]),
        (["--on-chain", "--network", "http://127.0.0.1:1"], ["127.0.0.1:1"]),
        (["--income", "18k"], ["--income"]),
        (["--dependants", "-1"], ["household.dependants"]),
        (["--patrimony-discount", "160.01"], ["dwelling.patrimony_discount"]),
        (["--set", "min_rent.low"], ["--set", "NAME=VALUE"]),
        (["--set", "min_rent.low=abc"], ["--set min_rent.low", "not a number"]),
        (["--set", "rent.low=1"], ["--set.rent", "unknown parameter"]),
    ],
)
def test_rent_bad_input_is_one_line_exit_2(capsys, bk_chain, args, needles):
    extra = [] if "--network" in args else ["--network", bk_chain.url]
    code, _, err = run(capsys, *RENT, *extra, *args)
    assert code == 2
    one_line_error(err, *needles)


def test_rent_bad_year_exit_2(capsys):
    code, _, err = run(capsys, "housing", "rent", "70000", *RENT[3:])
    assert code == 2 and "a rule year from 1900 to 9999" in err


# ---------------------------------------------------------------------- housing publish


def test_publish_needs_the_rule_admin_role_then_publishes(capsys, register, bk_chain,
                                                          bk_accounts):
    where = ["--network", bk_chain.url, "--address", register.address]
    fill = ["--set", "min_rent.low=139", "--set", "patrimony_discount_max=160"]
    code, _, err = run(capsys, "housing", "publish", "2024", *where, *LEEFLOON, *fill)
    assert code == 2
    one_line_error(err, "does not hold RULE_ADMIN_ROLE", bk_accounts[0].address)
    assert register.latest_version(2024) == 0

    register.grant_role("rule_admin", bk_accounts[0].address)  # dev account 0: the default
    code, out, err = run(capsys, "housing", "publish", "2024", *where, *LEEFLOON, *fill)
    assert code == 0, err
    assert out.startswith("published rule year 2024 version 1 (")
    published = register.rule_set(2024)
    assert published.rules.parameters == rule_set(2024, _overrides(LEEFLOON + fill)).parameters

    code, _, err = run(capsys, "housing", "publish", "2024", *where, *LEEFLOON, *fill)
    assert code == 1  # the contract refused: exit 1, as for every revert
    one_line_error(err, "SocialRentRulesCorrectionWithoutReason")
    code, out, err = run(capsys, "housing", "publish", "2024", *where, *LEEFLOON,
                         "--set", "min_rent.low=140", "--reason", "MHP corrected")
    assert code == 0 and "version 2" in out, err
    assert register.rule_set(2024, 2).rules.parameters.min_rent_low == 14_000
    assert register.rule_set(2024, 2).reason_hash != bytes(32)

    code, _, err = run(capsys, "housing", "publish", "2024", *where, "--dev-account", "2",
                       *LEEFLOON, "--reason", "x")
    assert code == 2
    one_line_error(err, "does not hold RULE_ADMIN_ROLE", bk_accounts[2].address)


def _overrides(pairs: list[str]):
    from blokketen.housing.cli import _overrides as parse

    return parse([p for p in pairs if p != "--set"])


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--address", "xyz"], ["--address", "not an address"]),
        (["--address", "0x" + "11" * 20], ["--address", "no contract"]),
        (["--set", "divisors=55,54"], ["divisors"]),
        (["--set", "min_rent.low=1.001"], ["min_rent.low"]),
        (["--network", "http://127.0.0.1:1"], ["127.0.0.1:1"]),
        (["--dev-account", "100"], ["--dev-account"]),
        (["--reason", "x", "--keystore", "nope.json", "--dev-account", "1"], ["--dev-account"]),
    ],
)
def test_publish_bad_input_is_one_line_exit_2(capsys, register, bk_chain, args, needles):
    extra = [] if "--network" in args else ["--network", bk_chain.url]
    extra += [] if "--address" in args else ["--address", register.address]
    code, _, err = run(capsys, "housing", "publish", "2023", *extra, *LEEFLOON, *args)
    assert code == 2
    one_line_error(err, *needles)
    assert register.latest_version(2023) == 1


def test_publish_bad_year_exit_2(capsys):
    code, _, err = run(capsys, "housing", "publish", "70000")
    assert code == 2 and "a rule year from 1900 to 9999" in err
