"""`blokketen replay` and `blokketen housing params|rent|publish` through the real entry
point: exit codes, one-line errors for bad input, and what they change on chain."""

from __future__ import annotations

from pathlib import Path

import pytest
from housingkit import leefloon_only
from trustkit import manifest_project

from blokketen.cli.main import main
from blokketen.housing.client import SocialRentRules
from blokketen.housing.params import rule_set
from blokketen.housing.pilot import ADMIN_DELAY
from blokketen.housing.rules import rent
from blokketen.housing.types import Dwelling, Household

SCENARIO = Path(__file__).parents[1] / "scenarios" / "worked-examples-2023.yaml"
LEEFLOON = ["--set", "leefloon_annual.single=14000", "--set", "leefloon_annual.cohabiting=9000",
            "--set", "leefloon_annual.family=18000"]
RENT = ["housing", "rent", "2023", "--category", "single", "--income", "18000",
        "--base-rent", "550", "--patrimony-discount", "40"]
ELIGIBILITY = ["housing", "eligibility", "2023", "--category", "other", "--income", "30000",
               "--dependants", "2"]


@pytest.fixture(autouse=True)
def _isolate(bk_isolated): ...


@pytest.fixture
def register(bk_project, bk_chain, bk_accounts):
    """A register in use: admin = dev account 0 (the CLI's default sender), 2023 published."""
    admin = bk_accounts[0]
    client = SocialRentRules.deploy(bk_chain, admin, admin.address, ADMIN_DELAY)
    client.grant_role("rule_admin", bk_accounts[1].address)
    client.as_sender(bk_accounts[1]).publish_rules(rule_set(2023, leefloon_only()))
    return client


@pytest.fixture
def in_manifest(register, bk_chain, tmp_path, monkeypatch):
    """The register, recorded in the deployment manifest of the project the commands run in:
    the registry a verifier trusts."""
    root = manifest_project(tmp_path / "project", bk_chain.chain_id, register)
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(root))
    return register


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


def _results(out: str) -> dict[str, str]:
    """``path: result`` lines by path (the ``rules:`` line included)."""
    return dict(line.split(": ", 1) for line in out.splitlines())


def test_rent_private_on_chain_and_sourced_agree(capsys, register, in_manifest, bk_chain):
    where = ["--network", bk_chain.url, "--address", register.address]
    code, out, err = run(capsys, *RENT, *where, "--on-chain")
    assert code == 0, err
    lines = _results(out)
    assert list(lines) == ["rules", "private", "on-chain"]
    assert lines["rules"].startswith(f"year 2023 version 1, parameters hash 0x"
                                     f"{register.rule_set(2023).parameters_hash.hex()}")
    assert f"from SocialRentRules {register.address} on chain {bk_chain.chain_id} at block " \
        in lines["rules"] and lines["rules"].endswith(f"code {register.expected_code.code_hash}")
    assert lines["private"] == lines["on-chain"]
    assert "sent the household's figures to the node" in err
    expected = rent(rule_set(2023, leefloon_only()), Household("single", 1_800_000),
                    Dwelling(55_000, 4_000))
    assert expected.rent == 28_727 and lines["private"].endswith("rent 287.27")
    code, out, err = run(capsys, *RENT, "--sourced", *LEEFLOON)
    assert code == 0, err
    assert _results(out) == {"sourced": lines["private"]}


def test_rent_and_eligibility_send_no_household_to_the_node(capsys, register, in_manifest,
                                                            bk_chain, monkeypatch):
    """The default path: every request the command makes is scanned by the privacy guard;
    with --on-chain the same guard finds the income (the positive control)."""
    from blokketen.chain.connection import Chain
    from blokketen.privacy import PrivacyGuard

    monkeypatch.setattr(Chain, "connect", classmethod(lambda cls, url, **kw: bk_chain))
    where = ["--network", bk_chain.url, "--address", register.address]
    income = ["--income", "31415.92"]
    for command in (RENT, ELIGIBILITY):
        guard = PrivacyGuard(bk_chain, secrets={"income": 3_141_592})
        with guard.watching():
            code, out, err = run(capsys, *command, *income, *where)
        assert code == 0, err
        assert "private:" in out and "on-chain" not in out
        assert guard.calls and not guard.transactions
        guard.assert_clean()
        leaky = PrivacyGuard(bk_chain, secrets={"income": 3_141_592})
        with leaky.watching():
            code, out, err = run(capsys, *command, *income, *where, "--on-chain")
        assert code == 0, err
        assert [f.kind for f in leaky.findings()] == ["secret"]


