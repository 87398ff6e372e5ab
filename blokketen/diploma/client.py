"""Typed client of the DiplomaRegistry contract (international diploma exchange pilot).

The trust chain (admin -> accreditors per country -> accredited institutions), batch issuance
of Merkle roots, revocation with reason codes, reversible suspension, cross-border recognition
and verification of holder receipts. Documents, salts and proofs never leave Python except as
the leaf hash and proof nodes; see :mod:`blokketen.diploma`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from blokketen._exceptions import InputError
from blokketen.contract import checks as check
from blokketen.contract.base import ContractClient
from blokketen.contract.tx import Receipt
from blokketen.diploma.documents import DiplomaDocument, country_code, eqf_level
from blokketen.diploma.receipts import DiplomaReceipt, PreparedBatch, prepare_batch
from blokketen.diploma.types import (
    OPEN_UNTIL,
    Accreditation,
    Batch,
    IssuerHistory,
    IssuerState,
    Recognition,
    RevocationReason,
    Status,
    Verification,
)

__all__ = ["DiplomaRegistry"]


class DiplomaRegistry(ContractClient):
    """Client of ``contracts/diploma/DiplomaRegistry.sol``.

    Roles (``grant_role`` and the rest, from :class:`ContractClient`): ``revoker``,
    ``recogniser`` and ``admin``; the accreditor role comes with a country and is given and
    taken only by :meth:`appoint_accreditor` and :meth:`dismiss_accreditor`."""

    CONTRACT = "DiplomaRegistry"
    APPOINTED_ROLES = {"accreditor": ("appoint_accreditor", "dismiss_accreditor")}

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
        levels: Iterable[int],
        valid_from: int = 0,
        valid_until: int = OPEN_UNTIL,
    ) -> Receipt:
        """Accreditor: accredit ``issuer`` for EQF ``levels`` within [valid_from, valid_until)
        (unix seconds). Replaces an open accreditation of the same issuer."""
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
            country_code("country", country).encode("ascii"), scope, start, end
        )

    def suspend_issuer(self, issuer: str) -> Receipt:
        """Accreditor: suspend ``issuer`` after this block (earlier batches stay valid)."""
        return self._transact("suspendIssuer", check.address("issuer", issuer, zero_ok=True))

    def reinstate_issuer(self, issuer: str) -> Receipt:
        """Accreditor: end the suspension of ``issuer``."""
        return self._transact("reinstateIssuer", check.address("issuer", issuer, zero_ok=True))

    def withdraw_accreditation(self, issuer: str, *, effective_block: int) -> Receipt:
        """Accreditor: withdraw ``issuer``'s accreditation from ``effective_block`` on
        (may lie in the past: batches anchored since then stop verifying)."""
        return self._transact(
            "withdrawAccreditation",
            check.address("issuer", issuer, zero_ok=True),
            check.uint("effective_block", effective_block, maximum=check.UINT64_MAX),
        )

    def issuer_history(self, issuer: str) -> IssuerHistory:
        """Country, state and accreditation intervals of ``issuer``, oldest first."""
        address = check.address("issuer", issuer, zero_ok=True)
        raw, state, country = self._call_many(
            [
                ("accreditations", (address,)),
                ("issuerState", (address,)),
                ("issuerCountry", (address,)),
            ]
        )
        return IssuerHistory(
            issuer=address,
            country=_country_text(country),
            state=IssuerState(state),
            accreditations=tuple(Accreditation.from_tuple(item) for item in raw),
        )

    def accredited_at(self, issuer: str, level: int, block: int) -> bool:
        """Whether ``issuer`` was accredited for EQF ``level`` at block ``block``."""
        address = check.address("issuer", issuer, zero_ok=True)
        checked_level = eqf_level("level", level)
        timestamp = self.chain.timestamp(check.uint("block", block, maximum=check.UINT64_MAX))
        value: bool = self._call("accreditedAt", address, checked_level, block, timestamp)
        return value

    def accreditor_country(self, account: str) -> str | None:
        account = check.address("account", account, zero_ok=True)
        return _country_text(self._call("accreditorCountry", account))

    # -- issuance ------------------------------------------------------------------------
    def issue_batch(
        self, documents: Iterable[DiplomaDocument], *, expires_at: int | None = None
    ) -> list[DiplomaReceipt]:
        """Salt, hash and anchor ``documents`` (one EQF level) in one transaction; the sender
        is the issuer. Returns one holder receipt per document, in order."""
        prepared = prepare_batch(documents)
        self.anchor(prepared, expires_at=expires_at)
        return prepared.receipts(registry=self.address, chain_id=self.chain.chain_id)

    def anchor(self, prepared: PreparedBatch, *, expires_at: int | None = None) -> Receipt:
        """Anchor an already prepared batch (see :func:`prepare_batch`)."""
        return self._transact("issueBatch", *self._issue_args(prepared, expires_at))

    def check_anchor(self, prepared: PreparedBatch, *, expires_at: int | None = None) -> None:
        """Dry-run :meth:`anchor` (an ``eth_call`` from the sender): raises what anchoring
        would raise now, sends nothing. Lets a caller store the receipts before anchoring."""
        if self.sender is None:
            raise InputError("sender", "checking an issuance needs the issuer as sender")
        self._call("issueBatch", *self._issue_args(prepared, expires_at))

    def _issue_args(
        self, prepared: PreparedBatch, expires_at: int | None
    ) -> tuple[bytes, int, int, int]:
        check.instance("prepared", prepared, PreparedBatch)
        if len(prepared) > check.UINT32_MAX:
            raise InputError("documents", f"a batch holds at most {check.UINT32_MAX} documents")
        if self.sender is not None:
            country = _country_text(self._call("issuerCountry", self.sender.address))
            for document in prepared.documents:
                if country is not None and document.country != country:
                    raise InputError(
                        "country",
                        f"document {document.diploma_id!r} says {document.country}, "
                        f"the issuer is accredited in {country}",
                    )
        expiry = 0 if expires_at is None else check.uint("expires_at", expires_at,
                                                         maximum=check.UINT64_MAX)
        return prepared.root, len(prepared), prepared.level, expiry

    def batch(self, root: bytes) -> Batch:
        """The batch anchored under ``root`` (typed revert if unknown)."""
        raw = self._call("batch", check.word32("root", root, text_ok=False))
        return Batch.from_tuple(root, raw)

    # -- status changes ------------------------------------------------------------------
    def revoke(self, receipt: DiplomaReceipt, reason: RevocationReason) -> Receipt:
        """Issuer or REVOKER: revoke the diploma of ``receipt`` for ``reason`` (final)."""
        checked = _receipt(receipt)
        return self.revoke_leaf(checked.root, checked.leaf, checked.proof, reason)

    def revoke_leaf(
        self, root: bytes, leaf: bytes, proof: Sequence[bytes], reason: RevocationReason
    ) -> Receipt:
        """:meth:`revoke` for a known leaf and proof, without the document."""
        return self._transact(
            "revoke", check.word32("root", root, text_ok=False),
            check.word32("leaf", leaf, text_ok=False),
            check.words32("proof", proof, text_ok=False), int(RevocationReason.of(reason))
        )

    def revoke_batch(self, root: bytes, reason: RevocationReason) -> Receipt:
        """Issuer or REVOKER: revoke every diploma of the batch ``root``."""
        return self._transact("revokeBatch", check.word32("root", root, text_ok=False),
                              int(RevocationReason.of(reason)))

    def suspend(self, receipt: DiplomaReceipt) -> Receipt:
        """Issuer or REVOKER: suspend the diploma of ``receipt`` (reversible)."""
        checked = _receipt(receipt)
        proof = check.words32("proof", checked.proof, text_ok=False)
        return self._transact("suspend", checked.root, checked.leaf, proof)

    def reinstate(self, receipt: DiplomaReceipt) -> Receipt:
        """Issuer or REVOKER: end the suspension of the diploma of ``receipt``."""
        checked = _receipt(receipt)
        return self._transact("reinstate", checked.root, checked.leaf)

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
        return self._transact(
            "recognise", checked.root, checked.leaf,
            check.words32("proof", checked.proof, text_ok=False), level, decision
        )

    def recognitions(self, root: bytes, leaf: bytes) -> tuple[Recognition, ...]:
        """Every recognition recorded for ``leaf`` of ``root`` (from the events)."""
        records = self.events(
            "DiplomaRecognised",
            argument_filters={"root": check.word32("root", root, text_ok=False),
                              "leaf": check.word32("leaf", leaf, text_ok=False)},
        )
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
    def status(self, root: bytes, leaf: bytes, proof: Sequence[bytes]) -> Status:
        """The contract's ``verify(leaf, proof, root)``."""
        code = self._call("verify", check.word32("leaf", leaf, text_ok=False),
                          check.words32("proof", proof, text_ok=False),
                          check.word32("root", root, text_ok=False))
        return Status.from_chain(int(code))

    def verify(self, receipt: DiplomaReceipt, *, with_recognitions: bool = False) -> Verification:
        """Check a holder receipt: chain and registry first, then the leaf recomputed from the
        document and salt, the proof and the on-chain status."""
        receipt = _receipt(receipt)
        leaf = receipt.leaf
        if receipt.chain_id != self.chain.chain_id:
            return Verification(status=Status.WRONG_CHAIN, leaf=leaf, root=receipt.root)
        if receipt.registry != self.address:
            return Verification(status=Status.WRONG_REGISTRY, leaf=leaf, root=receipt.root)
        status = self.status(receipt.root, leaf, receipt.proof)
        if status is Status.UNKNOWN:
            return Verification(status=status, leaf=leaf, root=receipt.root)
        raw_batch, record = self._call_many(
            [("batch", (receipt.root,)), ("leafRecord", (receipt.root, leaf))]
        )
        found = Batch.from_tuple(receipt.root, raw_batch)
        country = _country_text(self._call("issuerCountry", found.issuer))
        reasons = tuple(
            r
            for r in (found.revoked_reason, RevocationReason(record[1]))
            if r is not RevocationReason.NONE
        )
        return Verification(
            status=status,
            leaf=leaf,
            root=receipt.root,
            issuer=found.issuer,
            country=country,
            level=found.level,
            issued_at=found.issued_at,
            issued_block=found.issued_block,
            expires_at=found.expires_at,
            reasons=reasons,
            recognitions=self.recognitions(receipt.root, leaf) if with_recognitions else (),
        )

    # -- Merkle helpers evaluated by the contract ---------------------------------------
    def leaf_of(self, diploma_hash: bytes, salt: bytes) -> bytes:
        """The contract's ``leafOf`` (for cross-checking the Python hashing)."""
        value: bytes = self._call(
            "leafOf", check.word32("diploma_hash", diploma_hash, text_ok=False),
            check.word32("salt", salt, text_ok=False)
        )
        return value

    def compute_root(self, leaf: bytes, proof: Sequence[bytes]) -> bytes:
        """The contract's ``computeRoot`` (OpenZeppelin ``MerkleProof.processProof``)."""
        value: bytes = self._call("computeRoot", check.word32("leaf", leaf, text_ok=False),
                                  check.words32("proof", proof, text_ok=False))
        return value


def _country_text(raw: bytes) -> str | None:
    return None if raw == b"\x00\x00" else bytes(raw).decode("ascii")


def _receipt(value: DiplomaReceipt) -> DiplomaReceipt:
    return check.instance("receipt", value, DiplomaReceipt)
