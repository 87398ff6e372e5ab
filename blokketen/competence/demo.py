"""The competences pilot's demo: a school proposes, VDAB validates, a learner discloses three
of twenty claims to an employer, the employer verifies, a suspension shows.

``run_demo(chain, accounts, echo)`` deploys a fresh CompetenceRegistry (or checks the code of
the one at ``address`` against the project's build), appoints an accreditor, a VDAB validator
and an exam board, accredits a GO! school for Competent levels 2-4, has the school propose 20
learners' credentials of 20 claims each in one transaction, shows that the school cannot
validate its own batch, lets VDAB validate it, has one learner disclose 3 of 20 claims to an
employer (who verifies: valid, from a registry whose code was checked), shows that the same
presentation is worthless to another employer, lets VDAB suspend the credential, and verifies
again: suspended.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.contract.trust import PinnedCode

__all__ = ["SCHOOL_INSTITUTION", "run_demo"]

SCHOOL_INSTITUTION = 32151
"""The made-up institution number of the demo's GO! school."""
EMPLOYER = "did:web:schrijnwerkerij-peeters.be"


def run_demo(chain: Chain, accounts: Sequence[LocalAccount], echo: Callable[[str], None],
             address: str | None = None) -> None:
    """Propose, validate, present, verify, suspend, verify again; print through ``echo``.

    Uses the CompetenceRegistry at ``address`` (admin ``accounts[0]``; its code must be the
    project's build for the chain's EVM), or deploys one."""
    from blokketen._exceptions import CustomErrorRevert, InputError
    from blokketen.competence.client import CompetenceRegistry, present
    from blokketen.competence.samples import learner_key, sample_learners
    from blokketen.competence.types import ADMIN_DELAY, VALIDATION_WINDOW, Framework, Reason

    if len(accounts) < 5:
        raise InputError("accounts", "the competence demo needs 5 accounts")
    admin, accreditor, school, vdab, board = accounts[:5]
    if address is None:
        registry = CompetenceRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY,
                                             VALIDATION_WINDOW)
    else:
        registry = CompetenceRegistry(chain, address, sender=admin).trusting(
            _built(chain, address))
    echo(f"verdicts come from {registry.trusted()}")
    registry.grant_role("ACCREDITOR_ROLE", accreditor.address)
    registry.grant_role("REVOKER_ROLE", board.address)
    registry.grant_validator(vdab.address)
    registry.as_sender(accreditor).accredit(
        school.address, institution=SCHOOL_INSTITUTION, framework=Framework.COMPETENT,
        min_level=2, max_level=4)
    echo(f"accredited: GO! school {SCHOOL_INSTITUTION} for Competent 2.0 levels 2-4; "
         "VDAB holds the validator role")

    learners = sample_learners(20, claims=20, seed=11)
    receipts = registry.as_sender(school).propose_batch(learners)
    root = receipts[0].batch_root
    echo(f"the school proposed 20 learners x 20 claims in one transaction: batch "
         f"0x{root.hex()[:16]}…, {2 ** receipts[0].depth} leaves per credential (claims "
         "hidden among decoys)")
    nonce = f"{int(time.time())}-sollicitatie-17"
    shown = present(receipts[0], disclose=[c.index for c in receipts[0].claims[:3]],
                    audience=EMPLOYER, nonce=nonce, key=learner_key(11, 0),
                    issued_at=int(time.time()))
    before = registry.verify(shown, audience=EMPLOYER, nonce=nonce)
    echo(f"before validation the employer reads: {before.verdict.value}")
    try:
        registry.as_sender(school).validate(root)
    except CustomErrorRevert as refused:
        echo(f"the school cannot validate its own batch ({refused.error_name})")
    registry.as_sender(vdab).validate(root)
    echo("VDAB validated the batch")

    result = registry.verify(shown, audience=EMPLOYER, nonce=nonce)
    echo(f"learner 1 disclosed 3 of 20 claims to {EMPLOYER}: {result.verdict.value}")
    echo(f"  proposed by institution {result.institution}, validated by {vdab.address}")
    for claim in result.claims:
        state = "validated" if claim.validated and result.valid else "self-declared"
        echo(f"  [{state}] {claim.code} VKS {claim.level}: {claim.learning_outcome}")
    replayed = registry.verify(shown, audience="did:web:andere-werkgever.be", nonce=nonce)
    echo(f"the same presentation at another employer: {replayed.verdict.value}")

    registry.as_sender(vdab).suspend(receipts[0], Reason.UNDER_INVESTIGATION)
    again = registry.verify(shown, audience=EMPLOYER, nonce=nonce)
    echo(f"VDAB suspended the credential; the employer now reads: {again.verdict.value} "
         f"({again.reason})")
    echo("")
    echo(f"{'learner':<8} {'claims':>6}  {'verdict':<22} note")
    for number in (0, 1, 2):
        receipt = receipts[number]
        item = present(receipt, disclose=[receipt.claims[0].index], audience=EMPLOYER,
                       nonce=nonce, key=learner_key(11, number), issued_at=int(time.time()))
        found = registry.verify(item, audience=EMPLOYER, nonce=nonce)
        note = found.reason or "1 claim disclosed"
        echo(f"{number + 1:<8} {len(receipt.claims):>6}  {found.verdict.value:<22} {note}")


def _built(chain: Chain, address: str) -> PinnedCode:
    """The code of the project's build of CompetenceRegistry for this chain's EVM, expected
    at ``address``."""
    from eth_utils import keccak

    from blokketen.chain.evm import chain_evm
    from blokketen.contract.trust import PinnedCode
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project, target_for

    build = compile_project(Project.find(), evm_version=target_for(chain_evm(chain)))
    artifact = build.store.get("CompetenceRegistry")
    code = bytes.fromhex(artifact.deployed_bytecode.removeprefix("0x"))
    return PinnedCode(name=artifact.name, address=address, code_hash="0x" + keccak(code).hex())
