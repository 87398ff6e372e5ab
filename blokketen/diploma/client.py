"""Typed client of the DiplomaRegistry contract (international diploma exchange pilot).

The trust chain (admin -> accreditors per country -> accredited institutions, with
two-party retroactive withdrawals), batch issuance of Merkle roots, revocation and
suspension per diploma with reason codes, cross-border recognition, and verification of
holder receipts against a registry whose code was checked first. Documents never leave
Python except as the claim's hashes; see :mod:`blokketen.diploma.claims`.
"""

from __future__ import annotations

from collections.abc import Iterable

from blokketen._exceptions import InputError
from blokketen.common.leaves import MAX_PROOF_LENGTH
from blokketen.common.roles import RoleWindow
from blokketen.contract import checks as check
from blokketen.contract.base import ContractClient
from blokketen.contract.tx import Receipt
from blokketen.diploma.claims import (
    DiplomaClaim,
    accreditation_scope,
    institution_id,
    institution_name_hash,
)
from blokketen.diploma.documents import DiplomaDocument, country_code, eqf_level
from blokketen.diploma.receipts import DiplomaReceipt, PreparedBatch, prepare_batch
from blokketen.diploma.types import (
    MISMATCH_FIELDS,
    OPEN_UNTIL,
    Batch,
    DiplomaRecord,
    IssuerHistory,
    IssuerState,
    Recognition,
    RetroactiveWithdrawal,
    RevocationReason,
    Status,
    Verification,
    VoidedSpan,
)

__all__ = ["DiplomaRegistry"]

_LEVELS = range(1, 9)


