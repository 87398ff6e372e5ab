"""Typed client of the DwellingPassRegistry contract (woningpas pilot).

Dwellings by keyed reference (:func:`blokketen.housing.dwellings.dwelling_ref`), attestations
as commitments with their history, the reference EPC per rent year, the renovation duty, the
real-right holders' mandates, and the verification of a passport bundle against a registry
whose code was checked first (:mod:`blokketen.contract.trust`). Records and documents never
leave Python except as hashes; the EPC's score and label are the only record fields sent, as
the contract checks them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import InputError
from blokketen.common import typed_data
from blokketen.common.canonical import salt as new_salt
from blokketen.common.leaves import MerkleTree
from blokketen.common.roles import OPEN_ENDED, RoleWindow
from blokketen.common.status import Reason, Status
from blokketen.contract import checks as check
from blokketen.contract.base import ContractClient
from blokketen.contract.tx import Receipt
from blokketen.housing.client import check_dwelling_ref
from blokketen.woningpas.bundle import (
    AttestationReceipt,
    MandateProof,
    PassBundle,
    check_record_fields,
)
from blokketen.woningpas.commitments import (
    document_hash,
    holder_leaf,
    holders_tree,
    reference_leaf,
    reference_tree,
)
from blokketen.woningpas.epc import (
    check_certificate_number,
    check_label,
    check_validity,
    label_of,
)
from blokketen.woningpas.types import (
    Attestation,
    AttestationCheck,
    AttestationStatus,
    AttType,
    DwellingInfo,
    DwellingKind,
    EpcRecord,
    Label,
    MandateInfo,
    PassVerification,
    Renovation,
    RenovationState,
    Scope,
)

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.housing.client import SocialRentRules

__all__ = ["DwellingPassRegistry", "Mandate", "RecordedAttestation", "day_of", "unix_day"]

MANDATE = typed_data.TypedStruct.parse(
    "Mandate(bytes32 dwellingRef,address grantee,uint16 scope,uint64 validUntil,uint256 nonce)")
"""The EIP-712 type a real-right holder signs (``DwellingPassRegistry.MANDATE_TYPEHASH``)."""

ASBESTOS_DUTY_FROM = date(2022, 11, 23)
"""Sales from this day of buildings from before 2001 need a valid asbestos attest."""
ASBESTOS_BUILD_YEAR = 2001
EPC_LABEL_FROM = date(2019, 1, 1)
"""EPCs from this day on show a label; a sale from 2022 needs one of them."""
_SALE_LABEL_FROM = date(2022, 1, 1)
_EXEMPTIONS = {"demolition": 256, "protected-heritage": 257}


def unix_day(day: date, field: str = "date") -> int:
    """00:00 UTC of ``day`` as unix seconds (the contract's dates)."""
    if not isinstance(day, date) or isinstance(day, datetime):
        raise InputError(field, f"a date expected, not {day!r}")
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def day_of(seconds: int) -> date:
    """The UTC date of unix time ``seconds``."""
    return datetime.fromtimestamp(seconds, UTC).date()


@dataclass(frozen=True)
class Mandate:
    """A mandate a real-right holder signs: ``grantee`` may see the types in ``scope`` of
    the dwelling until ``valid_until`` (unix seconds). ``nonce`` is the holder's current
    nonce on the registry (used up when the mandate is recorded)."""

    dwelling_ref: bytes
    grantee: str
    scope: Scope
    valid_until: int
    nonce: int

    def values(self) -> dict[str, object]:
        return {"dwellingRef": self.dwelling_ref, "grantee": self.grantee,
                "scope": int(self.scope), "validUntil": self.valid_until, "nonce": self.nonce}

    def as_tuple(self) -> tuple[bytes, str, int, int, int]:
        return (self.dwelling_ref, self.grantee, int(self.scope), self.valid_until, self.nonce)

    @property
    def mandate_hash(self) -> bytes:
        """The EIP-712 struct hash: the mandate's id on the registry."""
        return MANDATE.hash(self.values())


@dataclass(frozen=True)
class RecordedAttestation:
    """An attestation just recorded: its id, what the holder keeps, and the chain receipt."""

    attestation_id: bytes
    receipt: AttestationReceipt
    chain_receipt: Receipt


class DwellingPassRegistry(ContractClient):
    """Client of ``contracts/woningpas/DwellingPassRegistry.sol``.

    Every role is held in role windows (:meth:`grant_window`): ``registrar``, the issuer
    roles (``epc_issuer``, ``asbestos_issuer``, ``soil_issuer``, ``permit_issuer``,
    ``conformity_issuer``, ``inspection_issuer``), ``supervisor``, ``notary``, and
    ``landlord`` in the scope of one dwelling (granted by a registrar). A plain AccessControl
    grant of these roles authorises nothing, so :meth:`grant_role` refuses them."""

    CONTRACT = "DwellingPassRegistry"
    APPOINTED_ROLES = {name: ("grant_window", "end_window") for name in (
        "registrar", "epc_issuer", "asbestos_issuer", "soil_issuer", "permit_issuer",
        "conformity_issuer", "inspection_issuer", "supervisor", "notary", "landlord")}

    # -- roles in windows ----------------------------------------------------------------
    def grant_window(self, role: str, holder: str, *, scope: bytes = bytes(32),
                     valid_from: int = 0, valid_until: int = OPEN_ENDED) -> Receipt:
        """Grant ``holder`` the ``role`` in ``scope`` (zero: the registry; a dwelling
        reference for ``landlord``) for [valid_from, valid_until)."""
        return self._transact(
            "grantWindow", check.word32("scope", scope, text_ok=False), self.role_id(role),
            check.address("holder", holder, zero_ok=True),
            check.uint("valid_from", valid_from, maximum=check.UINT64_MAX),
            check.uint("valid_until", valid_until, maximum=check.UINT64_MAX))

    def end_window(self, role: str, holder: str, index: int, *, scope: bytes = bytes(32)
                   ) -> Receipt:
        """End window ``index`` of ``holder``'s ``role`` in ``scope`` from now on."""
        return self._transact("endWindow", check.word32("scope", scope, text_ok=False),
                              self.role_id(role), check.address("holder", holder),
                              check.uint("index", index, maximum=2**256 - 1))

    def windows(self, role: str, holder: str, *, scope: bytes = bytes(32)
                ) -> tuple[RoleWindow, ...]:
        """Every window of ``holder`` for ``role`` in ``scope``."""
        rows = self._call("windowsOf", check.word32("scope", scope, text_ok=False),
                          self.role_id(role), check.address("holder", holder))
        return tuple(RoleWindow.from_tuple(r) for r in rows)

    def holds_at(self, role: str, holder: str, t: int, *, scope: bytes = bytes(32)) -> bool:
        """Whether ``holder`` held ``role`` in ``scope`` at time ``t``."""
        return bool(self._call("holdsAt", check.word32("scope", scope, text_ok=False),
                               self.role_id(role), check.address("holder", holder),
                               check.uint("t", t, maximum=check.UINT64_MAX)))

    # -- dwellings -----------------------------------------------------------------------
    def register_dwelling(self, dwelling_ref: bytes, *, kind: DwellingKind = DwellingKind.UNKNOWN,
                          parcel_commitment: bytes | None = None) -> Receipt:
        """Registrar: register a dwelling by its keyed reference, with its kind and the
        optional parcel commitment (:func:`~blokketen.woningpas.commitments.parcel_commitment`)."""
        return self._transact(
            "registerDwelling", check_dwelling_ref(dwelling_ref),
            int(check.member("kind", kind, DwellingKind)),
            bytes(32) if parcel_commitment is None
            else check.hash32("parcel_commitment", parcel_commitment, text_ok=False))

    def set_holders(self, dwelling_ref: bytes, holders: Sequence[str]) -> MerkleTree:
        """Registrar: record the real-right holders of a dwelling (as the root of their
        leaves); returns the tree, from which each holder's proof is taken."""
        ref = check_dwelling_ref(dwelling_ref)
        tree = holders_tree(ref, list(holders))
        self._transact("setHoldersRoot", ref, tree.root)
        return tree

    def dwelling(self, dwelling_ref: bytes, *, block: int | str = "latest") -> DwellingInfo:
        """What the registry holds of a dwelling (``registered_at`` 0: unknown)."""
        ref = check_dwelling_ref(dwelling_ref)
        registered, kind, parcel, root = self._call("dwelling", ref, block=block)
        return DwellingInfo(ref, int(registered), DwellingKind(int(kind)), bytes(parcel),
                            bytes(root))

    # -- attestations --------------------------------------------------------------------
    def record_epc(self, dwelling_ref: bytes, record: EpcRecord, document: bytes, *,
                   salt: bytes | None = None, supersedes: bytes | None = None
                   ) -> RecordedAttestation:
        """EPC issuer: record an EPC (parsed by :mod:`blokketen.woningpas.epc`) with the
        source document's bytes. ``supersedes`` defaults to the current EPC."""
        epc = check.instance("record", record, EpcRecord)
        check_certificate_number(epc.certificate_number)
        check_label(epc.score, epc.label)
        check_validity(epc.issue_date, epc.valid_until)
        return self._record(dwelling_ref, AttType.EPC, epc.canonical(), document,
                            issued=epc.issue_date, valid_until=epc.valid_until,
                            score=epc.score, label=epc.label, salt=salt, supersedes=supersedes)

    def attest(self, dwelling_ref: bytes, att_type: AttType, record: Mapping[str, Any],
               document: bytes, *, issued: date, valid_until: date,
               salt: bytes | None = None, supersedes: bytes | None = None
               ) -> RecordedAttestation:
        """Issuer of ``att_type`` (not EPC: :meth:`record_epc`; not owner evidence:
        :meth:`record_owner_evidence`): record an attestation of ``record`` (personal fields
        refused) and the source document."""
        kind = check.member("att_type", att_type, AttType)
        if kind is AttType.EPC or kind is AttType.OWNER_EVIDENCE:
            raise InputError("att_type", f"{kind.name.lower()} has its own method")
        if kind is AttType.ASBESTOS:
            check_validity(issued, valid_until)
        elif valid_until <= issued:
            raise InputError("valid_until", f"{valid_until} is not after the issue date {issued}")
        return self._record(dwelling_ref, kind, record, document, issued=issued,
                            valid_until=valid_until, score=0, label=None, salt=salt,
                            supersedes=supersedes)

    def _record(self, dwelling_ref: bytes, kind: AttType, record: Mapping[str, Any],
                document: bytes, *, issued: date, valid_until: date, score: int,
                label: Label | None, salt: bytes | None, supersedes: bytes | None
                ) -> RecordedAttestation:
        ref = check_dwelling_ref(dwelling_ref)
        check_record_fields(record)
        issued_at = unix_day(issued, "issued")
        if issued_at > self.chain.timestamp():
            raise InputError("issued", f"{issued} lies in the future")
        receipt = AttestationReceipt(kind, ref, salt if salt is not None else new_salt(),
                                     dict(record), document_hash(document))
        ident = receipt.attestation_id
        previous = (self.current(ref, kind) or bytes(32)) if supersedes is None else \
            check.word32("supersedes", supersedes, text_ok=False)
        chain_receipt = self._transact(
            "recordAttestation", ref, int(kind), receipt.commitment, issued_at,
            unix_day(valid_until, "valid_until"), score, int(label) if label else 0, previous)
        return RecordedAttestation(ident, receipt, chain_receipt)

    def record_owner_evidence(self, dwelling_ref: bytes, record: Mapping[str, Any],
                              document: bytes, *, issued: date, holder_proof: Sequence[bytes],
                              salt: bytes | None = None) -> RecordedAttestation:
        """Real-right holder (the sender, proven by ``holder_proof``): record self-declared
        evidence. It is typed as such and never meets a legal duty."""
        ref = check_dwelling_ref(dwelling_ref)
        check_record_fields(record)
        receipt = AttestationReceipt(AttType.OWNER_EVIDENCE, ref,
                                     salt if salt is not None else new_salt(), dict(record),
                                     document_hash(document))
        chain_receipt = self._transact(
            "recordOwnerEvidence", ref, receipt.commitment, unix_day(issued, "issued"),
            check.words32("holder_proof", list(holder_proof), text_ok=False))
        return RecordedAttestation(receipt.attestation_id, receipt, chain_receipt)

    def withdraw(self, attestation_id: bytes, reason: Reason | int) -> Receipt:
        """Issuer or supervisor: withdraw a current attestation with a shared reason code."""
        return self._transact("withdraw", check.hash32("attestation_id", attestation_id,
                                                      text_ok=False),
                              check.uint("reason", int(reason), maximum=2**16 - 1))

    def current(self, dwelling_ref: bytes, att_type: AttType) -> bytes | None:
        """The current attestation of a type (None: none)."""
        found = bytes(self._call("currentAttestation", check_dwelling_ref(dwelling_ref),
                                 int(check.member("att_type", att_type, AttType))))
        return None if found == bytes(32) else found

    def attestation(self, attestation_id: bytes, *, block: int | str = "latest"
                    ) -> Attestation | None:
        """What the registry holds of an attestation (None: unknown)."""
        ident = check.hash32("attestation_id", attestation_id, text_ok=False)
        return _attestation(ident, self._call("attestation", ident, block=block))

    def status_at(self, attestation_id: bytes, t: int, *, block: int | str = "latest"
                  ) -> AttestationStatus:
        """The status at time ``t`` and whether the issuer held its role when recorded."""
        return _status(self._call(
            "statusAt", check.hash32("attestation_id", attestation_id, text_ok=False),
            check.uint("t", t, maximum=2**40 - 1), block=block))

    def label_of(self, score: int) -> Label:
        """The contract's label for ``score`` (for cross-checking the Python rule)."""
        return Label(int(self._call("labelOf", check.uint("score", score, maximum=2000,
                                                          minimum=-500))))

    # -- energy correction feed ----------------------------------------------------------
    def set_reference_epc(self, dwelling_ref: bytes, year: int, attestation_id: bytes
                          ) -> Receipt:
        """Landlord of the dwelling: name the reference EPC of rent year ``year``."""
        return self._transact("setReferenceEpc", check_dwelling_ref(dwelling_ref),
                              check.uint("year", year, minimum=2020, maximum=2100),
                              check.hash32("attestation_id", attestation_id, text_ok=False))

    def reference_epc(self, dwelling_ref: bytes, year: int, *, block: int | str = "latest"
                      ) -> bytes:
        """The reference EPC of a rent year (the registry's typed error when none is set)."""
        return bytes(self._call("referenceEpc", check_dwelling_ref(dwelling_ref),
                                check.uint("year", year, maximum=2**16 - 1), block=block))

    def set_reference_root(self, year: int, references: Mapping[bytes, bytes]) -> MerkleTree:
        """Woonmaatschappij (LANDLORD_ROLE in scope zero): anchor all its reference EPCs of a
        rent year (dwelling reference -> EPC attestation id) as one root; returns the tree
        whose proofs the tenants get (:meth:`reference_proof`)."""
        year = check.uint("year", year, minimum=2020, maximum=2100)
        tree = reference_tree(year, {check_dwelling_ref(r): check.hash32(
            "attestation_id", i, text_ok=False) for r, i in references.items()})
        self._transact("setReferenceRoot", year, tree.root)
        return tree

    def reference_root(self, landlord: str, year: int, *, block: int | str = "latest"
                       ) -> bytes | None:
        """The root ``landlord`` anchored for ``year`` (None: none)."""
        found = bytes(self._call("referenceRoot", check.address("landlord", landlord),
                                 check.uint("year", year, maximum=2**16 - 1), block=block))
        return None if found == bytes(32) else found

    @staticmethod
    def reference_proof(tree: MerkleTree, dwelling_ref: bytes, year: int,
                        attestation_id: bytes) -> tuple[bytes, ...]:
        """A dwelling's proof in a yearly reference root."""
        return tuple(tree.proof(reference_leaf(dwelling_ref, year, attestation_id)))

    def reference_epc_in_root(self, landlord: str, year: int, dwelling_ref: bytes,
                              attestation_id: bytes, proof: Sequence[bytes], *,
                              block: int | str = "latest") -> bool:
        """Whether ``landlord``'s root of ``year`` proves the EPC the reference of the
        dwelling, and that EPC was active on 1 January of ``year``."""
        return bool(self._call(
            "referenceEpcInRoot", check.address("landlord", landlord),
            check.uint("year", year, maximum=2**16 - 1), check_dwelling_ref(dwelling_ref),
            check.hash32("attestation_id", attestation_id, text_ok=False),
            check.words32("proof", list(proof), text_ok=False), block=block))

    # -- renovation duty -----------------------------------------------------------------
    def record_transfer(self, dwelling_ref: bytes, deed: date) -> Receipt:
        """Notary: record a transfer by an authentic deed of ``deed`` (the date only)."""
        return self._transact("recordTransfer", check_dwelling_ref(dwelling_ref),
                              unix_day(deed, "deed_date"))

    def mark_breached(self, dwelling_ref: bytes) -> Receipt:
        """Anyone: mark a renovation duty breached once its deadline passed."""
        return self._transact("markBreached", check_dwelling_ref(dwelling_ref))

    def record_exemption(self, dwelling_ref: bytes, reason: str) -> Receipt:
        """Registrar: exempt a dwelling (``demolition`` or ``protected-heritage``)."""
        if reason not in _EXEMPTIONS:
            raise InputError("reason", f"one of {', '.join(_EXEMPTIONS)}, not {reason!r}")
        return self._transact("recordExemption", check_dwelling_ref(dwelling_ref),
                              _EXEMPTIONS[reason])

    def renovation(self, dwelling_ref: bytes, *, block: int | str = "latest") -> Renovation:
        """The renovation duty of a dwelling."""
        deed, deadline, target, state, exempt = self._call(
            "renovation", check_dwelling_ref(dwelling_ref), block=block)
        return Renovation(int(deed), int(deadline), Label(int(target)) if target else None,
                          RenovationState(int(state)), int(exempt))

    def renovation_terms(self, deed: date, kind: DwellingKind) -> tuple[Label | None, int]:
        """The contract's target and deadline for a deed (cross-check of the Python rule)."""
        target, deadline = self._call("renovationTerms", unix_day(deed, "deed_date"),
                                      int(check.member("kind", kind, DwellingKind)))
        return (Label(int(target)) if target else None), int(deadline)

    # -- mandates ------------------------------------------------------------------------
    def domain(self) -> typed_data.Domain:
        """The registry's EIP-712 domain."""
        return typed_data.Domain(name="Blokketen DwellingPassRegistry", version="1",
                                 chain_id=self.chain.chain_id, verifying_contract=self.address)

    def nonce(self, holder: str) -> int:
        return int(self._call("nonces", check.address("holder", holder)))

    def sign_mandate(self, holder: LocalAccount, dwelling_ref: bytes, *, grantee: str,
                     scope: Scope, valid_until: int, nonce: int | None = None
                     ) -> tuple[Mandate, bytes]:
        """A mandate signed by the real-right holder ``holder`` (EIP-712); the holder's dev
        key is refused on a chain that is not a local dev chain."""
        from blokketen.chain import refuse_dev_key

        scope = Scope(check.uint("scope", int(scope), maximum=2**16 - 1))
        if not scope or int(scope) & ~int(sum(Scope)):
            raise InputError("scope", f"{int(scope):#x} has no or undefined type bits")
        mandate = Mandate(check_dwelling_ref(dwelling_ref), check.address("grantee", grantee),
                          scope, check.uint("valid_until", valid_until, maximum=2**64 - 1),
                          self.nonce(holder.address) if nonce is None else nonce)
        refuse_dev_key(holder, self.chain)
        return mandate, typed_data.sign(holder, self.domain(), MANDATE, mandate.values())

    def grant_mandate(self, mandate: Mandate, signature: bytes, *, holder: str,
                      holder_proof: Sequence[bytes]) -> bytes:
        """Anyone (a relayer): record a signed mandate; returns its hash."""
        m = check.instance("mandate", mandate, Mandate)
        self._transact("grantMandate", m.as_tuple(), check.address("holder", holder),
                       check.instance("signature", signature, bytes),
                       check.words32("holder_proof", list(holder_proof), text_ok=False))
        return m.mandate_hash

    def revoke_mandate(self, mandate_hash: bytes) -> Receipt:
        """The holder who granted it: revoke a mandate."""
        return self._transact("revokeMandate",
                              check.hash32("mandate_hash", mandate_hash, text_ok=False))

    def mandate(self, mandate_hash: bytes) -> MandateInfo | None:
        """A recorded mandate (None: unknown)."""
        ident = check.hash32("mandate_hash", mandate_hash, text_ok=False)
        holder, grantee, ref, scope, until, granted, revoked = self._call("mandate", ident)
        if not granted:
            return None
        return MandateInfo(ident, str(holder), str(grantee), bytes(ref), Scope(int(scope)),
                           int(until), int(granted), int(revoked))

    def mandate_valid_at(self, proof: MandateProof, scope: Scope, t: int, *,
                         block: int | str = "latest") -> bool:
        """Whether a recorded mandate lets its grantee see ``scope`` at ``t``."""
        return bool(self._call("mandateValidAt", proof.mandate_hash,
                               check.address("grantee", proof.grantee), int(scope),
                               check.uint("t", t, maximum=check.UINT64_MAX),
                               list(proof.holder_proof), block=block))

    def holder_proof(self, tree: MerkleTree, dwelling_ref: bytes, holder: str
                     ) -> tuple[bytes, ...]:
        """``holder``'s proof in a holders' tree (from :meth:`set_holders`)."""
        return tuple(tree.proof(holder_leaf(dwelling_ref, holder)))

    # -- verification --------------------------------------------------------------------
    def verify(self, bundle: PassBundle, *, at: date, for_sale: bool = False,
               rent_registry: SocialRentRules | None = None) -> PassVerification:
        """The verdict on a passport bundle at ``at`` (a deed date for a sale). First the
        registry: its code must be the code expected (else UntrustedContract), and the bundle
        must name this chain and registry; all reads are of one block. A mandate in the
        bundle is checked before anything else is looked at. A rent claim needs
        ``rent_registry`` (the SocialRentRules the lease is in), whose code is checked too."""
        bundle = check.instance("bundle", bundle, PassBundle)
        block = self.chain.block_number
        trusted = self.trusted(block=block)
        t = unix_day(at, "at")
        ref = bundle.dwelling_ref

        def verdict(problems: list[str], checks: tuple[AttestationCheck, ...] = (),
                    **extra: Any) -> PassVerification:
            return PassVerification(trusted=trusted, dwelling_ref=ref, at=t, checks=checks,
                                    problems=tuple(problems), for_sale=for_sale, **extra)

        if bundle.chain_id != trusted.chain_id:
            return verdict([f"the bundle names chain {bundle.chain_id}"])
        if check.address("registry", bundle.registry) != trusted.address:
            return verdict([f"the bundle names registry {bundle.registry}"])
        mandate_valid: bool | None = None
        if bundle.mandate is not None:  # access is judged now, whatever date is asked about
            mandate_valid = self.mandate_valid_at(bundle.mandate, bundle.scope(),
                                                  self.chain.timestamp(block), block=block)
            if not mandate_valid:
                return verdict(["the mandate does not cover these attestations at that time "
                                "(unknown, another grantee or scope, lapsed, revoked, or its "
                                "signer is no longer a holder)"], mandate_valid=False)
        problems: list[str] = []
        idents = [r.attestation_id for r in bundle.attestations]
        answers = self._call_many(
            [call for i in idents for call in (("attestation", (i,)), ("statusAt", (i, t)))]
            + [("renovation", (ref,))], block=block)
        checks = tuple(
            _check(r, _attestation(i, answers[2 * n]), _status(answers[2 * n + 1]), t)
            for n, (r, i) in enumerate(zip(bundle.attestations, idents, strict=True)))
        problems.extend(f"{c.att_type.name.lower()}: {c.problem}" for c in checks if c.problem)
        if for_sale:
            problems.extend(_sale_problems(bundle, checks, at))
        deed, deadline, target, duty, exempt = answers[-1]
        renovation = Renovation(int(deed), int(deadline), Label(int(target)) if target else None,
                                RenovationState(int(duty)), int(exempt))
        rent_year = None
        if bundle.rent is not None:
            rent_year = bundle.rent.year
            problems.extend(self._rent_problems(bundle, checks, rent_registry, block))
        return verdict(problems, checks, renovation=renovation, mandate_valid=mandate_valid,
                       rent_year=rent_year)


    def _rent_problems(self, bundle: PassBundle, checks: tuple[AttestationCheck, ...],
                       rent_registry: SocialRentRules | None, block: int) -> list[str]:
        from blokketen.housing.rules import commitment_of

        assert bundle.rent is not None
        year = bundle.rent.year
        epcs = [c for c in checks if c.att_type is AttType.EPC]
        if len(epcs) != 1:
            return ["rent: the bundle must show exactly one EPC, the reference one"]
        if rent_registry is None:
            raise InputError("rent_registry", "a rent claim needs the SocialRentRules registry")
        rent_registry.trusted()
        reference = epcs[0].attestation_id
        claim = bundle.rent
        if claim.landlord is not None:  # the bulk path: the woonmaatschappij's yearly root
            landlord = check.address("rent.landlord", claim.landlord)
            if not self.reference_epc_in_root(landlord, year, bundle.dwelling_ref,
                                              reference, claim.proof, block=block):
                return [f"rent: {landlord}'s root of {year} does not prove this EPC the "
                        "reference one (no root, wrong proof, or not active on 1 January)"]
            if rent_registry.dwelling_landlord(bundle.dwelling_ref) != landlord:
                return ["rent: the root's woonmaatschappij does not keep this dwelling"]
        else:
            try:
                found = self.reference_epc(bundle.dwelling_ref, year, block=block)
            except self.errors.DwellingPassRegistryNoReferenceEpc:
                return [f"rent: no reference EPC is set for {year}"]
            if found != reference:
                return [f"rent: the EPC shown is not the reference EPC of {year}"]
        lease_id, _ = rent_registry.find_commitment(
            commitment_of(bundle.rent.decision_digest, reference), block=block)
        if not lease_id:
            return ["rent: no lease commitment names this EPC with that decision"]
        if rent_registry.lease_history(lease_id, block=block).dwelling_ref != bundle.dwelling_ref:
            return ["rent: the lease is of another dwelling"]
        return []


def _attestation(ident: bytes, row: Sequence[Any]) -> Attestation | None:
    (issuer, issued, until, kind, status, ref, recorded, ended, reason, score, label) = row
    if int(issued) == 0 and int(str(issuer), 16) == 0:
        return None
    return Attestation(ident, str(issuer), int(issued), int(until), AttType(int(kind)),
                       Status(int(status)), bytes(ref), int(recorded), int(ended),
                       int(reason), int(score), Label(int(label)) if label else None)


def _status(row: Sequence[Any]) -> AttestationStatus:
    status, reason, held = row
    return AttestationStatus(Status(int(status)), int(reason), bool(held))


def _check(receipt: AttestationReceipt, found: Attestation | None, state: AttestationStatus,
           t: int) -> AttestationCheck:
    ident = receipt.attestation_id
    kind = receipt.att_type
    if found is None:
        return AttestationCheck(kind, ident, Status.UNKNOWN, None, False, 0, 0, None,
                                "the registry does not know it (record, salt, document or "
                                "dwelling differ from what was recorded)")

    def result(problem: str | None) -> AttestationCheck:
        return AttestationCheck(kind, ident, state.status, found.issuer,
                                state.issuer_held_role, found.issued_at, found.valid_until,
                                found.epc_label, problem)

    if state.status is not Status.ACTIVE:
        reason = f" (reason {state.reason})" if state.reason else ""
        return result(f"{state.status.label} on {day_of(t)}{reason}")
    if not kind.self_declared and not state.issuer_held_role:
        return result(f"its issuer {found.issuer} did not hold {kind.role} when it recorded")
    if kind is AttType.EPC:
        return result(_epc_problem(receipt.record, found))
    return result(None)


def _epc_problem(record: Mapping[str, Any], found: Attestation) -> str | None:
    try:
        score = record["score_kwh_m2"]
        label = check_label(score, str(record["label"]))
        issue = date.fromisoformat(str(record["issue_date"]))
        until = date.fromisoformat(str(record["valid_until"]))
        check_validity(issue, until)
    except (KeyError, ValueError, TypeError) as err:
        return f"the record is not an EPC record ({err})"
    if found.epc_label is not label or found.epc_score != score:
        return "the registry's score or label differ from the record"
    if found.issued_at != unix_day(issue) or found.valid_until != unix_day(until):
        return "the registry's dates differ from the record"
    if label_of(score) is not label:
        return "label and score disagree"
    return None


def _sale_problems(bundle: PassBundle, checks: tuple[AttestationCheck, ...], deed: date
                   ) -> list[str]:
    problems = []
    epcs = [(r, c) for r, c in zip(bundle.attestations, checks, strict=True)
            if c.att_type is AttType.EPC and c.valid]
    if not epcs:
        problems.append("sale: no EPC valid at the deed date")
    else:
        issued = date.fromisoformat(str(epcs[0][0].record["issue_date"]))
        if deed >= _SALE_LABEL_FROM and issued < EPC_LABEL_FROM:
            problems.append("sale: the EPC is from before 2019 (it shows no label)")
    build_year = epcs[0][0].record.get("build_year") if epcs else None
    if deed >= ASBESTOS_DUTY_FROM and (build_year is None or build_year < ASBESTOS_BUILD_YEAR):
        if not any(c.att_type is AttType.ASBESTOS and c.valid for c in checks):
            built = "of unknown build year" if build_year is None else f"built {build_year}"
            problems.append(f"sale: no asbestos attest valid at the deed date (building {built})")
    return problems
