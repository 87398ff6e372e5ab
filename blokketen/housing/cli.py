"""``blokketen housing replay|params|rent|eligibility|publish`` (and ``blokketen replay``).

``replay`` answers with a verdict: exit 0 when every case matches (expected = reference = on
chain), 1 on a mismatch; an invalid file is bad input (exit 2, naming the file, the case and
the field). It always deploys a fresh SocialRentRules of its own, on an embedded anvil
unless ``--network`` (alias ``--rpc-url``) names a node: scenario parameters never reach a
real rule register.

``rent`` and ``eligibility`` take the private path: they read the rule year's published
parameters from the SocialRentRules at ``--address`` (default: the chain's manifest), check
them against the hash stored on publication and compute here; the node sees the rule year,
never the household. Before that they check the registry as every verifier does
(:func:`~blokketen.cli.common.verifier_client`): the address must be the manifest's, with
the code hash it records, or come with ``--code-hash``; a copy of the real code at another
address, or other code, is refused (exit 2, one line), and the answer names the chain, the
registry, the block and the code hash. ``--on-chain`` also asks the contract's view (for
auditors: the node then sees the household), ``--sourced`` computes from the sourced
parameter files (with ``--set`` overrides) without any chain. ``publish`` sends from an
account that holds RULE_ADMIN_ROLE. Errors and exit codes are :mod:`blokketen.cli.report`'s.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import BlokketenError, InputError, ScenarioError
from blokketen.cli.common import (
    add_contract_options,
    add_network_options,
    add_trust_options,
    contract_client,
    open_chain,
    signer,
    verifier_client,
)
from blokketen.cli.report import Verdict
from blokketen.contract import checks as check

if TYPE_CHECKING:
    from blokketen.housing.replay import ChainReplayer
    from blokketen.housing.scenarios import Row
    from blokketen.housing.types import Dwelling, Household, RuleParameters

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``housing replay|params|rent|eligibility|publish`` and the ``replay`` alias to
    ``blokketen``."""
    alias = subparsers.add_parser(
        "replay", help="alias of `blokketen housing replay` (kept for older scripts)",
        description="An alias of `blokketen housing replay`: replay social-rent scenario "
        "files with the reference and on chain.")
    _replay_arguments(alias)

    parser = subparsers.add_parser("housing", help="social-rent rules: scenarios, parameters, "
                                   "rent, eligibility, publish")
    commands = parser.add_subparsers(dest="housing_command", metavar="COMMAND", required=True)

    replay = commands.add_parser(
        "replay", help="replay scenario files (reference and on chain)",
        description="Replay social-rent scenario files with the reference and on a fresh "
        "SocialRentRules of this replay only.")
    _replay_arguments(replay)

    params = commands.add_parser("params", help="a rule year's sourced values and their sources")
    params.add_argument("year", type=_rule_year)
    params.set_defaults(func=_params)

    rent = commands.add_parser(
        "rent", help="rent and breakdown of one household (computed here)",
        description="The monthly rent of one household. By default the rule year's published "
        "parameters are read from the chain and the rent is computed here: the node sees the "
        "rule year, never the household.")
    rent.add_argument("year", type=_rule_year)
    _household_arguments(rent)
    rent.add_argument("--base-rent", required=True, help="basishuurprijs, monthly euro")
    rent.add_argument("--patrimony-discount", default="0", help="monthly euro (default 0)")
    rent.add_argument("--energy-correction", default="0", help="monthly euro (default 0)")
    rent.add_argument("--min-rent-tier", choices=("low", "high"), default="low")
    _path_arguments(rent)
    rent.set_defaults(func=_rent)

    eligible = commands.add_parser(
        "eligibility", help="registration income test of one household (computed here)",
        description="Whether a household's income is within the registration limit of a rule "
        "year, computed here from the published parameters (the node sees the rule year, never "
        "the household); --on-chain also asks the contract's view, --sourced uses the sourced "
        "parameter files without a chain.")
    eligible.add_argument("year", type=_rule_year)
    _household_arguments(eligible)
    _path_arguments(eligible)
    eligible.set_defaults(func=_eligibility)

    publish = commands.add_parser("publish", help="publish a rule year (sourced values + --set)")
    publish.add_argument("year", type=_rule_year)
    publish.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    publish.add_argument("--reason", default=None, help="reason text (required for a correction)")
    add_contract_options(publish, "SocialRentRules", sender=True)
    publish.set_defaults(func=_publish)


def _household_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--category", required=True, choices=("single", "single_disabled",
                                                              "other"))
    parser.add_argument("--income", required=True, help="indexed annual income, euro")
    parser.add_argument("--dependants", type=int, default=0)
    parser.add_argument("--dependants-half", type=int, default=0)
    parser.add_argument("--dependants-double", type=int, default=0)
    parser.add_argument("--leefloon-category", choices=("single", "cohabiting", "family"))


