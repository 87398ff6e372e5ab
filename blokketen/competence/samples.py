"""Made-up learners and claims for the demo, the tests and the benchmark (deterministic per
seed): Competent codes or ESCO skill URIs with Dutch learning outcomes of a woodworking and
metalworking school, VKS levels 2 to 4, a share of self-declared claims. No learner has a name:
a learner is a key."""

from __future__ import annotations

import random
import uuid

from eth_keys.datatypes import PrivateKey
from eth_utils import keccak

from blokketen.competence.claims import Claim
from blokketen.competence.credentials import LearnerEntry
from blokketen.competence.types import Authenticity, ClaimKind, Framework

__all__ = ["OUTCOMES", "learner_key", "sample_claims", "sample_learners"]

OUTCOMES: tuple[tuple[str, ClaimKind], ...] = (
    ("bovenfreesmachine instellen en bedienen", ClaimKind.SKILL),
    ("handgedreven houtbewerkingsmachines instellen en bedienen", ClaimKind.SKILL),
    ("een werktekening lezen en interpreteren", ClaimKind.KNOWLEDGE),
    ("houtsoorten en plaatmaterialen kiezen volgens hun eigenschappen", ClaimKind.KNOWLEDGE),
    ("veilig werken volgens de voorschriften (VCA)", ClaimKind.BEHAVIOUR),
    ("samenwerken in een team op de werkvloer", ClaimKind.SOFT_SKILL),
    ("een werkplanning opstellen en bijsturen", ClaimKind.SKILL),
    ("kwaliteitscontrole van afgewerkte stukken uitvoeren", ClaimKind.SKILL),
    ("eerstelijnsonderhoud van machines uitvoeren", ClaimKind.SKILL),
    ("afval sorteren en milieubewust werken", ClaimKind.BEHAVIOUR),
    ("klantgericht communiceren over een opdracht", ClaimKind.SOFT_SKILL),
    ("verbindingen in massief hout maken (pen en gat, zwaluwstaart)", ClaimKind.SKILL),
    ("oppervlakken schuren, beitsen en lakken", ClaimKind.SKILL),
    ("CNC-programma's voor houtbewerking laden en controleren", ClaimKind.SKILL),
    ("meetinstrumenten correct gebruiken (schuifmaat, rolmeter)", ClaimKind.SKILL),
    ("zelfstandig werken en initiatief nemen", ClaimKind.SOFT_SKILL),
    ("stiptheid en verantwoordelijkheid tonen", ClaimKind.BEHAVIOUR),
    ("ergonomisch werken en tillen", ClaimKind.BEHAVIOUR),
    ("basiskennis elektriciteit van werkplaatsmachines", ClaimKind.KNOWLEDGE),
    ("beslag en hang- en sluitwerk monteren", ClaimKind.SKILL),
    ("plaatmateriaal op maat zagen met de formaatzaag", ClaimKind.SKILL),
    ("lijm- en klemtechnieken toepassen", ClaimKind.SKILL),
    ("een eenvoudig meubel assembleren volgens plan", ClaimKind.SKILL),
    ("problemen oplossen bij storingen aan machines", ClaimKind.SOFT_SKILL),
)
"""Learning outcomes (Dutch) of a woodworking course and their kind."""


def learner_key(seed: int, number: int) -> bytes:
    """The made-up private key of learner ``number`` (a learner makes its own key; these are
    for the demo and the tests only)."""
    return keccak(text=f"blokketen competence sample learner {seed} {number}")


def sample_claims(count: int, *, framework: Framework = Framework.COMPETENT, seed: int = 0,
                  self_declared: float = 0.0, levels: tuple[int, int] = (2, 4)) -> list[Claim]:
    """``count`` distinct claims; about ``self_declared`` of them (a share) self-declared."""
    rng = random.Random(seed)
    claims = []
    for number in range(count):
        outcome, kind = OUTCOMES[number % len(OUTCOMES)]
        if number >= len(OUTCOMES):
            outcome = f"{outcome} (module {number // len(OUTCOMES) + 1})"
        if framework is Framework.ESCO:
            code = f"http://data.europa.eu/esco/skill/{uuid.UUID(int=rng.getrandbits(128))}"
        else:
            code = f"{rng.choice('ABHKN')}{rng.randrange(100000, 999999)}"
        claims.append(Claim(
            framework=framework.value, code=code, kind=kind.value, learning_outcome=outcome,
            level=rng.randint(*levels), assessed_on=f"2026-{rng.randrange(1, 7):02d}-"
            f"{rng.randrange(1, 29):02d}",
            authenticity=(Authenticity.SELF_DECLARED if rng.random() < self_declared
                          else Authenticity.AUTHENTIC).value))
    return claims


def sample_learners(count: int, *, claims: int | tuple[int, int] = 20, seed: int = 0,
                    framework: Framework = Framework.COMPETENT,
                    self_declared: float = 0.0,
                    levels: tuple[int, int] = (2, 4)) -> list[LearnerEntry]:
    """``count`` learners (keys :func:`learner_key`) with ``claims`` claims each (a number, or
    a range drawn from) at levels drawn from ``levels``."""
    rng = random.Random(seed)
    entries = []
    for number in range(count):
        many = claims if isinstance(claims, int) else rng.randint(*claims)
        holder = PrivateKey(learner_key(seed, number)).public_key.to_checksum_address()
        entries.append(LearnerEntry(holder=holder, claims=tuple(sample_claims(
            many, framework=framework, seed=seed * 1_000_003 + number,
            self_declared=self_declared, levels=levels))))
    return entries