class DiplomaRegistry(ContractClient):
    """Client of ``contracts/diploma/DiplomaRegistry.sol``.

    Roles (``grant_role`` and the rest, from :class:`ContractClient`): ``revoker`` and
    ``recogniser``; the accreditor role comes with a country (:meth:`appoint_accreditor`),
    the issuer role with an accreditation (:meth:`accredit`). The admin is handed over in
    two steps (``beginDefaultAdminTransfer``, then ``acceptDefaultAdminTransfer`` after the
    delay)."""

    CONTRACT = "DiplomaRegistry"
    APPOINTED_ROLES = {"accreditor": ("appoint_accreditor", "dismiss_accreditor"),
                       "issuer": ("accredit", "withdraw_accreditation")}

    # -- trust chain ---------------------------------------------------------------------
    def appoint_accreditor(self, accreditor: str, country: str) -> Receipt:
        """Admin: let ``accreditor`` accredit institutions of ``country`` ("BE", "NL", ...)."""
        return self._transact(
            "appointAccreditor", check.address("accreditor", accreditor, zero_ok=True),
            country_code("country", country).encode("ascii")
        )

    def dismiss_accreditor(self, accreditor: str) -> Receipt:
        """Admin: take the accreditor role away (its accreditations stay)."""
        return self._transact("dismissAccreditor",
                              check.address("accreditor", accreditor, zero_ok=True))

    def accredit(
        self,
        issuer: str,
        *,
        country: str,
        institution: str,
        levels: Iterable[int],
        valid_from: int = 0,
        valid_until: int = OPEN_UNTIL,
    ) -> Receipt:
        """Accreditor: accredit ``issuer`` as ``institution`` (its official name, as its
        diplomas write it) of ``country`` for EQF ``levels`` within [valid_from, valid_until)
        (unix seconds; it counts from now at the earliest). Replaces an accreditation in force."""
        if isinstance(levels, (str, bytes)) or not isinstance(levels, Iterable):
            raise InputError("levels", "must be a list of EQF levels (1 to 8)")
        scope = [eqf_level("levels", level) for level in levels]
        if not scope:
            raise InputError("levels", "give at least one EQF level")
        start = check.uint("valid_from", valid_from, maximum=check.UINT64_MAX)
        end = check.uint("valid_until", valid_until, maximum=check.UINT64_MAX)
        if end <= start:
            raise InputError("valid_until", "must be after valid_from")
        return self._transact(
            "accredit", check.address("issuer", issuer, zero_ok=True),
            country_code("country", country).encode("ascii"),
            institution_name_hash(institution), scope, start, end
        )

    def suspend_issuer(self, issuer: str) -> Receipt:
        """Accreditor: suspend ``issuer`` (earlier batches stay valid)."""
        return self._transact("suspendIssuer", check.address("issuer", issuer, zero_ok=True))

    def reinstate_issuer(self, issuer: str) -> Receipt:
        """Accreditor: end the suspension of ``issuer``."""
        return self._transact("reinstateIssuer", check.address("issuer", issuer, zero_ok=True))

    def withdraw_accreditation(self, issuer: str) -> Receipt:
        """Accreditor: withdraw ``issuer``'s accreditation from now on (earlier batches stay
        valid). To void earlier batches, see :meth:`propose_retroactive_withdrawal`."""
        return self._transact("withdrawAccreditation",
                              check.address("issuer", issuer, zero_ok=True))

    def propose_retroactive_withdrawal(self, issuer: str, *, effective_at: int) -> Receipt:
        """Accreditor: withdraw ``issuer`` now and propose to void what it anchored from the
        past unix time ``effective_at`` on; another accreditor of the country or the admin
        must confirm (:meth:`confirm_retroactive_withdrawal`)."""
        return self._transact(
            "proposeRetroactiveWithdrawal", check.address("issuer", issuer, zero_ok=True),
            check.uint("effective_at", effective_at, maximum=check.UINT64_MAX))

    def confirm_retroactive_withdrawal(self, issuer: str, *, effective_at: int) -> Receipt:
        """Another accreditor of the country, or the admin: confirm the pending retroactive
        withdrawal of ``issuer`` (``effective_at`` must be the proposal's)."""
        return self._transact(
            "confirmRetroactiveWithdrawal", check.address("issuer", issuer, zero_ok=True),
            check.uint("effective_at", effective_at, maximum=check.UINT64_MAX))

    def cancel_retroactive_withdrawal(self, issuer: str) -> Receipt:
        """The proposer or the admin: drop the pending retroactive withdrawal of ``issuer``."""
        return self._transact("cancelRetroactiveWithdrawal",
                              check.address("issuer", issuer, zero_ok=True))

    def issuer_history(self, issuer: str) -> IssuerHistory:
        """Everything the chain knows of the institution ``issuer``: its record, every role
        window per EQF level, the confirmed and the pending retroactive withdrawals."""
        address = check.address("issuer", issuer, zero_ok=True)
        role = self.role_id("issuer")
        record, voided, pending, *windows = self._call_many(
            [("issuerRecord", (address,)), ("voidedSpans", (address,)),
             ("pendingWithdrawal", (address,)),
             *(("windowsOf", (accreditation_scope(level), role, address)) for level in _LEVELS)]
        )
        institution, country, state, levels, valid_from, valid_until = record
        proposer, effective_at, withdrawn_at = pending
        return IssuerHistory(
            issuer=address,
            institution=institution if any(institution) else None,
            country=_country_text(country),
            state=IssuerState(state),
            levels=tuple(level for level in _LEVELS if levels & (1 << level)),
            valid_from=valid_from,
            valid_until=valid_until,
            windows={level: tuple(RoleWindow.from_tuple(w) for w in found)
                     for level, found in zip(_LEVELS, windows, strict=True) if found},
            voided=tuple(VoidedSpan(start=start, until=until) for start, until in voided),
            pending=None if int(proposer, 16) == 0 else RetroactiveWithdrawal(
                proposer=proposer, effective_at=effective_at, withdrawn_at=withdrawn_at),
        )

    def accredited_at(self, issuer: str, level: int, timestamp: int) -> bool:
        """Whether ``issuer`` was accredited for EQF ``level`` at block time ``timestamp``
        (as the chain knows it now: less confirmed retroactive withdrawals)."""
        value: bool = self._call(
            "accreditedAt", check.address("issuer", issuer, zero_ok=True),
            eqf_level("level", level),
            check.uint("timestamp", timestamp, maximum=check.UINT64_MAX))
        return value

    def accreditor_country(self, account: str) -> str | None:
        """The country ``account`` accredits for, or None if it is no accreditor."""
        account = check.address("account", account, zero_ok=True)
        return _country_text(self._call("accreditorCountry", account))

    # -- issuance ------------------------------------------------------------------------
    def prepare(self, documents: Iterable[DiplomaDocument]) -> PreparedBatch:
        """Salt and hash ``documents`` for anchoring by the sender (see :func:`prepare_batch`)."""
        if self.sender is None:
            raise InputError("sender", "preparing a batch needs the issuer as sender")
        return prepare_batch(documents, issuer=self.sender.address)

    def issue_batch(
        self, documents: Iterable[DiplomaDocument], *, expires_at: int | None = None
    ) -> list[DiplomaReceipt]:
        """Salt, hash and anchor ``documents`` (one EQF level, the sender's institution) in
        one transaction; the sender is the issuer. Returns one holder receipt per document."""
        prepared = self.prepare(documents)
        self.anchor(prepared, expires_at=expires_at)
        return prepared.receipts(registry=self.address, chain_id=self.chain.chain_id)

    def anchor(self, prepared: PreparedBatch, *, expires_at: int | None = None) -> Receipt:
        """Anchor an already prepared batch (see :meth:`prepare`)."""
        return self._transact("issueBatch", *self._issue_args(prepared, expires_at))

    def check_anchor(self, prepared: PreparedBatch, *, expires_at: int | None = None) -> None:
        """Dry-run :meth:`anchor` (an ``eth_call`` from the sender): raises what anchoring
        would raise now, sends nothing. Lets a caller store the receipts before anchoring."""
        self._call("issueBatch", *self._issue_args(prepared, expires_at))

    def _issue_args(
        self, prepared: PreparedBatch, expires_at: int | None
    ) -> tuple[bytes, int, int, int]:
        check.instance("prepared", prepared, PreparedBatch)
        if self.sender is None:
            raise InputError("sender", "anchoring needs the issuer as sender")
        if prepared.issuer != self.sender.address:
            raise InputError("issuer", f"the batch was prepared for {prepared.issuer}, "
                             f"not the sender {self.sender.address}")
        if len(prepared) > check.UINT32_MAX:
            raise InputError("documents", f"a batch holds at most {check.UINT32_MAX} documents")
        institution, country, *_ = self._call("issuerRecord", self.sender.address)
        document = prepared.documents[0]
        known = _country_text(country)
        # What the chain would call a mismatch is refused before anything is sent.
        if known is not None and document.country != known:
            raise InputError("country", f"document {document.diploma_id!r} says "
                             f"{document.country}, the issuer is accredited in {known}")
        if known is not None and institution_id(document.country,
                                                document.institution) != institution:
            raise InputError("institution", f"document {document.diploma_id!r} names "
                             f"{document.institution!r}, not the institution the issuer "
                             "was accredited as")
        expiry = 0 if expires_at is None else check.uint("expires_at", expires_at,
                                                         maximum=check.UINT64_MAX)
        return prepared.root, len(prepared), prepared.level, expiry

    def batch(self, root: bytes) -> Batch:
        """The batch anchored under ``root`` (typed revert if unknown)."""
        raw = self._call("batch", check.word32("root", root, text_ok=False))
        return Batch.from_tuple(root, raw)

    # -- status changes ------------------------------------------------------------------
    def revoke(self, receipt: DiplomaReceipt, reason: RevocationReason) -> Receipt:
        """Issuer or REVOKER: revoke the diploma of ``receipt`` for ``reason``, in every
        batch that carries it (final)."""
        checked = _receipt(receipt)
        return self._transact("revoke", *_proven(checked), int(RevocationReason.of(reason)))

    def revoke_batch(self, root: bytes, reason: RevocationReason) -> Receipt:
        """Issuer or REVOKER: revoke every diploma of the batch ``root`` (in that batch)."""
        return self._transact("revokeBatch", check.word32("root", root, text_ok=False),
                              int(RevocationReason.of(reason)))

    def suspend(
        self, receipt: DiplomaReceipt,
        reason: RevocationReason = RevocationReason.UNDER_INVESTIGATION,
    ) -> Receipt:
        """Issuer or REVOKER: suspend the diploma of ``receipt`` (reversible by the one that
        suspended it, or the admin)."""
        checked = _receipt(receipt)
        return self._transact("suspend", *_proven(checked), int(RevocationReason.of(reason)))

    def reinstate(self, diploma: DiplomaReceipt | bytes) -> Receipt:
        """The account that suspended the diploma (a receipt, or its identity), or the admin:
        lift the suspension."""
        return self._transact("reinstate", _diploma_id(diploma))

    def recognise(
        self, receipt: DiplomaReceipt, *, equivalent_level: int, decision_hash: bytes
    ) -> Receipt:
        """RECOGNISER: record that the diploma of ``receipt`` is equivalent to EQF
        ``equivalent_level``; ``decision_hash`` (32 bytes, not zero) commits to the decision
        document."""
        checked = _receipt(receipt)
        level = eqf_level("equivalent_level", equivalent_level)
        decision = check.word32("decision_hash", decision_hash, text_ok=False)
        if decision == bytes(32):
            raise InputError("decision_hash", "must be the hash of the decision, not zero")
        return self._transact("recognise", *_proven(checked), level, decision)

    def diploma_record(self, diploma: DiplomaReceipt | bytes) -> DiplomaRecord:
        """The status record of a diploma (a receipt, or its identity)."""
        ident = _diploma_id(diploma)
        return DiplomaRecord.from_tuple(ident, self._call("diplomaRecord", ident))

    def recognitions(self, diploma: DiplomaReceipt | bytes,
                     *, block: int | str = "latest") -> tuple[Recognition, ...]:
        """Every recognition recorded for a diploma (from the events, up to ``block``)."""
        records = self.events("DiplomaRecognised", to_block=block,
                              argument_filters={"diplomaId": _diploma_id(diploma)})
        return tuple(
            Recognition(
                recogniser=record["recogniser"],
                equivalent_level=record["equivalentLevel"],
                decision_hash=record["decisionHash"],
                block=record.block_number,
            )
            for record in records
        )

    # -- verification --------------------------------------------------------------------
    def status(self, receipt: DiplomaReceipt, *, block: int | str = "latest") -> tuple[int, int]:
        """The contract's raw ``verify(root, proof, claim)``: the shared status and the
        reason code. Prefer :meth:`verify`, which checks the registry first."""
        checked = _receipt(receipt)
        status, reason = self._call("verify", *_proven(checked), block=block)
        return int(status), int(reason)

    def verify(self, receipt: DiplomaReceipt, *, with_recognitions: bool = False) -> Verification:
        """The verdict on a holder receipt. First the registry: its code must be the code
        expected (:meth:`trusted`, else :class:`~blokketen.UntrustedContract`), and the
        receipt must name this chain and registry. Then the registry judges the claim
        recomputed from the document and the salt, all as of one block."""
        checked = _receipt(receipt)
        block = self.chain.block_number
        trusted = self.trusted(block=block)
        ident = checked.diploma_id

        def verdict(status: Status, reason: str) -> Verification:
            return Verification(status=status, trusted=trusted, root=checked.root,
                                diploma_id=ident, reason=reason)

        if checked.chain_id != trusted.chain_id:
            return verdict(Status.WRONG_CHAIN, f"the receipt names chain {checked.chain_id}")
        if checked.registry != trusted.address:
            return verdict(Status.WRONG_REGISTRY,
                           f"the receipt names registry {checked.registry}")
        raw_status, code = self.status(checked, block=block)
        status = Status.from_chain(raw_status, code)
        if status is Status.UNKNOWN:
            return verdict(status, "the registry does not know this diploma: no such batch, or "
                           "the document, salt, issuer or proof differ from what was anchored")
        raw_batch, raw_record = self._call_many(
            [("batch", (checked.root,)), ("diplomaRecord", (ident,))], block=block)
        found = Batch.from_tuple(checked.root, raw_batch)
        record = DiplomaRecord.from_tuple(ident, raw_record)
        country = _country_text(self._call("issuerRecord", found.issuer, block=block)[1])
        field = MISMATCH_FIELDS.get(code) if status is Status.MISMATCH else None
        revocation = None
        if status is Status.REVOKED or status is Status.SUSPENDED:
            revocation = (found.revoked_reason
                          if found.revoked_reason is not RevocationReason.NONE else record.reason)
        return Verification(
            status=status,
            trusted=trusted,
            root=checked.root,
            diploma_id=ident,
            reason=_why(status, field, checked, found, record, country),
            field=field,
            code=code,
            issuer=found.issuer,
            country=country,
            level=found.level,
            issued_at=found.issued_at,
            issued_block=found.issued_block,
            expires_at=found.expires_at,
            revocation=revocation,
            recognitions=(self.recognitions(ident, block=block) if with_recognitions
                          else ()),
        )

    # -- hashing evaluated by the contract ----------------------------------------------
    def leaf_of(self, claim: DiplomaClaim, issuer: str) -> bytes:
        """The contract's ``leafOf`` (for cross-checking the Python hashing)."""
        value: bytes = self._call("leafOf", check.instance("claim", claim, DiplomaClaim).as_tuple(),
                                  check.address("issuer", issuer))
        return value

    def diploma_id_of(self, claim: DiplomaClaim) -> bytes:
        """The contract's ``diplomaIdOf``."""
        value: bytes = self._call("diplomaIdOf",
                                  check.instance("claim", claim, DiplomaClaim).as_tuple())
        return value

    def institution_id_of(self, country: str, institution: str) -> bytes:
        """The contract's ``institutionIdOf`` of an institution's official name."""
        value: bytes = self._call("institutionIdOf",
                                  country_code("country", country).encode("ascii"),
                                  institution_name_hash(institution))
        return value


