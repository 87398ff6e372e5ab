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
from typing import TYPE_CHECKING, Any

from blokketen.contract.tx import Transactor, fees
from blokketen.housing.client import SocialRentRules
from blokketen.housing.dwellings import dwelling_ref, registrar_key
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

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain

__all__ = ["ChainReplayer", "replay"]

_GAS_PER_LEASE_TX = 400_000
"""A generous bound on the gas of one lease transaction (open, revise, end: 130-200k)."""


class ChainReplayer:
    """Computes scenarios on chain, each duty with its own account as the contract demands:
    ``client`` publishes rule sets (RULE_ADMIN), ``registrar`` registers the replayed
    dwellings (REGISTRAR), ``landlord`` opens and revises their leases (LANDLORD). Rents
    and eligibility come from the contract's views (``on_chain=True``): a replay checks the
    contract against the reference.

    Rule sets are published once per distinct (year, parameters) and reused. A timeline's
    ``dwelling_id`` label becomes a keyed dwelling reference under a key of this replay."""

    def __init__(
        self, client: SocialRentRules, *, registrar: SocialRentRules,
        landlord: SocialRentRules,
    ) -> None:
        self.client = client
        self.registrar = registrar
        self.landlord = landlord
        self._key = registrar_key()
        self._versions: dict[tuple[int, RuleParameters], int] = {}
        self._funder: Transactor | None = None

    @classmethod
    def deploy(
        cls, chain: Chain, account: LocalAccount, *, landlord: LocalAccount | None = None,
        admin_delay: int = 0,
    ) -> ChainReplayer:
        """A fresh SocialRentRules of this replay only: ``account`` deploys it, administers
        it, publishes and registers; ``landlord`` keeps the leases. Without ``landlord`` a
        new throwaway key does, funded by ``account`` as it goes; :meth:`close` sends what
        is left back."""
        client = SocialRentRules.deploy(chain, account, account.address, admin_delay)
        client.grant_role("rule_admin", account.address)
        client.grant_role("registrar", account.address)
        funder = None
        if landlord is None:
            from eth_account import Account

            landlord = Account.create()
            funder = Transactor(chain, account)
        client.grant_role("landlord", landlord.address)
        replayer = cls(client, registrar=client, landlord=client.as_sender(landlord))
        replayer._funder = funder
        return replayer

    def close(self) -> None:
        """Send a throwaway landlord's remaining funds back to the account that gave them."""
        funder, self._funder = self._funder, None
        keeper = self.landlord.sender
        if funder is None or keeper is None:
            return
        chain = self.client.chain
        balance = chain.balance(keeper.address)
        price = _fee_per_gas(chain)
        left = balance - 2 * 21_000 * price  # room for the fee rising meanwhile
        if left > 0:
            Transactor(chain, keeper).transact(funder.address, b"", value=left, gas=21_000)

    def _fund(self, transactions: int) -> None:
        """Give a throwaway landlord gas for ``transactions`` more lease transactions."""
        keeper = self.landlord.sender
        if self._funder is None or keeper is None:
            return
        chain = self.client.chain
        need = transactions * _GAS_PER_LEASE_TX * _fee_per_gas(chain)
        balance = chain.balance(keeper.address)
        if balance < need:
            self._funder.transact(keeper.address, b"", value=2 * need - balance)

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
        chain_rents = self.client.rent_many(items, on_chain=True)
        rows = []
        for case, onchain in zip(scenario.cases, chain_rents, strict=True):
            reference = reference_case(scenario, case, version)
            eligible: tuple[bool | None, bool | None] = (None, None)
            if case.expect.eligible is not None:
                rules = scenario.rule_set(scenario.rules, version)
                eligible = (eligibility(rules, case.household).eligible,
                            self.client.eligibility(scenario.rules, case.household,
                                                    version=version, on_chain=True).eligible)
            ok, detail = compare(case.expect, reference, onchain, eligible)
            rows.append(Row(scenario.label, case.name, case.expect.rent, reference.rent,
                            onchain.rent, ok, detail))
        return rows

    def timeline(self, scenario: Scenario, timeline: Timeline) -> list[Row]:
        """One row per step of ``timeline``: the dwelling registered (once), the lease opened
        and revised on chain, every decision proved against the register at the end."""
        years = {timeline.rules} | {e.date.year for e in timeline.events if e.kind == "yearly"}
        versions = {y: self.version(scenario.rule_set(y)) for y in sorted(years)}
        steps = timeline_steps(scenario, timeline, versions)
        label = timeline.dwelling_id or (
            f"scenario:{scenario.path.name}:{timeline.name}:{secrets.token_hex(4)}")
        ref = dwelling_ref(self._key, label)
        keeper = self.landlord
        assert keeper.sender is not None
        if self.client.dwelling_landlord(ref) is None:
            self.registrar.register_dwellings(keeper.sender.address, [ref])
        self._fund(sum(step.revision for step in steps) + 1)
        rows: list[Row] = []
        lease_id = 0
        proofs: list[tuple[Any, bytes]] = []
        last_onchain: RentBreakdown | None = None
        for step in steps:
            if step.revision:
                decision = keeper.decide(ref, step.household, step.dwelling,
                                         year=step.rule_year, version=versions[step.rule_year],
                                         kind=step.kind, effective=step.effective,
                                         on_chain=True)
                if step.kind == "opening":
                    opened = keeper.open_lease(decision)
                    lease_id, salt = opened.lease_id, opened.salt
                else:
                    salt = keeper.revise_lease(lease_id, decision).salt
                proofs.append((decision, salt))
                last_onchain = decision.breakdown
            ok, detail = compare(step.expect, step.breakdown, last_onchain,
                                  revision=(step.revision, None),
                                  effective=step.effective if step.revision else None)
            rows.append(Row(scenario.label, step.label, step.expect.rent, step.breakdown.rent,
                            None if last_onchain is None else last_onchain.rent, ok, detail))
        # End the replayed lease so that the dwelling can be replayed again.
        keeper.end_lease(lease_id, max(record.effective for record in
                                       keeper.lease_history(lease_id).records))
        history = keeper.lease_history(lease_id)
        problems = []
        if len(history.records) != len(proofs):
            problems.append(f"{len(history.records)} records on chain, {len(proofs)} decisions")
        for decision, salt in proofs:
            if not keeper.prove_decision(decision, salt).valid:
                problems.append("a decision does not prove against the register")
        if problems:
            last = rows[-1]
            detail = "; ".join([last.detail, *problems]).strip("; ")
            rows[-1] = replace(last, ok=False, detail=detail)
        return rows


def _fee_per_gas(chain: Chain) -> int:
    fields = fees(chain, max_age=0)
    return int(fields.get("maxFeePerGas", fields.get("gasPrice", 0)))


def replay(scenarios: Iterable[Scenario], replayer: ChainReplayer | None = None) -> list[Row]:
    """Rows for every case and timeline step: the reference always, on chain too with a
    ``replayer`` (see :meth:`ChainReplayer.deploy`)."""
    if replayer is None:
        return reference_rows(scenarios)
    rows: list[Row] = []
    for scenario in scenarios:
        rows.extend(replayer.cases(scenario) if scenario.cases else [])
        for timeline in scenario.timelines:
            rows.extend(replayer.timeline(scenario, timeline))
    return rows
