"""Scenario files: a rule year, parameter overrides, cases and timelines, with expectations.

The format is public and documented in README.md ("Scenario files (public format)" under
"Social-housing rental rules"). Loading validates everything and computes the reference for
every case, so a value the rule year lacks and the file does not supply makes the file
invalid: :class:`ScenarioError` names the file, the case and the field.

:func:`reference_rows` computes every case with the reference and returns one :class:`Row`
per case (and per timeline step); :mod:`blokketen.housing.replay` does the same on chain.
No chain is needed here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from blokketen._exceptions import InputError, ScenarioError
from blokketen.housing.params import parameters_from_mapping, read_yaml, rule_set
from blokketen.housing.rules import eligibility, income_drop_applies, rent
from blokketen.housing.types import (
    CATEGORIES,
    LEEFLOON_CATEGORIES,
    DecisionKind,
    Dwelling,
    Household,
    RentBreakdown,
    RuleParameters,
    RuleSet,
    format_cents,
    to_cents,
)

__all__ = [
    "Case",
    "Expect",
    "Row",
    "Scenario",
    "ScenarioError",
    "Step",
    "Timeline",
    "TimelineEvent",
    "compare",
    "load_scenario",
    "reference_case",
    "reference_rows",
    "timeline_steps",
]

EventKind = Literal["yearly", "income_drop", "family_change"]
_EVENT_KINDS: tuple[EventKind, ...] = ("yearly", "income_drop", "family_change")
_HOUSEHOLD_KEYS = (
    "category", "income", "dependants", "dependants_half", "dependants_double",
    "leefloon_category",
)
_DWELLING_KEYS = ("base_rent", "patrimony_discount", "energy_correction", "min_rent_tier")


@dataclass(frozen=True)
class Expect:
    """What a case or step must give: rent (cents), optionally divisor, eligibility,
    and for timeline events whether a revision applies and from when."""

    rent: int
    divisor: int | None = None
    eligible: bool | None = None
    revision: bool | None = None
    effective: date | None = None


@dataclass(frozen=True)
class Case:
    """One case of a file: a household in a dwelling, and what it must give."""

    name: str
    household: Household
    dwelling: Dwelling
    expect: Expect


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event; ``household``/``dwelling`` hold only the fields that change."""

    date: date
    kind: EventKind
    rules: int | None
    household: Mapping[str, Any]
    dwelling: Mapping[str, Any]
    income_three_months: int | None
    expect: Expect


@dataclass(frozen=True)
class Timeline:
    """A lease followed by dated events, each with what it must give."""

    name: str
    dwelling_id: str | None
    start: date
    rules: int
    household: Household
    dwelling: Dwelling
    expect: Expect
    events: tuple[TimelineEvent, ...]
    mid_term_effective: Literal["next_month", "event_date"] = "next_month"


@dataclass(frozen=True)
class Scenario:
    """One loaded file."""

    path: Path
    rules: int
    parameters: RuleParameters
    other_years: Mapping[int, RuleParameters]
    cases: tuple[Case, ...]
    timelines: tuple[Timeline, ...] = ()

    @property
    def label(self) -> str:
        """How rows name the file."""
        return str(self.path)

    def rule_set(self, year: int, version: int = 1) -> RuleSet:
        """The year's sourced values with this file's overrides for that year."""
        overrides = self.parameters if year == self.rules else self.other_years.get(year)
        return rule_set(year, overrides, version=version)


@dataclass(frozen=True)
class Step:
    """One computed point of a timeline (reference)."""

    label: str
    kind: DecisionKind
    day: date
    revision: bool
    effective: date
    rule_year: int
    household: Household
    dwelling: Dwelling
    breakdown: RentBreakdown
    expect: Expect


@dataclass(frozen=True)
class Row:
    """One replayed case or timeline step."""

    file: str
    name: str
    expected: int
    reference: int | None
    onchain: int | None
    ok: bool
    detail: str = ""

    @property
    def verdict(self) -> str:
        """``ok``, or ``MISMATCH`` and what differs."""
        return "ok" if self.ok else f"MISMATCH {self.detail}".rstrip()


# ---------------------------------------------------------------------- loading


