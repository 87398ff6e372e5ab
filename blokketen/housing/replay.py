"""Scenario replay on chain: every case and timeline of a scenario file computed by a
SocialRentRules contract (rule sets published, leases opened and revised) and compared with
the reference and the file's expectations.

The scenario files themselves, and the reference rows, are :mod:`blokketen.housing.scenarios`
(no chain); this module drives the chain through :class:`SocialRentRules`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from blokketen.housing.client import SocialRentRules
from blokketen.housing.rules import eligibility
from blokketen.housing.scenarios import (
    Row,
    Scenario,
    Timeline,
    compare,
    reference_case,
    reference_rows,
    timeline_steps,
)
from blokketen.housing.types import RentBreakdown, RuleParameters, RuleSet

__all__ = ["ChainReplayer", "replay"]


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
        """One row per case of ``scenario``, the rents on chain in one batch of calls."""
        version = self.version(scenario.rule_set(scenario.rules))
        items = [(scenario.rules, version, c.household, c.dwelling) for c in scenario.cases]
        chain_rents = self.client.rent_many(items)
        rows = []
        for case, onchain in zip(scenario.cases, chain_rents, strict=True):
            reference = reference_case(scenario, case, version)
            eligible: tuple[bool | None, bool | None] = (None, None)
            if case.expect.eligible is not None:
                rules = scenario.rule_set(scenario.rules, version)
                eligible = (eligibility(rules, case.household).eligible,
                            self.client.eligibility(scenario.rules, case.household,
                                                    version=version).eligible)
            ok, detail = compare(case.expect, reference, onchain, eligible)
            rows.append(Row(scenario.label, case.name, case.expect.rent, reference.rent,
                            onchain.rent, ok, detail))
        return rows

    def timeline(self, scenario: Scenario, timeline: Timeline) -> list[Row]:
        """One row per step of ``timeline``: the lease opened and revised on chain, every
        decision proved against the register at the end."""
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
            ok, detail = compare(step.expect, step.breakdown, last_onchain,
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


def replay(scenarios: Iterable[Scenario], client: SocialRentRules | None = None) -> list[Row]:
    """Rows for every case and timeline step: reference always, on chain with a client
    (whose sender may publish rules and keep leases)."""
    if client is None:
        return reference_rows(scenarios)
    replayer = ChainReplayer(client)
    rows: list[Row] = []
    for scenario in scenarios:
        rows.extend(replayer.cases(scenario) if scenario.cases else [])
        for timeline in scenario.timelines:
            rows.extend(replayer.timeline(scenario, timeline))
    return rows
