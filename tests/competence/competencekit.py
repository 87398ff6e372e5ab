"""Helpers the competence tests share: actors, a deployment, presentations, a snapshot of
what the chain knows."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

SCHOOL = 32151
"""The made-up institution number of the test school."""
SEED = 3
"""The seed of the ``proposed`` fixture's learners (their keys: learner_key(SEED, n))."""
AUDIENCE = "did:web:werkgever.be"
NONCE = "n-0001"


@dataclass
class Actors:
    """Named accounts: the admin, an accreditor, two schools, two VDAB validators, an exam
    board (REVOKER), an employer and someone without a role."""

    admin: Any
    accreditor: Any
    school: Any
    school2: Any
    vdab: Any
    vdab2: Any
    board: Any
    employer: Any
    stranger: Any


def deploy(chain: Any, project: Any, admin: Any) -> Any:
    """A fresh CompetenceRegistry with the pilot's constructor arguments."""
    from blokketen.competence.client import CompetenceRegistry
    from blokketen.competence.pilot import constructor_args

    return CompetenceRegistry.deploy(chain, admin, *constructor_args("CompetenceRegistry",
                                                                     admin.address),
                                     store=project.artifacts())


def presentation(receipt: Any, number: int, *, disclose: Any = None, audience: str = AUDIENCE,
                 nonce: str = NONCE, issued_at: int | None = None, seed: int = SEED) -> Any:
    """Learner ``number``'s presentation of ``receipt`` (default: its first two claims)."""
    from blokketen.competence.client import present
    from blokketen.competence.samples import learner_key

    chosen = disclose if disclose is not None else [c.index for c in receipt.claims[:2]]
    return present(receipt, disclose=chosen, audience=audience, nonce=nonce,
                   key=learner_key(seed, number),
                   issued_at=int(time.time()) if issued_at is None else issued_at)


def chain_state(registry: Any, roots: list[bytes], credentials: list[tuple[bytes, bytes]],
                accounts: list[str]) -> tuple[Any, ...]:
    """What the chain knows of the batches ``roots`` (proposed ones), ``credentials`` and
    ``accounts``, read in one JSON-RPC batch (to show that a refused call changed nothing)."""
    from blokketen.competence.client import VALIDATION_SCOPE

    validator = registry.role_id("validator")
    roles = [registry.role_id(name) for name in ("accreditor", "revoker", "admin")]
    calls: list[tuple[str, tuple[Any, ...]]] = []
    calls += [("batch", (root,)) for root in roots]
    calls += [("batchMark", (root,)) for root in roots]
    calls += [("credentialMark", pair) for pair in credentials]
    calls += [("institutionOf", (a,)) for a in accounts]
    calls += [("windowsOf", (VALIDATION_SCOPE, validator, a)) for a in accounts]
    calls += [("hasRole", (role, a)) for role in roles for a in accounts]
    calls += [("defaultAdmin", ()), ("pendingDefaultAdmin", ())]
    answers = registry._call_many(calls)
    assert len(answers) == len(calls), "the batch must answer every call"
    return tuple(repr(answer) for answer in answers)
