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
    from blokketen.competence.presentation import present
    from blokketen.competence.samples import learner_key

    chosen = disclose if disclose is not None else [c.index for c in receipt.claims[:2]]
    return present(receipt, disclose=chosen, audience=audience, nonce=nonce,
                   key=learner_key(seed, number),
                   issued_at=int(time.time()) if issued_at is None else issued_at)


def chain_state(registry: Any, roots: list[bytes], credentials: list[tuple[bytes, bytes]],
                accounts: list[str]) -> tuple[Any, ...]:
    """What the chain knows of ``roots``, ``credentials`` and ``accounts`` (to show that a
    refused call changed nothing)."""
    from blokketen.competence.client import VALIDATION_SCOPE

    batches = []
    for root in roots:
        try:
            batches.append(registry.batch(root))
        except Exception as err:  # an unknown batch is part of the state too
            batches.append(type(err).__name__)
    return (
        tuple(batches),
        tuple(registry.batch_mark(root) for root in roots),
        tuple(registry.credential_mark(b, c) for b, c in credentials),
        tuple(registry.institution_of(a) for a in accounts),
        tuple(registry.windows_of(VALIDATION_SCOPE, registry.role_id("validator"), a)
              for a in accounts),
        tuple(registry.has_role(role, a) for role in ("accreditor", "revoker") for a in accounts),
    )
