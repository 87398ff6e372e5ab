"""The Rent page: a household and a dwelling, the monthly social rent and its full
breakdown for a rule year, each parameter with its source.

The rent is computed here with :func:`blokketen.housing.rules.rent`, the code of the
registry's private path, from published parameters: the package's sourced parameter files
(with any value they lack given on the form) or the rule set published on chain
(:meth:`SocialRentRules.rent <blokketen.housing.client.SocialRentRules.rent>`, which asks the
node for the year and version only). Nothing is stored; the form posts, so the household's
figures never end up in an address or a log. The same case can be downloaded as a scenario
file that ``blokketen housing replay`` reads.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from blokketen._exceptions import ContractRevert, InputError
from blokketen.housing import rules as reference
from blokketen.housing.params import available_years, load_year, parameters_from_mapping
from blokketen.housing.types import (
    CATEGORIES,
    LEEFLOON_CATEGORIES,
    Dwelling,
    Eligibility,
    Household,
    RentBreakdown,
    RuleParameters,
    RuleSet,
    format_cents,
)
from blokketen.web import amounts
from blokketen.web.i18n import Texts
from blokketen.web.render import page
from blokketen.web.site import Site

__all__ = ["FIELDS", "RentCase", "compute", "rent_page", "scenario_file", "scenario_page"]

FIELDS: tuple[str, ...] = (
    "year", "source", "version", "extra", "category", "income", "dependants",
    "dependants_half", "dependants_double", "leefloon_category", "base_rent",
    "patrimony_discount", "energy_correction", "min_rent_tier")
"""The form's fields."""
DEFAULTS: dict[str, str] = {
    "year": "2024", "source": "sourced", "version": "", "extra": "", "category": "single",
    "income": "", "dependants": "0", "dependants_half": "0", "dependants_double": "0",
    "leefloon_category": "", "base_rent": "", "patrimony_discount": "0",
    "energy_correction": "0", "min_rent_tier": "low"}
_LINE = re.compile(r"^\s*([a-z_]+(?:\.[a-z_]+)?)\s*[=:]\s*(.+?)\s*$")
_LIST_NAMES = ("divisors", "band_edges")


@dataclass(frozen=True)
class Parameter:
    """A parameter the computation used, its value as text and where it comes from."""

    name: str
    value: str
    source: str


@dataclass(frozen=True)
class RentCase:
    """One computed case: the inputs, the breakdown, eligibility and the parameters used."""

    rules: RuleSet
    overrides: RuleParameters
    household: Household
    dwelling: Dwelling
    breakdown: RentBreakdown
    eligibility: Eligibility
    parameters: tuple[Parameter, ...]


def _form_field(field: str) -> str:
    """The form field of a domain error's field (``household.income`` -> ``income``)."""
    return field.partition(".")[2] if field.startswith(("household.", "dwelling.")) else field


def _overrides(text: str, t: Texts) -> RuleParameters:
    """Lines ``name = value`` (``min_rent.low = 139,00``, ``divisors = 54 53 52 51``)."""
    grouped: dict[str, Any] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        found = _LINE.match(line)
        if found is None:
            raise InputError("extra", t("rent.bad_line", number=number))
        name, value = found.groups()
        parsed: Decimal | list[int]
        if name in _LIST_NAMES:
            items = [item for item in re.split(r"[\s,;]+", value) if item]
            if not all(item.isdigit() for item in items):
                raise InputError("extra", t("rent.whole_numbers", number=number, name=name))
            parsed = [int(item) for item in items]
        else:
            parsed = amounts.euro("extra", value, t=t)
        group, _, sub = name.partition(".")
        if sub:
            grouped.setdefault(group, {})[sub] = parsed
        else:
            grouped[group] = parsed
    try:
        return parameters_from_mapping(grouped, "extra")
    except InputError as err:
        raise InputError("extra", f"{err.field.removeprefix('extra.')}: {err.problem}") \
            from None


def _year(text: str, t: Texts) -> int:
    if not text.strip().isdigit() or not 2000 <= int(text) <= 2100:
        raise InputError("year", t("rent.bad_year"))
    return int(text)


