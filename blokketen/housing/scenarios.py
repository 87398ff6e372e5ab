"""Scenario files: a rule year, parameter overrides, cases and timelines, with expectations.

The format is public and documented in README.md ("Scenario files (public format)" under
"Social-housing rental rules"). Loading validates everything and computes the reference for
every case, so a value the rule year lacks and the file does not supply makes the file
invalid: :class:`ScenarioError` names the file, the case and the field.

:func:`replay` computes every case with the reference and, given a client, on chain, and
returns one :class:`Row` per case (and per timeline step).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from blokketen._exceptions import InputError, ScenarioError
from blokketen.housing.params import parameters_from_mapping, read_yaml, rule_set
from blokketen.housing.rules import (
    CATEGORIES,
    LEEFLOON_CATEGORIES,
    DecisionKind,
    Dwelling,
    Household,
    RentBreakdown,
    RuleParameters,
    RuleSet,
    eligibility,
    format_cents,
    income_drop_applies,
    rent,
    to_cents,
)

if TYPE_CHECKING:
    from blokketen.housing.client import SocialRentRules

__all__ = [
    "Case",
    "ChainReplayer",
    "Expect",
    "Row",
    "Scenario",
    "ScenarioError",
    "Step",
    "Timeline",
    "TimelineEvent",
    "load_scenario",
    "replay",
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
        _reference_case(scenario, case)
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


def _reference_case(scenario: Scenario, case: Case, version: int = 1) -> RentBreakdown:
    rules = scenario.rule_set(scenario.rules, version)
    try:
        if case.expect.eligible is not None:
            eligibility(rules, case.household)
        return rent(rules, case.household, case.dwelling)
    except InputError as exc:
        raise ScenarioError(scenario.label, case.name, exc.field, exc.problem) from None


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
        else:
            effective = (_first_of_next_month(ev.date)
                         if timeline.mid_term_effective == "next_month" else ev.date)
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


# ---------------------------------------------------------------------- replay


def _compare(
    expect: Expect, reference: RentBreakdown, onchain: RentBreakdown | None,
    eligible: tuple[bool | None, bool | None] = (None, None),
    revision: tuple[bool | None, bool | None] = (None, None),
    effective: date | None = None,
) -> tuple[bool, str]:
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


class ChainReplayer:
    """Computes scenarios on chain with one client that may publish rules and keep leases.

    Rule sets are published once per distinct (year, parameters) and reused."""

    def __init__(self, client: SocialRentRules) -> None:
        self.client = client
        self._versions: dict[tuple[int, RuleParameters], int] = {}

    def version(self, rules: RuleSet) -> int:
        """The on-chain version holding exactly these parameters (published if needed)."""
        key = (rules.year, rules.parameters)
        if key not in self._versions:
            latest = self.client.latest_version(rules.year)
            for v in range(latest, 0, -1):
                if self.client.rule_set(rules.year, v).rules.parameters == rules.parameters:
                    self._versions[key] = v
                    break
            else:
                published = self.client.publish_rules(
                    rules, reason=None if latest == 0 else "scenario replay parameters")
                self._versions[key] = published.version
        return self._versions[key]

    def cases(self, scenario: Scenario) -> list[Row]:
        version = self.version(scenario.rule_set(scenario.rules))
        items = [(scenario.rules, version, c.household, c.dwelling) for c in scenario.cases]
        chain_rents = self.client.rent_many(items)
        rows = []
        for case, onchain in zip(scenario.cases, chain_rents, strict=True):
            reference = _reference_case(scenario, case, version)
            eligible: tuple[bool | None, bool | None] = (None, None)
            if case.expect.eligible is not None:
                rules = scenario.rule_set(scenario.rules, version)
                eligible = (eligibility(rules, case.household).eligible,
                            self.client.eligibility(scenario.rules, case.household,
                                                    version=version).eligible)
            ok, detail = _compare(case.expect, reference, onchain, eligible)
            rows.append(Row(scenario.label, case.name, case.expect.rent, reference.rent,
                            onchain.rent, ok, detail))
        return rows

    def timeline(self, scenario: Scenario, timeline: Timeline) -> list[Row]:
        years = {timeline.rules} | {e.date.year for e in timeline.events if e.kind == "yearly"}
        versions = {y: self.version(scenario.rule_set(y)) for y in sorted(years)}
        steps = timeline_steps(scenario, timeline, versions)
        dwelling_id = timeline.dwelling_id or (
            f"scenario:{scenario.path.name}:{timeline.name}:{secrets.token_hex(4)}")
        client = self.client
        rows: list[Row] = []
        lease_id = 0
        proofs: list[tuple[Any, bytes]] = []
        last_onchain: RentBreakdown | None = None
        for step in steps:
            if step.revision:
                decision = client.decide(dwelling_id, step.household, step.dwelling,
                                         year=step.rule_year, version=versions[step.rule_year],
                                         kind=step.kind, effective=step.effective)
                if step.kind == "opening":
                    opened = client.open_lease(decision)
                    lease_id, salt = opened.lease_id, opened.salt
                else:
                    salt = client.revise_lease(lease_id, decision).salt
                proofs.append((decision, salt))
                last_onchain = decision.breakdown
            ok, detail = _compare(step.expect, step.breakdown, last_onchain,
                                  revision=(step.revision, None),
                                  effective=step.effective if step.revision else None)
            rows.append(Row(scenario.label, step.label, step.expect.rent, step.breakdown.rent,
                            None if last_onchain is None else last_onchain.rent, ok, detail))
        # End the replayed lease so that the dwelling id can be replayed again.
        client.end_lease(lease_id, max(record.effective for record in
                                       client.lease_history(lease_id).records))
        history = client.lease_history(lease_id)
        problems = []
        if len(history.records) != len(proofs):
            problems.append(f"{len(history.records)} records on chain, {len(proofs)} decisions")
        for decision, salt in proofs:
            if not client.prove_decision(decision, salt).valid:
                problems.append("a decision does not prove against the register")
        if problems:
            last = rows[-1]
            detail = "; ".join([last.detail, *problems]).strip("; ")
            rows[-1] = replace(last, ok=False, detail=detail)
        return rows


def replay(
    scenarios: Iterable[Scenario], client: SocialRentRules | None = None
) -> list[Row]:
    """Rows for every case and timeline step: reference always, on chain with a client."""
    replayer = ChainReplayer(client) if client is not None else None
    rows: list[Row] = []
    for scenario in scenarios:
        if replayer is not None:
            rows.extend(replayer.cases(scenario) if scenario.cases else [])
            for timeline in scenario.timelines:
                rows.extend(replayer.timeline(scenario, timeline))
            continue
        for case in scenario.cases:
            reference = _reference_case(scenario, case)
            elig = (eligibility(scenario.rule_set(scenario.rules), case.household).eligible
                    if case.expect.eligible is not None else None)
            ok, detail = _compare(case.expect, reference, None, (elig, None))
            rows.append(Row(scenario.label, case.name, case.expect.rent, reference.rent, None,
                            ok, detail))
        for timeline in scenario.timelines:
            for step in timeline_steps(scenario, timeline):
                ok, detail = _compare(step.expect, step.breakdown, None,
                                      revision=(step.revision, None),
                                      effective=step.effective if step.revision else None)
                rows.append(Row(scenario.label, step.label, step.expect.rent,
                                step.breakdown.rent, None, ok, detail))
    return rows
