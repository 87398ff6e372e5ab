"""The diploma pilot's demo: two countries, a batch of 100, verify, revoke, recognise.

``run_demo(chain, accounts, echo)`` deploys a fresh DiplomaRegistry, accredits a Flemish and a
Dutch institution, issues 100 generated diplomas in one transaction, verifies one, revokes one,
has NARIC-Vlaanderen recognise a Dutch diploma, and prints a table through ``echo``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from blokketen.diploma.documents import DiplomaDocument, keccak256

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain

__all__ = ["run_demo", "sample_documents"]

_GIVEN = ("Emma", "Noah", "Lotte", "Arthur", "Marie", "Louis", "Fien", "Jules", "Nora", "Lucas")
_FAMILY = ("Peeters", "Janssens", "Maes", "Jacobs", "De Smet", "Willems", "Claes", "Goossens")
_PROGRAMMES = (
    ("Master of Science in Engineering: Computer Science", "0613"),
    ("Master of Laws", "0421"),
    ("Master of Science in Biology", "0511"),
    ("Master of Arts in History", "0222"),
)


def sample_documents(
    count: int,
    *,
    institution: str = "KU Leuven",
    country: str = "BE",
    level: int = 7,
    year: int = 2026,
    seed: int = 0,
) -> list[DiplomaDocument]:
    """``count`` made-up diplomas of one institution and EQF level (deterministic per seed)."""
    rng = random.Random(seed)
    documents = []
    for number in range(count):
        qualification, field = rng.choice(_PROGRAMMES)
        documents.append(
            DiplomaDocument(
                diploma_id=f"{country}-{year}-{seed:03d}-{number:06d}",
                given_names=rng.choice(_GIVEN),
                family_name=rng.choice(_FAMILY),
                birth_date=f"{year - 23 - rng.randrange(5)}-{rng.randrange(1, 13):02d}-"
                f"{rng.randrange(1, 29):02d}",
                qualification=qualification,
                isced_field=field,
                eqf_level=level,
                institution=institution,
                country=country,
                awarded_on=f"{year}-07-{rng.randrange(1, 29):02d}",
                grade=rng.choice((None, "cum laude", "magna cum laude", "summa cum laude")),
            )
        )
    return documents


def run_demo(
    chain: Chain, accounts: Sequence[LocalAccount], echo: Callable[[str], None],
    address: str | None = None,
) -> None:
    """Accredit, issue 100, verify, revoke, recognise; print a table via ``echo``.

    Uses the DiplomaRegistry at ``address`` (admin ``accounts[0]``), or deploys one."""
    from blokketen.diploma.client import DiplomaRegistry
    from blokketen.diploma.types import RevocationReason

    if len(accounts) < 6:
        from blokketen._exceptions import InputError

        raise InputError("accounts", "the diploma demo needs 6 accounts")
    admin, flemish_accreditor, dutch_accreditor, leuven, utrecht, naric = accounts[:6]

    if address is None:
        registry = DiplomaRegistry.deploy(chain, admin, admin.address)
        echo(f"DiplomaRegistry deployed at {registry.address} (chain {chain.chain_id})")
    else:
        registry = DiplomaRegistry(chain, address, sender=admin)
    registry.appoint_accreditor(flemish_accreditor.address, "BE")
    registry.appoint_accreditor(dutch_accreditor.address, "NL")
    registry.grant_role("RECOGNISER_ROLE", naric.address)
    registry.as_sender(flemish_accreditor).accredit(leuven.address, country="BE", levels=[6, 7, 8])
    registry.as_sender(dutch_accreditor).accredit(utrecht.address, country="NL", levels=[6, 7])
    echo("accredited: KU Leuven (BE, EQF 6-8) by the Flemish accreditor (NVAO),")
    echo("            Universiteit Utrecht (NL, EQF 6-7) by the Dutch accreditor")

    leuven_client = registry.as_sender(leuven)
    batch = sample_documents(100, institution="KU Leuven", country="BE", level=7, seed=1)
    receipts = leuven_client.issue_batch(batch)
    anchored = registry.batch(receipts[0].root)
    echo(f"issued {anchored.size} diplomas in one transaction: root 0x{anchored.root.hex()[:16]}…")

    utrecht_docs = sample_documents(3, institution="Universiteit Utrecht", country="NL", seed=2)
    foreign = registry.as_sender(utrecht).issue_batch(utrecht_docs)

    checked = registry.verify(receipts[0])
    echo(f"verify diploma {receipts[0].document.diploma_id}: {checked.status}")
    leuven_client.revoke(receipts[1], RevocationReason.ISSUED_IN_ERROR)
    echo(f"revoked diploma {receipts[1].document.diploma_id}: issued in error")
    decision = keccak256(b"NARIC-Vlaanderen decision 2026/0815 (document kept by NARIC)")
    registry.as_sender(naric).recognise(foreign[0], equivalent_level=7, decision_hash=decision)
    echo(f"NARIC-Vlaanderen recognised {foreign[0].document.diploma_id} as EQF 7")

    rows = [(receipts[0], "Leuven"), (receipts[1], "Leuven"), (foreign[0], "Utrecht")]
    echo("")
    echo(f"{'diploma':<22} {'issuer':<8} {'ctry':<4} {'EQF':>3}  {'status':<10} note")
    for receipt, name in rows:
        result = registry.verify(receipt, with_recognitions=True)
        note = ", ".join(r.label for r in result.reasons)
        if result.recognitions:
            note = f"recognised as EQF {result.recognitions[0].equivalent_level} by NARIC"
        row = (
            f"{receipt.document.diploma_id:<22} {name:<8} {result.country or '-':<4} "
            f"{result.level or 0:>3}  {result.status.value:<10} {note}"
        )
        echo(row.rstrip())