def _household(form: dict[str, str], t: Texts) -> Household:
    category = form["category"]
    leefloon = form["leefloon_category"] or None
    if category not in CATEGORIES:
        raise InputError("category", t("rent.one_of", values=", ".join(CATEGORIES)))
    if leefloon is not None and leefloon not in LEEFLOON_CATEGORIES:
        raise InputError("leefloon_category",
                         t("rent.one_of", values=", ".join(LEEFLOON_CATEGORIES)))
    return Household(
        category=category,  # type: ignore[arg-type]
        income=amounts.cents("income", form["income"], t=t),
        dependants=amounts.count("dependants", form["dependants"], t=t),
        dependants_half=amounts.count("dependants_half", form["dependants_half"], t=t),
        dependants_double=amounts.count("dependants_double", form["dependants_double"], t=t),
        leefloon_category=leefloon,  # type: ignore[arg-type]
    )


def _dwelling(form: dict[str, str], t: Texts) -> Dwelling:
    tier = form["min_rent_tier"]
    if tier not in ("low", "high"):
        raise InputError("min_rent_tier", t("rent.one_of", values="low, high"))
    return Dwelling(
        base_rent=amounts.cents("base_rent", form["base_rent"], t=t),
        patrimony_discount=amounts.cents("patrimony_discount", form["patrimony_discount"],
                                         t=t, default=0),
        energy_correction=amounts.cents("energy_correction", form["energy_correction"],
                                        t=t, default=0),
        min_rent_tier=tier,  # type: ignore[arg-type]
    )


def _used(rules: RuleSet, household: Household, dwelling: Dwelling) -> list[str]:
    """The parameter names this case's computation reads, in presence-bit order."""
    names = {f"income_limit.{household.category}" if household.category != "other"
             else "income_limit.other", "divisors",
             f"leefloon_annual.{reference.leefloon_category(household)}",
             f"min_rent.{dwelling.min_rent_tier}"}
    weight = household.dependants + household.dependants_half + household.dependants_double
    if household.category == "other" and weight:
        names.add("income_limit.per_dependant")
    divisors = rules.parameters.divisors
    if divisors is not None and len(set(divisors)) > 1:
        names.add("band_edges")
    for count, name in ((household.dependants, "family_discount.full"),
                        (household.dependants_half, "family_discount.half"),
                        (household.dependants_double, "family_discount.double")):
        if count:
            names.add(name)
    if dwelling.patrimony_discount:
        names.add("patrimony_discount_max")
    from blokketen.housing.types import PARAMETER_NAMES

    return [name for name in PARAMETER_NAMES if name in names]


def _value(rules: RuleSet, name: str, lang: str) -> str:
    value = rules.parameters.get(name)
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return " / ".join(str(v) for v in value)
    return amounts.display(value, lang)


def compute(site: Site | None, form: dict[str, str], t: Texts) -> RentCase:
    """The case the form describes; InputError naming the form field for bad input, a
    year without the parameters the case needs, or a year not published on chain."""
    year = _year(form["year"], t)
    household = _household(form, t)
    dwelling = _dwelling(form, t)
    overrides = _overrides(form["extra"], t)
    try:
        if form["source"] == "chain":
            if site is None:
                raise InputError("source", t("rent.no_chain"))
            if overrides.supplied():
                raise InputError("extra", t("rent.only_sourced"))
            return _on_chain(site, year, form["version"], household, dwelling, t)
        if form["source"] != "sourced":
            raise InputError("source", t("rent.one_of", values="sourced, chain"))
        sourced = load_year(year)
        if not sourced.sources and not overrides.supplied():
            raise InputError("year", f"{year} {t('rent.no_year')}")
        rules = sourced.rule_set(overrides)
        breakdown = reference.rent(rules, household, dwelling)
        eligibility = reference.eligibility(rules, household)
    except InputError as err:
        raise InputError(_form_field(err.field), err.problem) from None
    given = set(overrides.supplied())
    parameters = tuple(
        Parameter(name, _value(rules, name, t.lang),
                  t("rent.given") if name in given
                  else sourced.sources[name].source if name in sourced.sources else "-")
        for name in _used(rules, household, dwelling))
    return RentCase(rules, overrides, household, dwelling, breakdown, eligibility, parameters)


