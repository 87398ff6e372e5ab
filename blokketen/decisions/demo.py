"""The local decisions pilot's demo: a council of a made-up municipality, its decision list
signed by chair and secretary and published in one transaction, one decision proven from the
published page alone, minutes amended at approval, and an annulment by the governor.

``run_demo(chain, accounts, echo)`` deploys a fresh LocalDecisionRegistry (or checks the code
of the one at ``address`` against the project's build) and prints through ``echo``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.contract.trust import PinnedCode

__all__ = ["MANDATE_END", "run_demo"]

MANDATE_END = 1_924_988_400
"""2031-01-01T00:00+01:00: the end of the 2025-2030 legislature, when mandates end."""
_ANNULLED = "http://data.lblod.info/id/besluiten/2026_GR_00032"


def run_demo(
    chain: Chain, accounts: Sequence[LocalAccount], echo: Callable[[str], None],
    address: str | None = None,
) -> None:
    """Register a council, sign and publish its decision list, verify one decision from the
    page alone, amend the minutes, annul a decision; print what happens via ``echo``.

    Uses the LocalDecisionRegistry at ``address`` (admin ``accounts[0]``; its code must be the
    project's build for the chain's EVM), or deploys one."""
    from eth_utils import keccak

    from blokketen._exceptions import InputError
    from blokketen.decisions.client import LocalDecisionRegistry
    from blokketen.decisions.page import read_page
    from blokketen.decisions.samples import COUNCIL, sample_path, sample_salts
    from blokketen.decisions.types import ADMIN_DELAY, DocumentKind

    if len(accounts) < 7:
        raise InputError("accounts", "the local decisions demo needs 7 accounts")
    admin, registrar, publisher, governor, chair, secretary, body_admin = accounts[:7]
    if address is None:
        registry = LocalDecisionRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
    else:
        registry = LocalDecisionRegistry(chain, address, sender=admin).trusting(
            _built(chain, address))
    echo(f"verdicts come from {registry.trusted()}")
    registry.grant_role("registrar", registrar.address)
    registry.grant_role("publisher", publisher.address)
    registry.grant_role("supervisor", governor.address)
    abb = registry.as_sender(registrar)
    abb.register_body(COUNCIL)
    for role, holder in (("chair", chair), ("secretary", secretary),
                         ("body-admin", body_admin)):
        abb.grant_mandate(COUNCIL, role, holder.address, valid_until=MANDATE_END)
    echo("registered the council of Heuvelbeke; chair, secretary and body admin mandates "
         "until 2031-01-01")

    internal = read_page(sample_path("gr-2026-02-24-besluitenlijst-intern.html"),
                         salts=sample_salts())
    page = read_page(sample_path("gr-2026-02-24-besluitenlijst.html"))
    if internal.root != page.root:
        raise InputError("page", "the published page does not commit to the signed version")
    echo(f"decision list of 24 February 2026: {len(page.decisions)} public decisions and "
         f"{len(page.sealed)} closed one sealed, root 0x{page.root.hex()[:16]}…")
    software = registry.as_sender(publisher)
    ref = software.ref(page, kind=DocumentKind.DECISION_LIST)
    signatures = [registry.signature_of(key, software.sign_request(ref, page, role=role,
                                                                   signer=key.address))
                  for role, key in (("chair", chair), ("secretary", secretary))]
    receipt_ref = software.anchor_sign_publish(page, kind=DocumentKind.DECISION_LIST,
                                               chair=signatures[0], secretary=signatures[1])
    echo("chair and secretary signed with their own keys; anchored, signed and published in "
         "one transaction")

    verdict = registry.verify(page, decision=_ANNULLED)
    echo(f"verify {_ANNULLED.rsplit('/', 1)[1]} from the published page alone: "
         f"{'valid' if verdict.valid else verdict.status.name.lower()} (version "
         f"{verdict.version}, page bytes {'identical' if verdict.html_exact else 'differ'})")

    minutes_v1 = read_page(sample_path("gr-2026-02-24-notulen-v1.html"))
    minutes_v2 = read_page(sample_path("gr-2026-02-24-notulen-v2.html"))
    for version_page in (minutes_v1, minutes_v2):
        minutes = software.anchor(version_page, kind=DocumentKind.MINUTES)
        software.as_sender(chair).sign(minutes, version_page, role="chair", key=chair)
        software.as_sender(secretary).sign(minutes, version_page, role="secretary",
                                           key=secretary)
        software.publish(minutes)
    old = registry.verify(minutes_v1, decision=_ANNULLED, kind=DocumentKind.MINUTES)
    new = registry.verify(minutes_v2, decision=_ANNULLED, kind=DocumentKind.MINUTES)
    echo(f"minutes amended at approval: version 1 is {old.status.name.lower()} "
         f"({old.reason}); version 2 is {'valid' if new.valid else new.status.name.lower()}")

    registry.as_sender(governor).annul(receipt_ref, page, _ANNULLED,
                                       decision_ref=keccak(text="Besluit van de gouverneur"))
    annulled = registry.verify(page, decision=_ANNULLED)
    other = registry.verify(page, decision="http://data.lblod.info/id/besluiten/2026_GR_00031")
    echo(f"the governor annulled {_ANNULLED.rsplit('/', 1)[1]}: "
         f"{annulled.status.name.lower()}; 2026_GR_00031 in the same list stays "
         f"{'valid' if other.valid else other.status.name.lower()}")
    deadlines = annulled.deadlines
    if deadlines is not None and deadlines.decision_list_days_after is not None:
        echo(f"deadline evidence: decision list published "
             f"{deadlines.decision_list_days_after:.0f} days after the session "
             f"({'within' if deadlines.decision_list_in_time else 'later than'} 10 days; "
             "reported, not enforced)")


def _built(chain: Chain, address: str) -> PinnedCode:
    """The code at ``address``, once it is the project's build of LocalDecisionRegistry for
    this chain's EVM. The runtime code carries the EIP-712 domain as immutables (name and
    version hashes, chain id, address, separator), which the build leaves as zero words: a
    difference is accepted only inside such a zero word and only as one of those values."""
    from eth_abi import encode
    from eth_utils import keccak

    from blokketen._exceptions import UntrustedContract
    from blokketen.chain.evm import chain_evm
    from blokketen.contract.trust import PinnedCode
    from blokketen.decisions.client import DOMAIN_NAME, DOMAIN_VERSION, domain_of
    from blokketen.project import Project
    from blokketen.toolchain.compiler import compile_project, target_for

    build = compile_project(Project.find(), evm_version=target_for(chain_evm(chain)))
    artifact = build.store.get("LocalDecisionRegistry")
    built = bytes.fromhex(artifact.deployed_bytecode.removeprefix("0x"))
    found = chain.code(address)
    domain = domain_of(chain_id=chain.chain_id, registry=address)
    allowed = {keccak(text=DOMAIN_NAME), keccak(text=DOMAIN_VERSION), domain.separator,
               encode(["uint256"], [chain.chain_id]), encode(["address"], [address])}
    position, same = 0, len(found) == len(built)
    while same and position < len(built):
        if built[position] == found[position]:
            position += 1
            continue
        start = next((o for o in range(max(0, position - 31), position + 1)
                      if built[o:o + 32] == bytes(32) and found[o:o + 32] in allowed), None)
        same = start is not None
        position = (start or 0) + 32
    code_hash = "0x" + keccak(found).hex()
    if not same:
        raise UntrustedContract(chain_id=chain.chain_id, address=address, expected=None,
                                found=code_hash, problem="is not the project's build of "
                                "LocalDecisionRegistry")
    return PinnedCode(name=artifact.name, address=address, code_hash=code_hash)
