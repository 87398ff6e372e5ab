"""Typed client of the CompetenceRegistry contract (VDAB + GO! competences pilot).

Accreditation of schools per framework and level range, validator mandates, batches proposed
by a school and validated or rejected by VDAB, suspension and revocation per credential and per
batch, and verification of selective presentations against a registry whose code was checked
first. Claims never leave Python except as salted hashes; see
:mod:`blokketen.competence.credentials` and :mod:`blokketen.competence.presentation`.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from eth_utils import keccak

from blokketen._exceptions import InputError
from blokketen.common import typed_data
from blokketen.common.leaves import MAX_PROOF_LENGTH
from blokketen.common.roles import RoleWindow
from blokketen.competence.credentials import LearnerEntry, PreparedBatch, prepare_batch
from blokketen.competence.presentation import (
    DOMAIN_NAME,
    DOMAIN_VERSION,
    PRESENTATION_TYPE,
    Presentation,
    check_holder,
    check_proofs,
    select,
)
from blokketen.competence.receipts import CompetenceReceipt, batch_receipts
from blokketen.competence.types import (
    OPEN_UNTIL,
    Batch,
    DisclosedClaim,
    Framework,
    Mark,
    Reason,
    Verdict,
    Verification,
)
from blokketen.contract import checks as check
from blokketen.contract.base import ContractClient
from blokketen.contract.trust import TrustedContract
from blokketen.contract.tx import Receipt

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

__all__ = ["PRESENTATION", "VALIDATION_SCOPE", "CompetenceRegistry", "present",
           "presentation_domain", "signer_of"]

PRESENTATION = typed_data.TypedStruct.parse(PRESENTATION_TYPE)
"""The EIP-712 struct a learner signs (``PRESENTATION_TYPE`` of the presentation module)."""

VALIDATION_SCOPE = keccak(text="blokketen.competence.validation.v1")
"""The scope of validator windows (``VALIDATION_SCOPE`` on chain)."""
_LEVELS = range(1, 9)


class CompetenceRegistry(ContractClient):
    """Client of ``contracts/competence/CompetenceRegistry.sol``.

    Roles: ``accreditor`` and ``revoker`` are granted by the admin (``grant_role``); the
    assessor role comes with an accreditation (:meth:`accredit`), the validator role in
    windows (:meth:`grant_validator`)."""

    CONTRACT = "CompetenceRegistry"
    APPOINTED_ROLES = {"assessor": ("accredit", "end_accreditation"),
                       "validator": ("grant_validator", "end_validator")}

    # -- trust chain ---------------------------------------------------------------------
    def accredit(self, assessor: str, *, institution: int, framework: Framework | str,
                 min_level: int, max_level: int, valid_from: int = 0,
                 valid_until: int = OPEN_UNTIL) -> Receipt:
        """Accreditor: accredit the school ``assessor`` (public institution number
        ``institution``) for levels ``min_level``..``max_level`` of ``framework`` within
        [valid_from, valid_until) (unix seconds; it counts from now at the earliest)."""
        low, high = _levels(min_level, max_level)
        start = check.uint("valid_from", valid_from, maximum=check.UINT64_MAX)
        end = check.uint("valid_until", valid_until, maximum=check.UINT64_MAX)
        if end <= start:
            raise InputError("valid_until", "must be after valid_from")
        return self._transact(
            "accredit", check.address("assessor", assessor, zero_ok=True),
            check.uint("institution", institution, maximum=check.UINT32_MAX, minimum=1),
            Framework.parse(framework).id, low, high, start, end)

    def end_accreditation(self, assessor: str, *, framework: Framework | str) -> list[Receipt]:
        """Accreditor: end, from now, every open accreditation window of ``assessor`` for
        ``framework`` (its batches proposed before stay valid)."""
        address = check.address("assessor", assessor, zero_ok=True)
        chosen = Framework.parse(framework)
        role = self.role_id("assessor")
        now = self.chain.timestamp()
        receipts = []
        for level in _LEVELS:
            scope = self.accreditation_scope(chosen, level)
            windows = self.windows_of(scope, role, address)
            for index, window in enumerate(windows):
                if not window.ended and window.valid_until > now:
                    receipts.append(self._transact("endWindow", scope, role, address, index))
        if not receipts:
            raise InputError("assessor", f"{address} has no open accreditation for "
                                         f"{chosen.value}")
        return receipts

    def grant_validator(self, validator: str, *, valid_from: int = 0,
                        valid_until: int = OPEN_UNTIL) -> Receipt:
        """Admin: give ``validator`` (a VDAB key) the validator role for [valid_from,
        valid_until)."""
        start = check.uint("valid_from", valid_from, maximum=check.UINT64_MAX)
        end = check.uint("valid_until", valid_until, maximum=check.UINT64_MAX)
        if end <= start:
            raise InputError("valid_until", "must be after valid_from")
        return self._transact("grantWindow", VALIDATION_SCOPE, self.role_id("validator"),
                              check.address("validator", validator, zero_ok=True), start, end)

    def end_validator(self, validator: str, *, effective_at: int | None = None) -> list[Receipt]:
        """Admin: end every open validator window of ``validator`` from now, or (a key found
        compromised) from the past unix time ``effective_at``: batches it validated after
        that time then read as not validated."""
        address = check.address("validator", validator, zero_ok=True)
        role = self.role_id("validator")
        receipts = []
        for index, window in enumerate(self.windows_of(VALIDATION_SCOPE, role, address)):
            if window.ended:
                continue
            if effective_at is None:
                receipts.append(self._transact("endWindow", VALIDATION_SCOPE, role, address,
                                               index))
            else:
                at = check.uint("effective_at", effective_at, maximum=check.UINT64_MAX)
                receipts.append(self._transact("endWindowAt", VALIDATION_SCOPE, role, address,
                                               index, at))
        if not receipts:
            raise InputError("validator", f"{address} holds no open validator window")
        return receipts

    def windows_of(self, scope: bytes, role: bytes, holder: str) -> tuple[RoleWindow, ...]:
        """Every role window of ``holder`` for ``role`` in ``scope``."""
        rows = self._call("windowsOf", check.word32("scope", scope, text_ok=False),
                          check.word32("role", role, text_ok=False),
                          check.address("holder", holder, zero_ok=True))
        return tuple(RoleWindow.from_tuple(row) for row in rows)

    def accredited_at(self, assessor: str, *, framework: Framework | str, level: int,
                      timestamp: int) -> bool:
        """Whether ``assessor`` was accredited for ``level`` of ``framework`` at ``timestamp``."""
        value: bool = self._call(
            "accreditedAt", check.address("assessor", assessor, zero_ok=True),
            Framework.parse(framework).id, _level("level", level),
            check.uint("timestamp", timestamp, maximum=check.UINT64_MAX))
        return value

    def validator_at(self, validator: str, timestamp: int) -> bool:
        """Whether ``validator`` held the validator role at ``timestamp``."""
        value: bool = self._call(
            "holdsAt", VALIDATION_SCOPE, self.role_id("validator"),
            check.address("validator", validator, zero_ok=True),
            check.uint("timestamp", timestamp, maximum=check.UINT64_MAX))
        return value

    def institution_of(self, assessor: str) -> int | None:
        """The institution number ``assessor`` was accredited as (None if never)."""
        value = int(self._call("institutionOf", check.address("assessor", assessor,
                                                               zero_ok=True)))
        return value or None

    def accreditation_scope(self, framework: Framework | str, level: int) -> bytes:
        """The role-window scope of an accreditation (the contract's ``accreditationScope``)."""
        value: bytes = self._call("accreditationScope", Framework.parse(framework).id,
                                  _level("level", level))
        return value

    # -- batches -------------------------------------------------------------------------
    def prepare(self, entries: Iterable[LearnerEntry], *,
                framework: Framework | str | None = None) -> PreparedBatch:
        """Salt and hash the learners' credentials into one batch (no chain)."""
        return prepare_batch(entries, framework=framework)

    def check_proposal(self, prepared: PreparedBatch, *, valid_until: int | None = None) -> None:
        """Dry-run :meth:`propose` (an ``eth_call`` from the sender): raises what proposing
        would raise now, sends nothing; lets a caller store the receipts first."""
        self._call("proposeBatch", *self._propose_args(prepared, valid_until))

    def propose(self, prepared: PreparedBatch, *, valid_until: int | None = None) -> Receipt:
        """Assessor: anchor the prepared batch as proposed; the credentials lapse at
        ``valid_until`` (unix seconds; None: never)."""
        return self._transact("proposeBatch", *self._propose_args(prepared, valid_until))

    def propose_batch(self, entries: Iterable[LearnerEntry], *,
                      framework: Framework | str | None = None,
                      valid_until: int | None = None) -> list[CompetenceReceipt]:
        """Assessor: prepare, propose and return one receipt per learner."""
        prepared = self.prepare(entries, framework=framework)
        self.propose(prepared, valid_until=valid_until)
        return batch_receipts(prepared, registry=self.address, chain_id=self.chain.chain_id)

    def _propose_args(self, prepared: PreparedBatch,
                      valid_until: int | None) -> tuple[bytes, bytes, int, int, int, int]:
        check.instance("prepared", prepared, PreparedBatch)
        until = 0 if valid_until is None else check.uint("valid_until", valid_until,
                                                         maximum=2**40 - 1, minimum=1)
        return (prepared.root, prepared.framework.id, prepared.min_level, prepared.max_level,
                prepared.count, until)

    def validate(self, batch_root: bytes | str) -> Receipt:
        """Validator: validate the proposed batch."""
        return self._transact("validateBatch", _root(batch_root))

    def reject(self, batch_root: bytes | str, reason: Reason | str | int) -> Receipt:
        """Validator: reject the proposed batch for ``reason``."""
        return self._transact("rejectBatch", _root(batch_root), int(Reason.parse(reason)))

    def batch(self, batch_root: bytes | str) -> Batch:
        """The batch proposed under ``batch_root`` (typed revert if unknown)."""
        root = _root(batch_root)
        return Batch.from_tuple(root, self._call("batch", root))

    def batch_mark(self, batch_root: bytes | str) -> Mark:
        return Mark.from_tuple(self._call("batchMark", _root(batch_root)))

    def credential_mark(self, batch_root: bytes | str, credential_root: bytes | str) -> Mark:
        return Mark.from_tuple(self._call("credentialMark", _root(batch_root),
                                          _root(credential_root, "credential_root")))

    # -- status changes ------------------------------------------------------------------
    def revoke(self, receipt: CompetenceReceipt, reason: Reason | str | int) -> Receipt:
        """Assessor of the batch, validator or revoker: revoke the credential (final)."""
        return self._transact("revokeCredential", *_located(receipt),
                              int(Reason.parse(reason)))

    def suspend(self, receipt: CompetenceReceipt,
                reason: Reason | str | int = Reason.UNDER_INVESTIGATION) -> Receipt:
        """Assessor of the batch, validator or revoker: suspend the credential."""
        return self._transact("suspendCredential", *_located(receipt),
                              int(Reason.parse(reason)))

    def reinstate(self, receipt: CompetenceReceipt) -> Receipt:
        """The account that suspended the credential, or the admin: lift the suspension."""
        checked = check.instance("receipt", receipt, CompetenceReceipt)
        return self._transact("reinstateCredential", checked.batch_root,
                              checked.credential_root)

    def revoke_batch(self, batch_root: bytes | str, reason: Reason | str | int) -> Receipt:
        return self._transact("revokeBatch", _root(batch_root), int(Reason.parse(reason)))

    def suspend_batch(self, batch_root: bytes | str,
                      reason: Reason | str | int = Reason.UNDER_INVESTIGATION) -> Receipt:
        return self._transact("suspendBatch", _root(batch_root), int(Reason.parse(reason)))

    def reinstate_batch(self, batch_root: bytes | str) -> Receipt:
        return self._transact("reinstateBatch", _root(batch_root))

    # -- verification --------------------------------------------------------------------
    def status(self, batch_root: bytes, credential_root: bytes, proof: Sequence[bytes], *,
               block: int | str = "latest") -> tuple[int, int]:
        """The contract's raw ``status``: the shared status and the reason code. Prefer
        :meth:`verify`, which checks the registry and the presentation first."""
        status, reason = self._call("status", _root(batch_root),
                                    _root(credential_root, "credential_root"),
                                    _proof(proof), block=block)
        return int(status), int(reason)

    def verify(self, presentation: Presentation, *, audience: str, nonce: str,
               now: int | None = None) -> Verification:
        """The verdict on ``presentation`` for the verifier ``audience`` that handed out
        ``nonce``, at unix time ``now`` (default: the clock). In order: the registry's code
        and the presentation's chain and registry; the claims re-hashed with their salts and
        proven up to the credential and batch roots; the registry's status (validated, not
        revoked or suspended, not expired, the assessor accredited for the batch's framework
        and levels when it proposed, the validator holding its role when it validated) and
        the claims within the batch's framework and levels; the holder's signature for this
        audience, nonce and disclosed set; freshness. Self-declared claims are reported as
        such, never as validated."""
        return self.verify_many([presentation], audience=audience, nonce=nonce, now=now)[0]

    def verify_many(self, presentations: Sequence[Presentation], *, audience: str, nonce: str,
                    now: int | None = None) -> list[Verification]:
        """:meth:`verify` for many presentations, with the registry's answers fetched in
        JSON-RPC batches (statuses, then the batches known, then their schools), all as of one
        block."""
        for i, item in enumerate(presentations):
            check.instance(f"presentations[{i}]", item, Presentation)
        clock = int(time.time()) if now is None else check.uint("now", now,
                                                                maximum=check.UINT64_MAX)
        block = self.chain.block_number
        trusted = self.trusted(block=block)
        early = [_before_chain(item, trusted) for item in presentations]
        asked = [item for item, found in zip(presentations, early, strict=True) if found is None]
        statuses = self._call_many(
            [("status", (p.batch_root, p.credential_root, list(p.batch_proof))) for p in asked],
            block=block) if asked else []
        # the batches the registry knows (an unknown root has no batch to read)
        known = sorted({p.batch_root for p, (status, _) in zip(asked, statuses, strict=True)
                        if int(status) != 0})
        rows = self._call_many([("batch", (root,)) for root in known], block=block) if known \
            else []
        batches = {root: Batch.from_tuple(root, row) for root, row in zip(known, rows,
                                                                             strict=True)}
        assessors = sorted({b.assessor for b in batches.values()})
        numbers = self._call_many([("institutionOf", (a,)) for a in assessors],
                                  block=block) if assessors else []
        institutions = {a: int(n) or None for a, n in zip(assessors, numbers, strict=True)}
        answers = iter(statuses)
        results: list[Verification] = []
        for item, found in zip(presentations, early, strict=True):
            if found is None:
                status, code = next(answers)
                batch = batches.get(item.batch_root)
                found = _judge(item, trusted, int(status), int(code), batch,
                               None if batch is None else institutions[batch.assessor],
                               audience=audience, nonce=nonce, now=clock)
            results.append(found)
        return results

    # -- hashing evaluated by the contract (for cross-checks) ---------------------------
    def claim_leaf_of(self, credential_id: bytes, index: int, salt: bytes,
                      claim_hash: bytes) -> bytes:
        value: bytes = self._call("claimLeafOf", credential_id, index, salt, claim_hash)
        return value

    def decoy_leaf_of(self, credential_id: bytes, index: int, salt: bytes) -> bytes:
        value: bytes = self._call("decoyLeafOf", credential_id, index, salt)
        return value

    def holder_leaf_of(self, credential_id: bytes, salt: bytes, holder: str) -> bytes:
        value: bytes = self._call("holderLeafOf", credential_id, salt, holder)
        return value

    def credential_leaf_of(self, credential_root: bytes) -> bytes:
        value: bytes = self._call("credentialLeafOf", credential_root)
        return value

    def proven_at(self, credential_root: bytes, leaf: bytes, index: int,
                  proof: Sequence[bytes]) -> bool:
        value: bool = self._call("provenAt", credential_root, leaf, index, _proof(proof))
        return value


def presentation_domain(chain_id: int, registry: str) -> typed_data.Domain:
    """The EIP-712 domain of presentations for ``registry`` on ``chain_id``."""
    return typed_data.Domain(name=DOMAIN_NAME, version=DOMAIN_VERSION, chain_id=chain_id,
                             verifying_contract=registry)


def present(receipt: CompetenceReceipt, *, disclose: Iterable[int | str], audience: str,
            nonce: str, key: LocalAccount | bytes | str, issued_at: int) -> Presentation:
    """The learner's presentation of the claims ``disclose`` (positions, or codes of claims)
    of ``receipt`` for ``audience`` and ``nonce``, signed (EIP-712) with ``key``, the key the
    receipt's holder leaf commits to, at unix time ``issued_at``. Needs no chain."""
    unsigned = select(receipt, disclose=disclose, audience=audience, nonce=nonce,
                      issued_at=issued_at)
    signer = _address_of(key)
    if signer != receipt.holder:
        raise InputError("key", f"is the key of {signer}, not of the holder {receipt.holder} "
                                "the credential commits to")
    signature = typed_data.sign(key, presentation_domain(receipt.chain_id, receipt.registry),
                                PRESENTATION, unsigned.message())
    return dataclasses.replace(unsigned, signature=signature)


def signer_of(presentation: Presentation) -> str | None:
    """The address that signed ``presentation`` (None when the signature recovers to none)."""
    try:
        return typed_data.recover(presentation_domain(presentation.chain_id,
                                                      presentation.registry),
                                  PRESENTATION, presentation.message(), presentation.signature)
    except InputError:
        return None


def _address_of(key: LocalAccount | bytes | str) -> str:
    from eth_keys.datatypes import PrivateKey

    if isinstance(key, bytes | str):
        try:
            raw = key if isinstance(key, bytes) else bytes.fromhex(key.removeprefix("0x"))
        except ValueError:
            raise InputError("key", "is not a hex private key") from None
    else:
        raw = bytes(key.key)
    if len(raw) != 32:
        raise InputError("key", "a private key is 32 bytes")
    return str(PrivateKey(raw).public_key.to_checksum_address())


def _before_chain(item: Presentation, trusted: TrustedContract) -> Verification | None:
    """Steps 1-3: the registry named, then the claims and proofs (no chain needed)."""
    def verdict(found: Verdict, reason: str) -> Verification:
        return Verification(verdict=found, trusted=trusted, reason=reason,
                            credential_root=item.credential_root, batch_root=item.batch_root,
                            holder=item.holder, audience=item.audience)

    if item.chain_id != trusted.chain_id:
        return verdict(Verdict.WRONG_CHAIN, f"the presentation names chain {item.chain_id}, "
                       f"the registry is on chain {trusted.chain_id}")
    if item.registry != trusted.address:
        return verdict(Verdict.WRONG_REGISTRY, f"the presentation names registry "
                       f"{item.registry}, not {trusted.address}")
    proofs = check_proofs(item)
    if proofs.verdict is not None:
        return verdict(proofs.verdict, proofs.reason or proofs.verdict.value)
    return None


def _judge(item: Presentation, trusted: TrustedContract, status: int, code: int,
           batch: Batch | None, institution: int | None, *, audience: str, nonce: str,
           now: int) -> Verification:
    """Steps 4-6: the registry's answer, the batch's scope, the holder, freshness."""
    claims = tuple(DisclosedClaim(index=d.index, framework=d.claim.framework, code=d.claim.code,
                                  kind=d.claim.kind, learning_outcome=d.claim.learning_outcome,
                                  level=d.claim.level, assessed_on=d.claim.assessed_on,
                                  authenticity=d.claim.authenticity)
                   for d in item.disclosed)
    notes = tuple(f"claim {c.code} (position {c.index}) is self-declared: not validated"
                  for c in claims if not c.validated)

    def verdict(found: Verdict, reason: str | None) -> Verification:
        return Verification(verdict=found, trusted=trusted, reason=reason,
                            credential_root=item.credential_root, batch_root=item.batch_root,
                            holder=item.holder, audience=item.audience, claims=claims,
                            batch=batch, code=code, institution=institution, notes=notes)

    found = Verdict.from_chain(status, code)
    if batch is None:
        return verdict(Verdict.UNKNOWN, "the registry knows no batch with this root: a claim "
                       "the chain never made")
    if found is not Verdict.VALID:
        return verdict(found, _why(found, code, batch))
    limit = max(1, math.ceil(math.log2(batch.count))) if batch.count > 1 else 0
    if len(item.batch_proof) > limit:
        return verdict(Verdict.INVALID_PROOF, f"batchProof: {len(item.batch_proof)} siblings, "
                       f"more than a batch of {batch.count} credentials has")
    for i, claim in enumerate(claims):
        if Framework.parse(claim.framework).id != batch.framework:
            return verdict(Verdict.WRONG_SCOPE, f"disclosed[{i}]: {claim.framework} is not the "
                           f"batch's framework {batch.framework_name}")
        if not batch.min_level <= claim.level <= batch.max_level:
            return verdict(Verdict.WRONG_SCOPE, f"disclosed[{i}]: level {claim.level} is "
                           f"outside the batch's levels {batch.min_level}-{batch.max_level}, "
                           "for which the assessor was accredited")
    holder = check_holder(item, signer=signer_of(item), audience=audience, nonce=nonce,
                          now=now)
    if holder.verdict is not None:
        return verdict(holder.verdict, holder.reason)
    return verdict(Verdict.VALID, None)


def _why(found: Verdict, code: int, batch: Batch) -> str:
    reason = Reason.of_code(code)
    label = reason.label if isinstance(reason, Reason) else f"reason {code}"
    texts = {
        Verdict.UNKNOWN: "the registry knows no such batch, or the credential is not in it",
        Verdict.PENDING: f"the batch was proposed by {batch.assessor} and waits for "
                         "validation by VDAB",
        Verdict.VALIDATION_WINDOW_CLOSED: "the batch was never validated and its validation "
                                          "window has closed",
        Verdict.REJECTED: f"the batch was rejected by {batch.validator}: {label}",
        Verdict.REVOKED: f"revoked: {label}",
        Verdict.NOT_ACCREDITED_AT_PROPOSAL: f"the assessor {batch.assessor} was not accredited "
                                            f"for {batch.framework_name} levels "
                                            f"{batch.min_level}-{batch.max_level} when it "
                                            "proposed the batch",
        Verdict.VALIDATOR_NOT_HELD: f"the validator {batch.validator} did not hold its role "
                                    "when it validated the batch",
        Verdict.SUSPENDED: f"suspended: {label}",
        Verdict.EXPIRED: f"expired at unix time {batch.valid_until}",
    }
    return texts.get(found, found.value)


def _located(receipt: CompetenceReceipt) -> tuple[bytes, bytes, list[bytes]]:
    checked = check.instance("receipt", receipt, CompetenceReceipt)
    return checked.batch_root, checked.credential_root, _proof(checked.batch_proof)


def _proof(proof: Sequence[bytes]) -> list[bytes]:
    words = check.words32("proof", proof, text_ok=False)
    if len(words) > MAX_PROOF_LENGTH:
        raise InputError("proof", f"{len(words)} siblings: at most {MAX_PROOF_LENGTH}")
    return words


def _root(value: bytes | str, field: str = "batch_root") -> bytes:
    return check.hash32(field, value)


def _level(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in _LEVELS:
        raise InputError(field, f"{value!r} is not a VKS/EQF level from 1 to 8")
    return value


def _levels(low: int, high: int) -> tuple[int, int]:
    first, last = _level("min_level", low), _level("max_level", high)
    if first > last:
        raise InputError("max_level", f"{last} is below min_level {first}")
    return first, last