def _path_arguments(parser: argparse.ArgumentParser) -> None:
    paths = parser.add_argument_group("where the rules come from")
    paths.add_argument("--version", type=int, default=None,
                       help="rule version (default: the latest published)")
    paths.add_argument("--on-chain", action="store_true",
                       help="also ask the contract's view (for auditors: the node then sees "
                       "the household's figures)")
    paths.add_argument("--sourced", action="store_true",
                       help="no chain: compute from the sourced parameter files and --set")
    paths.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                       help="with --sourced: a parameter override, e.g. min_rent.low=139.00")
    add_contract_options(parser, "SocialRentRules", sender=False)
    add_trust_options(parser)


def _replay_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILES")
    parser.add_argument("--reference-only", action="store_true",
                        help="compute with the reference only (no chain)")
    add_network_options(parser)  # replay deploys its own SocialRentRules there
    parser.set_defaults(func=_replay)


def _rule_year(text: str) -> int:
    """An argparse type: a rule year such as 2024."""
    try:
        year = int(text)
    except ValueError:
        year = 0
    if not 1900 <= year <= 9999:
        raise argparse.ArgumentTypeError(f"a rule year from 1900 to 9999 expected, not {text!r}")
    return year


# ---------------------------------------------------------------------- replay


def _replay(args: argparse.Namespace) -> Verdict:
    from blokketen.housing.replay import replay
    from blokketen.housing.scenarios import load_scenario

    scenarios = []
    invalid: list[ScenarioError] = []
    for path in args.files:
        try:
            scenarios.append(load_scenario(path))
        except ScenarioError as exc:
            invalid.append(exc)
    if invalid:
        raise _first_of(invalid)
    if args.reference_only:
        rows = replay(scenarios)
    else:
        with _replay_client(args) as replayer:
            rows = replay(scenarios, replayer)
    _print_rows(rows)
    bad = sum(not r.ok for r in rows)
    print(f"{len(rows) - bad} of {len(rows)} match" + (f", {bad} MISMATCH" if bad else ""))
    return Verdict(ok=not bad)


def _first_of(invalid: list[ScenarioError]) -> ScenarioError:
    """The first invalid file's error, saying how many other files are invalid too."""
    first = invalid[0]
    if len(invalid) == 1:
        return first
    others = ", ".join(e.file for e in invalid[1:])
    return ScenarioError(first.file, first.case, first.field_name,
                         f"{first.problem} (invalid too: {others})")


@contextlib.contextmanager
def _replay_client(args: argparse.Namespace) -> Iterator[ChainReplayer]:
    """A fresh SocialRentRules of this replay only: its sender deploys it, administers it,
    publishes and registers; a throwaway key it funds keeps the leases (the contract keeps
    landlords apart from every other role), and gets back what is left at the end."""
    from blokketen.housing.replay import ChainReplayer

    with open_chain(args) as chain:
        account = signer(args, chain)
        _ensure_compiled()
        replayer = ChainReplayer.deploy(chain, account)
        try:
            yield replayer
        finally:
            replayer.close()


def _ensure_compiled() -> None:
    """Compile the project's contracts when SocialRentRules has no artifact yet."""
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project

    project = Project.find()
    try:
        project.artifacts().get("SocialRentRules")
    except (BlokketenError, OSError, KeyError):
        compile_project(project)


def _print_rows(rows: Sequence[Row]) -> None:
    from blokketen.housing.types import format_cents

    def money(value: int | None) -> str:
        return "-" if value is None else format_cents(value)

    width = min(max((len(r.name) for r in rows), default=4), 70)
    print(f"{'case':<{width}}  {'expected':>9}  {'reference':>9}  {'on-chain':>9}  verdict")
    current = None
    for row in rows:
        if row.file != current:
            print(f"# {row.file}")
            current = row.file
        name = row.name if len(row.name) <= width else row.name[: width - 1] + "…"
        print(f"{name:<{width}}  {money(row.expected):>9}  {money(row.reference):>9}  "
              f"{money(row.onchain):>9}  {row.verdict}")


# ---------------------------------------------------------------------- housing ...


def _overrides(pairs: Sequence[str]) -> RuleParameters:
    from decimal import Decimal, InvalidOperation

    from blokketen.housing.params import parameters_from_mapping

    tree: dict[str, Any] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep:
            raise InputError("--set", f"NAME=VALUE expected, not {pair!r}")
        try:
            value: Any = (
                [Decimal(x) for x in raw.split(",")] if name in ("divisors", "band_edges")
                else Decimal(raw)
            )
        except InvalidOperation:
            raise InputError(f"--set {name}", f"not a number: {raw!r}") from None
        group, dot, sub = name.partition(".")
        if dot:
            tree.setdefault(group, {})[sub] = value
        else:
            tree[name] = value
    return parameters_from_mapping(tree, "--set")


def _check_address(args: argparse.Namespace) -> None:
    """Refuse a malformed --address before any chain is opened or started."""
    if args.address is not None:
        check.address("--address", args.address)