def test_eligibility_paths_agree(capsys, register, in_manifest, bk_chain):
    where = ["--network", bk_chain.url, "--address", register.address]
    code, out, err = run(capsys, *ELIGIBILITY, *where, "--on-chain")
    assert code == 0, err
    lines = _results(out)
    assert lines["private"] == lines["on-chain"]
    assert lines["private"] == ("rule year 2023 version 1: income 30000.00, limit 46868.00 "
                                "-> eligible")
    code, out, err = run(capsys, *ELIGIBILITY, "--sourced", "--income", "50000")
    assert code == 0 and out.strip().endswith("-> not eligible"), err


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--on-chain", "--address", "xyz"], ["--address", "not an address", "xyz"]),
        (["--address", "0x" + "11" * 20], ["--address", "no contract"]),
        (["--network", "http://127.0.0.1:1"], ["127.0.0.1:1"]),
        (["--income", "18k"], ["--income"]),
        (["--dependants", "-1"], ["household.dependants"]),
        (["--sourced", *LEEFLOON, "--patrimony-discount", "160.01"],
         ["dwelling.patrimony_discount"]),
        (["--set", "min_rent.low=1"], ["--set", "only with --sourced"]),
        (["--sourced", "--on-chain"], ["--on-chain", "not with --sourced"]),
        (["--sourced", "--version", "1"], ["--version", "not with --sourced"]),
        (["--version", "0"], ["--version"]),
        (["--sourced", "--set", "min_rent.low"], ["--set", "NAME=VALUE"]),
        (["--sourced", "--set", "min_rent.low=abc"], ["--set min_rent.low", "not a number"]),
        (["--sourced", "--set", "rent.low=1"], ["--set.rent", "unknown parameter"]),
        (["--sourced"], ["leefloon_annual.single"]),
    ],
)
def test_rent_bad_input_is_one_line_exit_2(capsys, bk_chain, args, needles):
    extra = [] if "--network" in args else ["--network", bk_chain.url]
    code, _, err = run(capsys, *RENT, *extra, *args)
    assert code == 2
    one_line_error(err, *needles)


def test_rent_of_an_unpublished_year_is_refused_by_the_chain(capsys, register, in_manifest,
                                                             bk_chain):
    code, _, err = run(capsys, "housing", "rent", "2022", *RENT[3:], "--network", bk_chain.url,
                       "--address", register.address)
    assert code == 1
    one_line_error(err, "SocialRentRulesUnknownRules")


# ------------------------------------------- housing rent|eligibility: which registry answers


@pytest.fixture(scope="module")
def forgeries(bk_project, bk_chain, bk_accounts, bk_module_isolated):
    """What a landlord could hand a tenant instead of the register: a SocialRentRules of its
    own (the same code at another address) whose 2023 rules raise the income floors, and a
    contract with other code."""
    outsider, accomplice = bk_accounts[4], bk_accounts[6]
    copy = SocialRentRules.deploy(bk_chain, outsider, outsider.address, ADMIN_DELAY)
    copy.grant_role("rule_admin", accomplice.address)
    from decimal import Decimal

    from blokketen.housing.params import parameters_from_mapping

    steeper = parameters_from_mapping({"leefloon_annual": {
        "single": Decimal(20_000), "cohabiting": Decimal(15_000), "family": Decimal(25_000)}})
    copy.as_sender(accomplice).publish_rules(rule_set(2023, steeper))
    other = SocialRentRules.deploy(bk_chain, outsider, name="LandSurvey")
    return copy, other


@pytest.mark.parametrize("command", [RENT, ELIGIBILITY], ids=["rent", "eligibility"])
@pytest.mark.parametrize("path", [[], ["--on-chain"]], ids=["private", "on-chain"])
def test_a_copy_of_the_register_elsewhere_is_refused(capsys, in_manifest, forgeries, bk_chain,
                                                     command, path):
    copy, _ = forgeries
    single, flat = Household("single", 1_800_000), Dwelling(55_000, 4_000)
    assert copy.rent(2023, single, flat).rent > in_manifest.rent(2023, single, flat).rent
    code, out, err = run(capsys, *command, *path, "--network", bk_chain.url,
                         "--address", copy.address)
    assert (code, out) == (2, "")
    one_line_error(err, "--code-hash", copy.address, "deployment manifest")


@pytest.mark.parametrize("command", [RENT, ELIGIBILITY], ids=["rent", "eligibility"])
def test_other_code_is_refused(capsys, in_manifest, forgeries, bk_chain, command):
    _, other = forgeries
    real = ["--code-hash", in_manifest.expected_code.code_hash]
    code, out, err = run(capsys, *command, "--network", bk_chain.url, "--address",
                         other.address, *real)
    assert (code, out) == (2, "")
    one_line_error(err, other.address, "runs other code", "no verdict")


def test_a_bare_address_is_refused(capsys, register, bk_chain, tmp_path, monkeypatch):
    bare = tmp_path / "bare"
    (bare / "contracts").mkdir(parents=True)
    (bare / "package.json").write_text("{}")
    monkeypatch.setenv("BLOKKETEN_PROJECT", str(bare))
    for command in (RENT, ELIGIBILITY):
        code, out, err = run(capsys, *command, "--network", bk_chain.url, "--address",
                             register.address)
        assert (code, out) == (2, "")
        one_line_error(err, "--code-hash")
        code, out, err = run(capsys, *command, "--network", bk_chain.url)
        assert (code, out) == (2, "")
        one_line_error(err, "--address", "no SocialRentRules")
    pinned = ["--code-hash", register.expected_code.code_hash]
    code, out, err = run(capsys, *ELIGIBILITY, "--network", bk_chain.url, "--address",
                         register.address, *pinned)
    assert code == 0 and f"code {register.expected_code.code_hash}" in out, err
    code, _, err = run(capsys, *RENT, "--sourced", *LEEFLOON, *pinned)
    assert code == 2
    one_line_error(err, "--code-hash", "not with --sourced")


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