def load_scenario(path: Path | str) -> Scenario:
    """Read and validate one file; computes the reference of every case and timeline so
    that a missing parameter is reported now, naming the file, case and field."""
    path = Path(path)
    label = str(path)
    try:
        doc = read_yaml(path)
    except InputError as exc:
        raise ScenarioError(label, None, "file", exc.problem) from None
    if not isinstance(doc, dict):
        raise ScenarioError(label, None, "file", "a mapping with rules: and cases: expected")
    unknown = set(doc) - {"rules", "parameters", "other_years", "cases", "timelines"}
    if unknown:
        raise ScenarioError(label, None, sorted(unknown)[0], "unknown top-level key")
    year = doc.get("rules")
    if not _is_year(year):
        raise ScenarioError(label, None, "rules", "a rule year (e.g. 2023) is required")
    assert isinstance(year, int)
    try:
        params = parameters_from_mapping(doc.get("parameters"), "parameters")
    except InputError as exc:
        raise ScenarioError(label, None, exc.field, exc.problem) from None
    others: dict[int, RuleParameters] = {}
    for key, block in (_mapping(doc.get("other_years"), label, None, "other_years")).items():
        if not _is_year(key) or key == year:
            raise ScenarioError(label, None, f"other_years.{key}", "another rule year expected")
        try:
            others[int(key)] = parameters_from_mapping(block, f"other_years.{key}")
        except InputError as exc:
            raise ScenarioError(label, None, exc.field, exc.problem) from None
    cases_doc = doc.get("cases") or []
    timelines_doc = doc.get("timelines") or []
    if not isinstance(cases_doc, list) or not isinstance(timelines_doc, list):
        raise ScenarioError(label, None, "cases", "a list expected")
    if not cases_doc and not timelines_doc:
        raise ScenarioError(label, None, "cases", "no cases and no timelines")
    cases = tuple(_case(label, i, c) for i, c in enumerate(cases_doc))
    timelines = tuple(_timeline(label, i, t, year) for i, t in enumerate(timelines_doc))
    names = [c.name for c in cases] + [t.name for t in timelines]
    for name in names:
        if names.count(name) > 1:
            raise ScenarioError(label, name, "name", "the same name is used twice")
    scenario = Scenario(path, year, params, others, cases, timelines)
    for case in cases:
        reference_case(scenario, case)
    for timeline in timelines:
        timeline_steps(scenario, timeline)
    return scenario