def _params(args: argparse.Namespace) -> None:
    from blokketen.housing.params import load_year
    from blokketen.housing.types import PARAMETER_NAMES, format_cents

    year = load_year(args.year)
    print(f"rule year {year.year}" + (f" ({year.legal_basis})" if year.legal_basis else ""))
    for name in PARAMETER_NAMES:
        value = year.parameters.get(name)
        if value is None:
            print(f"  {name:<28} (absent: supply it as a parameter)")
            continue
        shown = (", ".join(str(v) for v in value) if isinstance(value, tuple)
                 else format_cents(value))
        src = year.sources[name]
        print(f"  {name:<28} {shown:<14} [{src.status}, {src.confidence}] {src.source}")
    for name, note in year.not_found.items():
        print(f"  not found: {name}: {note}")


def _household(args: argparse.Namespace) -> Household:
    from blokketen.housing.types import Household, to_cents

    return Household(args.category, to_cents(args.income, "--income"), args.dependants,
                     args.dependants_half, args.dependants_double, args.leefloon_category)


def _check_path(args: argparse.Namespace) -> None:
    """Refuse option mixes that cannot mean anything, before any chain is opened."""
    if args.sourced:
        for given, option in ((args.on_chain, "--on-chain"), (args.address, "--address"),
                              (args.code_hash, "--code-hash"),
                              (args.version is not None, "--version")):
            if given:
                raise InputError(option, "not with --sourced (no chain is asked)")
    elif args.set:
        raise InputError("--set", "only with --sourced: otherwise the parameters are the ones "
                         "published on chain")
    if args.version is not None:
        check.uint("--version", args.version, minimum=1, maximum=check.UINT32_MAX)
    _check_address(args)


def _computed(args: argparse.Namespace, household: Household, dwelling: Dwelling | None,
              ) -> list[tuple[str, Any]]:
    """(path, result) for the paths asked: rent with a dwelling, else eligibility."""
    from blokketen.housing import rules as reference

    if args.sourced:
        from blokketen.housing.params import rule_set

        rules = rule_set(args.year, _overrides(args.set))
        return [("sourced", reference.rent(rules, household, dwelling) if dwelling is not None
                 else reference.eligibility(rules, household))]
    from blokketen.housing.client import SocialRentRules

    with open_chain(args) as chain:
        client = verifier_client(args, chain, SocialRentRules)
        published = client.rule_set(args.year, args.version)  # checks the code first
        trusted = published.trusted
        assert trusted is not None
        print(f"rules: year {args.year} version {published.rules.version}, parameters hash "
              f"0x{published.parameters_hash.hex()}, from SocialRentRules {trusted.address} on "
              f"chain {trusted.chain_id} at block {trusted.block}, code {trusted.code_hash}")
        version = published.rules.version
        results: list[tuple[str, Any]] = []
        if dwelling is not None:
            results.append(("private", client.rent(args.year, household, dwelling,
                                                   version=version)))
        else:
            results.append(("private", client.eligibility(args.year, household, version=version)))
        if args.on_chain:
            print("note: --on-chain sent the household's figures to the node in an eth_call",
                  file=sys.stderr)
            results.append(("on-chain", client.rent(args.year, household, dwelling,
                                                    version=version, on_chain=True)
                            if dwelling is not None else
                            client.eligibility(args.year, household, version=version,
                                               on_chain=True)))
    return results


def _rent(args: argparse.Namespace) -> None:
    from blokketen.housing.types import Dwelling, format_cents, to_cents

    _check_path(args)
    household = _household(args)
    dwelling = Dwelling(
        to_cents(args.base_rent, "--base-rent"),
        to_cents(args.patrimony_discount, "--patrimony-discount"),
        to_cents(args.energy_correction, "--energy-correction"), args.min_rent_tier)
    for who, b in _computed(args, household, dwelling):
        print(f"{who}: rule year {b.year} version {b.version}: divisor {b.divisor}, income used "
              f"{format_cents(b.income_used)}, share {format_cents(b.income_share)}, "
              f"PK {format_cents(b.patrimony_discount)}, GK {format_cents(b.family_discount)}, "
              f"EC {format_cents(b.energy_correction)}, minimum {format_cents(b.minimum)}, "
              f"cap {format_cents(b.cap)} -> rent {format_cents(b.rent)}")


def _eligibility(args: argparse.Namespace) -> None:
    from blokketen.housing.types import format_cents

    _check_path(args)
    household = _household(args)
    for who, e in _computed(args, household, None):
        verdict = "eligible" if e.eligible else "not eligible"
        print(f"{who}: rule year {e.year} version {e.version}: income "
              f"{format_cents(e.income)}, limit {format_cents(e.limit)} -> {verdict}")


def _publish(args: argparse.Namespace) -> None:
    from blokketen.housing.client import SocialRentRules
    from blokketen.housing.params import rule_set

    rules = rule_set(args.year, _overrides(args.set))
    _check_address(args)
    with open_chain(args) as chain:
        client = contract_client(args, chain, SocialRentRules, sender=True)
        assert client.sender is not None
        if not client.has_role("rule_admin", client.sender.address):
            raise InputError("--dev-account/--keystore", (
                f"{client.sender.address} does not hold RULE_ADMIN_ROLE on SocialRentRules "
                f"{client.address}; the admin grants it first"))
        published = client.publish_rules(rules, reason=args.reason)
    print(f"published rule year {published.year} version {published.version} "
          f"({', '.join(rules.parameters.supplied())}) in {published.receipt.tx_hash}")