def _on_chain(site: Site, year: int, version_text: str, household: Household,
              dwelling: Dwelling, t: Texts) -> RentCase:
    from blokketen.housing.client import SocialRentRules

    version = None
    if version_text.strip():
        version = amounts.count("version", version_text, t=t, maximum=2**32 - 1) or None
    registry = site.client(SocialRentRules)
    trusted = registry.trusted()
    try:
        rules = registry.published_rules(year, version)
    except ContractRevert:
        raise InputError("year", t("rent.not_published", year=year,
                                   chain=site.chain.chain_id)) from None
    breakdown = registry.rent(year, household, dwelling, version=rules.version)
    eligibility = registry.eligibility(year, household, version=rules.version)
    source = t("rent.published", chain=trusted.chain_id, address=trusted.address,
               version=rules.version)
    parameters = tuple(Parameter(name, _value(rules, name, t.lang), source)
                       for name in _used(rules, household, dwelling))
    return RentCase(rules, RuleParameters(), household, dwelling, breakdown, eligibility,
                    parameters)


async def _form(request: Request) -> dict[str, str]:
    data = await request.form(max_files=0, max_fields=len(FIELDS) + 2, max_part_size=20_000)
    form = dict(DEFAULTS)
    for name in FIELDS:
        value = data.get(name)
        if isinstance(value, str):
            form[name] = value
    return form


def _context(form: dict[str, str], lang: str) -> dict[str, Any]:
    def money(cents: int) -> str:
        return amounts.display(cents, lang)

    return {"form": form, "years": available_years(), "categories": CATEGORIES,
            "leefloon_categories": LEEFLOON_CATEGORIES, "case": None, "money": money}


async def rent_page(request: Request, site: Site, lang: str) -> Response:
    """GET: the form; POST: the rent and its breakdown (400 for bad input)."""
    request.state.template = "rent.html"
    request.state.context = _context(dict(DEFAULTS), lang)
    if request.method == "GET":
        return page(request, "rent.html", lang=lang, **request.state.context)
    form = await _form(request)
    request.state.context = _context(form, lang)
    case = await run_in_threadpool(compute, site, form, Texts(lang))
    return page(request, "rent.html", lang=lang, **{**request.state.context, "case": case})


async def scenario_page(request: Request, site: Site, lang: str) -> Response:
    """The posted case as a scenario file (YAML), to replay with ``blokketen housing
    replay``."""
    request.state.template = "rent.html"
    form = await _form(request)
    request.state.context = _context(form, lang)
    case = await run_in_threadpool(compute, site, form, Texts(lang))
    return Response(scenario_file(case), media_type="application/yaml", headers={
        "Content-Disposition": f'attachment; filename="rent-{case.rules.year}.yaml"'})


def _money(cents: int) -> str:
    return format_cents(cents)


def scenario_file(case: RentCase) -> str:
    """The case as a scenario file: the rule year, the parameters given on the form, the
    household and dwelling, and the rent, divisor and eligibility computed here."""
    h, d, b = case.household, case.dwelling, case.breakdown
    lines = ["# A social-rent case computed by `blokketen serve`; replay it with",
             "# `blokketen housing replay FILE`.",
             f"rules: {case.rules.year}"]
    given = case.overrides.supplied()
    if given:
        lines.append("parameters:")
        groups: dict[str, list[str]] = {}
        for name in given:
            value = case.overrides.get(name)
            group, _, sub = name.partition(".")
            text = (f"[{', '.join(str(v) for v in value)}]" if isinstance(value, tuple)
                    else _money(int(value or 0)))
            if sub:
                groups.setdefault(group, []).append(f"{sub}: {text}")
            else:
                lines.append(f"  {group}: {text}")
        for group, items in groups.items():
            lines.append(f"  {group}: {{{', '.join(items)}}}")
    household = [f"category: {h.category}", f"income: {_money(h.income)}"]
    for key in ("dependants", "dependants_half", "dependants_double"):
        if getattr(h, key):
            household.append(f"{key}: {getattr(h, key)}")
    if h.leefloon_category is not None:
        household.append(f"leefloon_category: {h.leefloon_category}")
    name = json.dumps(f"{h.category}, income {_money(h.income)}, base rent "
                      f"{_money(d.base_rent)}", ensure_ascii=False)
    lines += ["cases:", f"  - name: {name}", "    household:"]
    lines += [f"      {item}" for item in household]
    lines += ["    dwelling:", f"      base_rent: {_money(d.base_rent)}",
              f"      patrimony_discount: {_money(d.patrimony_discount)}",
              f"      energy_correction: {_money(d.energy_correction)}",
              f"      min_rent_tier: {d.min_rent_tier}",
              "    expect:", f"      rent: {_money(b.rent)}", f"      divisor: {b.divisor}",
              f"      eligible: {'true' if case.eligibility.eligible else 'false'}"]
    return "\n".join(lines) + "\n"