def _is_year(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 9999


def _mapping(value: object, file: str, case: str | None, name: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ScenarioError(file, case, name, "a mapping expected")
    return value


def _name(file: str, index: int, doc: object, what: str) -> str:
    if not isinstance(doc, dict):
        raise ScenarioError(file, f"#{index + 1}", what, "a mapping expected")
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError(file, f"#{index + 1}", "name", "a name is required")
    return name


def _case(file: str, index: int, doc: Any) -> Case:
    name = _name(file, index, doc, "case")
    _only(file, name, "", doc, ("name", "household", "dwelling", "expect"))
    household = _household(file, name, "household", doc.get("household"), None)
    dwelling = _dwelling(file, name, "dwelling", doc.get("dwelling"), None)
    expect = _expect(file, name, "expect", doc.get("expect"), timeline=False)
    return Case(name, household, dwelling, expect)


def _timeline(file: str, index: int, doc: Any, default_year: int) -> Timeline:
    name = _name(file, index, doc, "timeline")
    _only(file, name, "", doc, ("name", "dwelling_id", "mid_term_effective", "lease", "events"))
    lease = _mapping(doc.get("lease"), file, name, "lease")
    if not lease:
        raise ScenarioError(file, name, "lease", "required")
    _only(file, name, "lease.", lease, ("start", "rules", "household", "dwelling", "expect"))
    start = _date(file, name, "lease.start", lease.get("start"))
    year = lease.get("rules", default_year)
    if not _is_year(year):
        raise ScenarioError(file, name, "lease.rules", "a rule year expected")
    household = _household(file, name, "lease.household", lease.get("household"), None)
    dwelling = _dwelling(file, name, "lease.dwelling", lease.get("dwelling"), None)
    expect = _expect(file, name, "lease.expect", lease.get("expect"), timeline=False)
    mode = doc.get("mid_term_effective", "next_month")
    if mode not in ("next_month", "event_date"):
        raise ScenarioError(file, name, "mid_term_effective", "next_month or event_date")
    dwelling_id = doc.get("dwelling_id")
    if dwelling_id is not None and not isinstance(dwelling_id, str):
        raise ScenarioError(file, name, "dwelling_id", "a text id expected")
    events_doc = doc.get("events") or []
    if not isinstance(events_doc, list):
        raise ScenarioError(file, name, "events", "a list expected")
    events: list[TimelineEvent] = []
    for i, event in enumerate(events_doc):
        where = f"events[{i}]"
        ev = _mapping(event, file, name, where)
        _only(file, name, f"{where}.", ev, (
            "date", "kind", "rules", "household", "dwelling", "income_3_months", "expect"))
        when = _date(file, name, f"{where}.date", ev.get("date"))
        kind = ev.get("kind")
        if kind not in _EVENT_KINDS:
            raise ScenarioError(file, name, f"{where}.kind", f"one of {', '.join(_EVENT_KINDS)}")
        new_h = _changes(_household(file, name, f"{where}.household", ev.get("household"),
                                    _ANY_HOUSEHOLD), ev.get("household"))
        new_d = _changes(_dwelling(file, name, f"{where}.dwelling", ev.get("dwelling"),
                                   _ANY_DWELLING), ev.get("dwelling"))
        rules = ev.get("rules")
        q = None
        if kind == "yearly":
            rules = when.year if rules is None else rules
            if (when.month, when.day) != (1, 1) or rules != when.year:
                raise ScenarioError(file, name, f"{where}.date",
                                    "a yearly revision is on 1 January of its rule year")
        elif rules is not None:
            raise ScenarioError(file, name, f"{where}.rules",
                                "only a yearly revision changes the rule year")
        if kind == "income_drop":
            if "household" in ev or "dwelling" in ev:
                raise ScenarioError(file, name, f"{where}.household",
                                    "an income drop changes only the income (income_3_months)")
            q = _money(file, name, f"{where}.income_3_months", ev.get("income_3_months"))
        elif "income_3_months" in ev:
            raise ScenarioError(file, name, f"{where}.income_3_months",
                                "only for kind income_drop")
        if kind == "family_change" and "household" not in ev:
            raise ScenarioError(file, name, f"{where}.household", "the changed household")
        exp = _expect(file, name, f"{where}.expect", ev.get("expect"), timeline=True)
        events.append(TimelineEvent(when, kind, rules, new_h, new_d, q, exp))
    return Timeline(name, dwelling_id, start, int(year), household, dwelling, expect,
                    tuple(events), mode)


_ANY_HOUSEHOLD = Household("single", 0)
_ANY_DWELLING = Dwelling(0)


def _changes(parsed: object, doc: object) -> dict[str, Any]:
    """The fields given in ``doc``, with their validated values from ``parsed``."""
    return {key: getattr(parsed, key) for key in (doc or {})} if isinstance(doc, dict) else {}


def _only(file: str, case: str, prefix: str, doc: Mapping[Any, Any], keys: Sequence[str]) -> None:
    for key in doc:
        if key not in keys:
            raise ScenarioError(file, case, f"{prefix}{key}",
                                f"unknown field; expected {', '.join(keys)}")


def _date(file: str, case: str, name: str, value: object) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ScenarioError(file, case, name, "a date YYYY-MM-DD expected")


def _money(file: str, case: str, name: str, value: object) -> int:
    if value is None:
        raise ScenarioError(file, case, name, "required (euro amount)")
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str):
        raise ScenarioError(file, case, name, f"an euro amount expected, not {value!r}")
    try:
        cents = to_cents(value, name)
    except InputError as exc:
        raise ScenarioError(file, case, name, exc.problem) from None
    if cents < 0:
        raise ScenarioError(file, case, name, f"negative amount {format_cents(cents)}")
    return cents


def _count(file: str, case: str, name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
        raise ScenarioError(file, case, name, f"a whole count 0..65535 expected, not {value!r}")
    return value


def _household(
    file: str, case: str, where: str, doc: object, base: Household | None
) -> Household:
    if doc is None and base is not None:
        return base
    data = _mapping(doc, file, case, where)
    if not data:
        raise ScenarioError(file, case, where, "required")
    _only(file, case, f"{where}.", data, _HOUSEHOLD_KEYS)
    values: dict[str, Any] = {} if base is None else {
        k: getattr(base, k) for k in _HOUSEHOLD_KEYS
    }
    for key in ("category", "income"):
        if base is None and key not in data:
            raise ScenarioError(file, case, f"{where}.{key}", "required")
    if "category" in data:
        if data["category"] not in CATEGORIES:
            raise ScenarioError(file, case, f"{where}.category", f"one of {', '.join(CATEGORIES)}")
        values["category"] = data["category"]
    if "income" in data:
        values["income"] = _money(file, case, f"{where}.income", data["income"])
    for key in ("dependants", "dependants_half", "dependants_double"):
        if key in data:
            values[key] = _count(file, case, f"{where}.{key}", data[key])
    if "leefloon_category" in data:
        value = data["leefloon_category"]
        if value is not None and value not in LEEFLOON_CATEGORIES:
            raise ScenarioError(file, case, f"{where}.leefloon_category",
                                f"one of {', '.join(LEEFLOON_CATEGORIES)}")
        values["leefloon_category"] = value
    try:
        return Household(**values)
    except InputError as exc:
        raise ScenarioError(file, case, exc.field, exc.problem) from None


def _dwelling(file: str, case: str, where: str, doc: object, base: Dwelling | None) -> Dwelling:
    if doc is None and base is not None:
        return base
    data = _mapping(doc, file, case, where)
    if not data:
        raise ScenarioError(file, case, where, "required")
    _only(file, case, f"{where}.", data, _DWELLING_KEYS)
    values: dict[str, Any] = {} if base is None else {k: getattr(base, k) for k in _DWELLING_KEYS}
    if base is None and "base_rent" not in data:
        raise ScenarioError(file, case, f"{where}.base_rent", "required")
    for key in ("base_rent", "patrimony_discount", "energy_correction"):
        if key in data:
            values[key] = _money(file, case, f"{where}.{key}", data[key])
    if "min_rent_tier" in data:
        if data["min_rent_tier"] not in ("low", "high"):
            raise ScenarioError(file, case, f"{where}.min_rent_tier", "low or high")
        values["min_rent_tier"] = data["min_rent_tier"]
    return Dwelling(**values)


def _expect(file: str, case: str, where: str, doc: object, *, timeline: bool) -> Expect:
    data = _mapping(doc, file, case, where)
    keys = ("rent", "divisor", "eligible") + (("revision", "effective") if timeline else ())
    _only(file, case, f"{where}.", data, keys)
    if "rent" not in data:
        raise ScenarioError(file, case, f"{where}.rent", "required (expected monthly rent)")
    divisor = data.get("divisor")
    if divisor is not None and (isinstance(divisor, bool) or not isinstance(divisor, int)):
        raise ScenarioError(file, case, f"{where}.divisor", "a whole number expected")
    for key in ("eligible", "revision"):
        if key in data and not isinstance(data[key], bool):
            raise ScenarioError(file, case, f"{where}.{key}", "true or false expected")
    effective = data.get("effective")
    return Expect(
        rent=_money(file, case, f"{where}.rent", data["rent"]),
        divisor=divisor,
        eligible=data.get("eligible"),
        revision=data.get("revision"),
        effective=None if effective is None else _date(file, case, f"{where}.effective",
                                                       effective),
    )


# ---------------------------------------------------------------------- reference


def reference_case(scenario: Scenario, case: Case, version: int = 1) -> RentBreakdown:
    """The reference's rent of ``case`` (and its eligibility checked when expected)."""
    rules = scenario.rule_set(scenario.rules, version)
    try:
        if case.expect.eligible is not None:
            eligibility(rules, case.household)
        return rent(rules, case.household, case.dwelling)
    except InputError as exc:
        raise ScenarioError(scenario.label, case.name, exc.field, exc.problem) from None


def _in_rule_year(day: date, year: int) -> bool:
    """Whether a decision dated ``day`` may use rule year ``year``: from 1 January of that
    year to 1 January of the next, as the lease register accepts."""
    return date(year, 1, 1) <= day <= date(year + 1, 1, 1)


def _first_of_next_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def timeline_steps(
    scenario: Scenario, timeline: Timeline, versions: Mapping[int, int] | None = None
) -> list[Step]:
    """The reference course of a timeline: the opening and one step per event."""
    versions = versions or {}

    def compute(year: int, h: Household, d: Dwelling, label: str) -> RentBreakdown:
        try:
            return rent(scenario.rule_set(year, versions.get(year, 1)), h, d)
        except InputError as exc:
            raise ScenarioError(scenario.label, timeline.name, f"{label}: {exc.field}",
                                exc.problem) from None

    if not _in_rule_year(timeline.start, timeline.rules):
        raise ScenarioError(scenario.label, timeline.name, "lease.start",
                            f"{timeline.start} lies outside rule year {timeline.rules}")
    first = compute(timeline.rules, timeline.household, timeline.dwelling, "lease")
    steps = [Step(f"{timeline.name} / lease {timeline.start}", "opening", timeline.start, True,
                  timeline.start, timeline.rules, timeline.household, timeline.dwelling, first,
                  timeline.expect)]
    current = steps[0]
    for i, ev in enumerate(timeline.events):
        label = f"{timeline.name} / {ev.kind} {ev.date}"
        if ev.date < current.day:
            raise ScenarioError(scenario.label, timeline.name, f"events[{i}].date",
                                "events must be in date order")
        try:
            household = replace(current.household, **ev.household)
            dwelling = replace(current.dwelling, **ev.dwelling)
        except InputError as exc:
            raise ScenarioError(scenario.label, timeline.name, f"events[{i}].{exc.field}",
                                exc.problem) from None
        year, applies = current.rule_year, True
        if ev.kind == "yearly":
            year = ev.date.year
            effective = ev.date
            if year <= current.rule_year:
                raise ScenarioError(scenario.label, timeline.name, f"events[{i}].date",
                                    f"the yearly revision of {year} is not after the lease's "
                                    f"rule year {current.rule_year}")
        else:
            effective = (_first_of_next_month(ev.date)
                         if timeline.mid_term_effective == "next_month" else ev.date)
        if ev.kind != "yearly" and not _in_rule_year(effective, year):
            raise ScenarioError(scenario.label, timeline.name, f"events[{i}].date",
                                f"a revision effective {effective} needs the yearly revision "
                                f"of {effective.year} first (rule year {year} runs to 1 January "
                                f"{year + 1})")
        if ev.kind == "income_drop":
            assert ev.income_three_months is not None
            applies = income_drop_applies(current.household.income, ev.income_three_months)
            household = replace(current.household, income=4 * ev.income_three_months)
        if applies:
            breakdown = compute(year, household, dwelling, f"events[{i}]")
            step = Step(label, ev.kind, ev.date, True, effective, year, household, dwelling,
                        breakdown, ev.expect)
            current = step
        else:
            step = replace(current, label=label, kind=ev.kind, day=ev.date, revision=False,
                           expect=ev.expect)
            current = replace(current, day=ev.date)
        steps.append(step)
    return steps


# ---------------------------------------------------------------------- comparing


def compare(
    expect: Expect, reference: RentBreakdown, onchain: RentBreakdown | None,
    eligible: tuple[bool | None, bool | None] = (None, None),
    revision: tuple[bool | None, bool | None] = (None, None),
    effective: date | None = None,
) -> tuple[bool, str]:
    """Whether the reference (and, when given, the chain) give what ``expect`` says; the
    second value names every difference."""
    problems: list[str] = []
    if reference.rent != expect.rent:
        problems.append(f"reference rent {format_cents(reference.rent)}")
    if onchain is not None and onchain.rent != expect.rent:
        problems.append(f"on-chain rent {format_cents(onchain.rent)}")
    if expect.divisor is not None:
        for who, got in (("reference", reference), ("on-chain", onchain)):
            if got is not None and got.divisor != expect.divisor:
                problems.append(f"{who} divisor {got.divisor}")
    if expect.eligible is not None:
        for who, value in zip(("reference", "on-chain"), eligible, strict=True):
            if value is not None and value != expect.eligible:
                problems.append(f"{who} eligible {value}")
    if expect.revision is not None:
        for who, value in zip(("reference", "on-chain"), revision, strict=True):
            if value is not None and value != expect.revision:
                problems.append(f"{who} revision {value}")
    if expect.effective is not None and effective != expect.effective:
        problems.append(f"effective {effective}")
    return (not problems, "; ".join(problems))


def reference_rows(scenarios: Iterable[Scenario]) -> list[Row]:
    """Rows for every case and timeline step, computed by the reference only."""
    rows: list[Row] = []
    for scenario in scenarios:
        for case in scenario.cases:
            reference = reference_case(scenario, case)
            elig = (eligibility(scenario.rule_set(scenario.rules), case.household).eligible
                    if case.expect.eligible is not None else None)
            ok, detail = compare(case.expect, reference, None, (elig, None))
            rows.append(Row(scenario.label, case.name, case.expect.rent, reference.rent, None,
                            ok, detail))
        for timeline in scenario.timelines:
            for step in timeline_steps(scenario, timeline):
                ok, detail = compare(step.expect, step.breakdown, None,
                                     revision=(step.revision, None),
                                     effective=step.effective if step.revision else None)
                rows.append(Row(scenario.label, step.label, step.expect.rent,
                                step.breakdown.rent, None, ok, detail))
    return rows