def _why(status: Status, field: str | None, receipt: DiplomaReceipt, found: Batch,
         record: DiplomaRecord, country: str | None) -> str | None:
    """One line on why the diploma is not valid; a mismatch starts with the field."""
    document = receipt.document
    if status is Status.VALID:
        return None
    if field == "eqf_level":
        return (f"eqf_level: the document says EQF {document.eqf_level}, the batch was "
                f"anchored for EQF {found.level}")
    if field == "country":
        return (f"country: the document says {document.country}, the issuer is accredited "
                f"in {country}")
    if field == "institution":
        return (f"institution: the document names {document.institution!r}, not the "
                "institution the issuer was accredited as")
    if status is Status.REVOKED and found.revoked_reason is not RevocationReason.NONE:
        return f"the batch was revoked: {found.revoked_reason.label}"
    if status is Status.REVOKED:
        return f"revoked by {record.by}: {record.reason.label}"
    if status is Status.ISSUER_NOT_ACCREDITED_AT_ISSUANCE:
        return (f"the issuer {found.issuer} was not accredited for EQF {found.level} when it "
                f"anchored the batch (block {found.issued_block}); its accreditation was "
                "withdrawn with effect from before")
    if status is Status.SUSPENDED:
        return f"suspended by {record.by}: {record.reason.label}"
    if status is Status.EXPIRED:
        return f"expired at unix time {found.expires_at}"
    return status.value


def _proven(receipt: DiplomaReceipt) -> tuple[bytes, list[bytes], tuple[object, ...]]:
    """Root, proof and claim of a receipt, as the contract's functions take them."""
    proof = check.words32("proof", receipt.proof, text_ok=False)
    if len(proof) > MAX_PROOF_LENGTH:
        raise InputError("proof", f"{len(proof)} siblings: at most {MAX_PROOF_LENGTH}")
    return check.word32("root", receipt.root, text_ok=False), proof, receipt.claim.as_tuple()


def _diploma_id(value: DiplomaReceipt | bytes) -> bytes:
    if isinstance(value, DiplomaReceipt):
        return value.diploma_id
    return check.word32("diploma_id", value, text_ok=False)


def _country_text(raw: bytes) -> str | None:
    return None if raw == b"\x00\x00" else bytes(raw).decode("ascii")


def _receipt(value: DiplomaReceipt) -> DiplomaReceipt:
    return check.instance("receipt", value, DiplomaReceipt)

