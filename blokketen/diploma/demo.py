"""The diploma pilot's demo: two countries, a batch of 100, a court, a diploma mill.

``run_demo(chain, accounts, echo)`` deploys a fresh DiplomaRegistry (or checks the code of
the one at ``address`` against the project's build), accredits a Flemish and a Dutch
university and a Dutch diploma mill, issues 100 generated diplomas in one transaction,
verifies one (naming the registry and code the verdict comes from), revokes one, lets a court
suspend one (which the university cannot lift), has NARIC-Vlaanderen recognise a Dutch
diploma, voids the diploma mill's diplomas by a withdrawal that two parties agree on, and
prints a table through ``echo``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from blokketen.diploma.documents import DiplomaDocument, keccak256

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.contract.trust import PinnedCode

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
    """Accredit, issue 100, verify, revoke, suspend, recognise, withdraw retroactively;
    print a table via ``echo``.

    Uses the DiplomaRegistry at ``address`` (admin ``accounts[0]``; its code must be the
    project's build for the chain's EVM), or deploys one."""
    from blokketen._exceptions import CustomErrorRevert, InputError
    from blokketen.diploma.client import DiplomaRegistry
    from blokketen.diploma.types import ADMIN_DELAY, RevocationReason, Status

    if len(accounts) < 9:
        raise InputError("accounts", "the diploma demo needs 9 accounts")
    admin, flemish, dutch, leuven, utrecht, naric, court, mill, _ = accounts[:9]

    if address is None:
        registry = DiplomaRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
    else:
        registry = DiplomaRegistry(chain, address, sender=admin).trusting(
            _built(chain, address))
    trusted = registry.trusted()
    echo(f"verdicts come from {trusted}")
    registry.appoint_accreditor(flemish.address, "BE")
    registry.appoint_accreditor(dutch.address, "NL")
    registry.grant_role("RECOGNISER_ROLE", naric.address)
    registry.grant_role("REVOKER_ROLE", court.address)
    registry.as_sender(flemish).accredit(leuven.address, country="BE", institution="KU Leuven",
                                         levels=[6, 7, 8])
    registry.as_sender(dutch).accredit(utrecht.address, country="NL",
                                       institution="Universiteit Utrecht", levels=[6, 7])
    registry.as_sender(dutch).accredit(mill.address, country="NL",
                                       institution="Hogeschool Snelpapier", levels=[6])
    echo("accredited: KU Leuven (BE, EQF 6-8) by the Flemish accreditor,")
    echo("            Universiteit Utrecht (NL, EQF 6-7) and Hogeschool Snelpapier (NL, EQF 6)")
    echo("            by the Dutch accreditor")

    leuven_client = registry.as_sender(leuven)
    receipts = leuven_client.issue_batch(
        sample_documents(100, institution="KU Leuven", country="BE", level=7, seed=1))
    anchored = registry.batch(receipts[0].root)
    echo(f"issued {anchored.size} diplomas in one transaction: root 0x{anchored.root.hex()[:16]}…")
    foreign = registry.as_sender(utrecht).issue_batch(
        sample_documents(3, institution="Universiteit Utrecht", country="NL", seed=2))
    milled = registry.as_sender(mill).issue_batch(
        sample_documents(2, institution="Hogeschool Snelpapier", country="NL", level=6, seed=3))

    checked = registry.verify(receipts[0])
    echo(f"verify diploma {receipts[0].document.diploma_id}: {checked.status}")
    leuven_client.revoke(receipts[1], RevocationReason.ISSUED_IN_ERROR)
    echo(f"revoked diploma {receipts[1].document.diploma_id}: issued in error")
    registry.as_sender(court).suspend(receipts[2], RevocationReason.COURT_ORDER)
    try:
        leuven_client.reinstate(receipts[2])
    except CustomErrorRevert as refused:
        echo(f"a court suspended {receipts[2].document.diploma_id}; KU Leuven cannot lift it "
             f"({refused.error_name})")
    decision = keccak256(b"NARIC-Vlaanderen decision 2026/0815 (document kept by NARIC)")
    registry.as_sender(naric).recognise(foreign[0], equivalent_level=7, decision_hash=decision)
    echo(f"NARIC-Vlaanderen recognised {foreign[0].document.diploma_id} as EQF 7")

    registry.as_sender(dutch).propose_retroactive_withdrawal(mill.address, effective_at=0)
    pending = registry.verify(milled[0]).status
    echo(f"the Dutch accreditor proposes to void everything the mill anchored: its diploma "
         f"is still {pending} until a second party confirms")
    registry.confirm_retroactive_withdrawal(mill.address, effective_at=0)
    echo("the admin confirms")

    rows = [(receipts[0], "Leuven"), (receipts[1], "Leuven"), (receipts[2], "Leuven"),
            (foreign[0], "Utrecht"), (milled[0], "mill")]
    echo("")
    echo(f"{'diploma':<22} {'issuer':<8} {'ctry':<4} {'EQF':>3}  {'status':<10} note")
    for receipt, name in rows:
        result = registry.verify(receipt, with_recognitions=True)
        note = "" if result.revocation is None else result.revocation.label
        if result.status is Status.ISSUER_NOT_ACCREDITED_AT_ISSUANCE:
            note = "accreditation withdrawn from before its issuance"
        if result.recognitions:
            note = f"recognised as EQF {result.recognitions[0].equivalent_level} by NARIC"
        row = (
            f"{receipt.document.diploma_id:<22} {name:<8} {result.country or '-':<4} "
            f"{result.level or 0:>3}  {result.status.value:<10} {note}"
        )
        echo(row.rstrip())


def _built(chain: Chain, address: str) -> PinnedCode:
    """The code of the project's build of DiplomaRegistry for this chain's EVM (what `make
    demo` and `blokketen network demo` deploy), expected at ``address``."""
    from eth_utils import keccak

    from blokketen.chain.evm import chain_evm
    from blokketen.contract.trust import PinnedCode
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project, target_for

    build = compile_project(Project.find(), evm_version=target_for(chain_evm(chain)))
    artifact = build.store.get("DiplomaRegistry")
    code = bytes.fromhex(artifact.deployed_bytecode.removeprefix("0x"))
    return PinnedCode(name=artifact.name, address=address, code_hash="0x" + keccak(code).hex())
