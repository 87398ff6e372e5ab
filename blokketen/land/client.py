"""Typed client of the land registry (contracts/land/LandRegistry.sol).

Methods are named in the domain's words; every input is checked (and CaPaKeys normalised)
before anything is sent, and a revert arrives as the contract's typed custom error
(``client.errors.LandRegistryTransferPending`` ...). Queries return frozen dataclasses;
:meth:`LandRegistry.history` rebuilds a parcel's history from event logs alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ChainError, InputError
from blokketen.chain.devkeys import refuse_dev_key
from blokketen.contract import checks as check
from blokketen.contract.base import ContractClient
from blokketen.contract.events import fetch_logs
from blokketen.contract.tx import Receipt
from blokketen.land import eip712, history
from blokketen.land.capakey import normalise_capakey, parcel_id
from blokketen.land.history import LandEvent
from blokketen.land.records import validate_records
from blokketen.land.types import (
    FreezeInfo,
    LandUse,
    Lineage,
    NewParcel,
    Parcel,
    ParcelFields,
    ParcelRecord,
    ParcelStatus,
    PreemptionCheck,
    Right,
    RightKind,
    Transfer,
)

if TYPE_CHECKING:
    from pathlib import Path

    from eth_account.signers.local import LocalAccount

    from blokketen.bulk import Journal
    from blokketen.land.importer import ImportSummary

__all__ = ["Filed", "LandRegistry"]

READ_BATCH = 500
"""Parcels read per ``parcelsById`` call by :meth:`LandRegistry.parcel_fields`."""
READ_CALLS = 8
"""``parcelsById`` calls per JSON-RPC batch request."""


@dataclass(frozen=True)
class Filed:
    """Something the registry numbered (a transfer or a right) and the receipt that did it."""

    id: int
    receipt: Receipt


class LandRegistry(ContractClient):
    """The land registry: parcels, transfers, rights, split/merge, freezes and history.

    Roles (``grant_role`` and the rest, from :class:`ContractClient`): ``registrar``,
    ``notary``, ``surveyor``, ``court`` and ``admin``; one per address. The admin is handed
    over in two steps after a delay (:meth:`begin_admin_transfer`,
    :meth:`accept_admin_transfer`)."""

    CONTRACT = "LandRegistry"

    # -- admin ---------------------------------------------------------------------------
    def admin(self, *, block: int | str = "latest") -> str:
        """The one default admin (pause, roles)."""
        return str(self._call("defaultAdmin", block=block))

    def admin_delay(self, *, block: int | str = "latest") -> int:
        """Seconds a new admin waits between being proposed and accepting."""
        return int(self._call("defaultAdminDelay", block=block))

    def pending_admin(self, *, block: int | str = "latest") -> tuple[str, int] | None:
        """The proposed next admin and the time from which it may accept, or None."""
        who, schedule = self._call("pendingDefaultAdmin", block=block)
        return None if int(who, 16) == 0 else (who, int(schedule))

    def begin_admin_transfer(self, new_admin: str) -> Receipt:
        """The admin proposes ``new_admin``, who may accept after :meth:`admin_delay`."""
        return self._transact("beginDefaultAdminTransfer", check.address("new_admin", new_admin))

    def accept_admin_transfer(self) -> Receipt:
        """The proposed admin (this client's sender) takes over, once the delay has passed."""
        return self._transact("acceptDefaultAdminTransfer")

    def cancel_admin_transfer(self) -> Receipt:
        """The admin withdraws a proposed hand-over."""
        return self._transact("cancelDefaultAdminTransfer")

    # -- pause ---------------------------------------------------------------------------
    def pause(self) -> Receipt:
        return self._transact("pause")

    def unpause(self) -> Receipt:
        return self._transact("unpause")

    def paused(self) -> bool:
        return bool(self._call("paused"))

    # -- parcels -------------------------------------------------------------------------
    def register_parcel(self, capakey: str, *, owner: str, area_m2: int,
                        land_use: LandUse = LandUse.FOREST, deed_hash: bytes | str) -> Receipt:
        """A registrar registers a parcel (owner is an address, never a name)."""
        return self._transact(
            "registerParcel",
            normalise_capakey(capakey),
            check.address("owner", owner),
            check.uint("area_m2", area_m2, maximum=check.UINT48_MAX, minimum=1),
            int(check.member("land_use", land_use, LandUse)),
            check.hash32("deed_hash", deed_hash),
        )

    def register_parcels(self, parcels: Iterable[ParcelRecord | Mapping[str, Any]]) -> Receipt:
        """A registrar registers several parcels in one transaction (all or nothing)."""
        records = validate_records(parcels)
        if not records:
            raise InputError("parcels", "nothing to register")
        return self._transact("registerParcels", [
            (r.capakey, r.owner, r.area_m2, int(r.land_use), r.deed_hash) for r in records])

    def import_parcels(
        self,
        rows: Iterable[ParcelRecord | Mapping[str, Any]],
        *,
        journal: Journal | Path | str | None = None,
        batch_size: int | None = None,
        progress: Callable[[int], None] | None = None,
        confirmations: int | None = None,
        timeout: float = 300.0,
    ) -> ImportSummary:
        """Register every row's parcel exactly once, at the node's speed; resumable.

        ``rows`` are :class:`blokketen.land.ParcelRecord` s or mappings with the keys
        capakey, owner, area_m2, land_use, deed_hash. All rows are checked first: any bad
        row raises :class:`blokketen.BadRowsError` listing every bad row and field, and
        nothing is sent. Parcels already on chain with the same data are skipped, with other
        data reported as conflicts. The rest go out pipelined, ``batch_size`` records per
        transaction (default :data:`blokketen.land.importer.DEFAULT_BATCH` through
        ``registerParcels``; 1 uses ``registerParcel``). ``journal`` (a path) records every
        record as sent and confirmed; run the same import again after a crash and it sends
        only what the chain lacks. ``progress(n)`` gets the number of records settled since
        its last call, as they are confirmed (a mined block or a sent chunk at a time), so
        ``tqdm.update`` shows a real rate and ETA."""
        from blokketen.land.importer import DEFAULT_BATCH, import_parcels

        return import_parcels(self, rows, journal=journal,
                              batch_size=DEFAULT_BATCH if batch_size is None else batch_size,
                              progress=progress, confirmations=confirmations, timeout=timeout)

    def parcel(self, capakey: str, *, block: int | str = "latest") -> Parcel:
        """The parcel under ``capakey``; raises ``LandRegistryUnknownParcel`` when none."""
        key = normalise_capakey(capakey)
        return Parcel.from_tuple(self._call("parcel", key, block=block), parcel_id(key))

    def parcel_fields(self, capakeys: Sequence[str]) -> dict[str, ParcelFields | None]:
        """The fields of every (canonical) key's parcel, None for an unknown key: one
        ``parcelsById`` call per :data:`READ_BATCH` keys, :data:`READ_CALLS` calls per
        JSON-RPC request. For thousands of parcels (a bulk import's chain check)."""
        out: dict[str, ParcelFields | None] = {}
        chunks = [list(capakeys[i:i + READ_BATCH]) for i in range(0, len(capakeys), READ_BATCH)]
        for first in range(0, len(chunks), READ_CALLS):
            group = chunks[first:first + READ_CALLS]
            calls = [("parcelsById", ([parcel_id(k) for k in keys],)) for keys in group]
            for keys, rows in zip(group, self._call_many(calls, checksum=False), strict=True):
                if len(rows) != len(keys):
                    raise ChainError("parcelsById answered a list of the wrong length")
                for key, (owner, area, version, land_use, status, deed) in zip(
                        keys, rows, strict=True):
                    out[key] = None if status == 0 else ParcelFields(
                        owner, area, version, LandUse(land_use), ParcelStatus(status), deed)
        return out

    def exists(self, capakey: str) -> bool:
        """Whether a parcel (in any status) is registered under ``capakey``."""
        try:
            self.parcel(capakey)
        except self.errors.LandRegistryUnknownParcel:
            return False
        return True

    def lineage(self, capakey: str, *, block: int | str = "latest") -> Lineage:
        parents, children = self._call("lineage", normalise_capakey(capakey), block=block)
        return Lineage(parents=tuple(parents), children=tuple(children))

    # -- transfers -----------------------------------------------------------------------
    def open_transfer(self, capakey: str, *, buyer: str, deed_hash: bytes | str,
                      expiry: int | datetime) -> Filed:
        """The owner (this client's sender) opens a transfer to ``buyer`` until ``expiry``
        (at most ``MAX_TRANSFER_PERIOD``, 120 days, away)."""
        receipt = self._transact(
            "openTransfer",
            normalise_capakey(capakey),
            check.address("buyer", buyer),
            check.hash32("deed_hash", deed_hash),
            check.timestamp("expiry", expiry),
        )
        return Filed(_event_arg(receipt, "TransferOpened", "transferId"), receipt)

    def accept_transfer(self, capakey: str) -> Receipt:
        """The buyer (this client's sender) accepts the pending transfer at the parcel's
        current version (again, after the parcel changed)."""
        return self._transact("acceptTransfer", normalise_capakey(capakey))

    def waive_preemption(self, capakey: str, right_id: int) -> Receipt:
        """A pre-emption holder waives right ``right_id`` for the pending transfer."""
        return self._transact("waivePreemption", normalise_capakey(capakey),
                              check.serial("right_id", right_id))

    def cancel_transfer(self, capakey: str) -> Receipt:
        """Seller or buyer cancels the pending transfer."""
        return self._transact("cancelTransfer", normalise_capakey(capakey))

    def revoke_transfer(self, capakey: str, *, reason_hash: bytes | str) -> Receipt:
        """A registrar or a court revokes the pending transfer, for the reason set out in the
        document with hash ``reason_hash`` (a decision, a judgment)."""
        return self._transact("revokeTransfer", normalise_capakey(capakey),
                              check.hash32("reason_hash", reason_hash))

    def authenticate_transfer(self, capakey: str) -> Receipt:
        """A notary authenticates the accepted transfer: ownership passes to the buyer and the
        seller's signature nonce is used up."""
        return self._transact("authenticateTransfer", normalise_capakey(capakey))

    def pending_transfer(self, capakey: str, *,
                         block: int | str = "latest") -> Transfer | None:
        """The pending transfer (possibly already expired), or None."""
        transfer_id, raw = self._call("pendingTransfer", normalise_capakey(capakey),
                                      block=block)
        return Transfer.from_tuple(transfer_id, raw) if transfer_id else None

    def transfer(self, transfer_id: int) -> Transfer:
        return Transfer.from_tuple(transfer_id, self._call("transferInfo", transfer_id))

    def is_waived(self, transfer_id: int, right_id: int) -> bool:
        """Whether the holder of right ``right_id`` waived it for transfer ``transfer_id``."""
        return bool(self._call("isWaived", check.serial("transfer_id", transfer_id),
                               check.serial("right_id", right_id)))

    def preemption_checks(self, capakey: str, *,
                          block: int | str = "latest") -> tuple[PreemptionCheck, ...]:
        """For the parcel's pending transfer, every pre-emption right in force at ``block``
        (default the latest): waived or not, and when its notice ends (the latest of the
        filing, the right's recording and the start of its validity, plus the notice
        period). Empty without a pending transfer. What the notary will meet; the contract
        decides."""
        key = normalise_capakey(capakey)
        pending = self.pending_transfer(key, block=block)
        if pending is None:
            return ()
        at = int(self.chain.timestamp(block))
        notice = int(self._call("PREEMPTION_NOTICE_PERIOD", block=block))
        live = [r for r in self.rights(key, block=block)
                if r.kind == RightKind.PRE_EMPTION and r.in_force(at)]
        waived = (self._call_many([("isWaived", (pending.id, r.id)) for r in live], block)
                  if live else [])
        return tuple(
            PreemptionCheck(right_id=r.id, holder=r.holder, waived=bool(w),
                            notice_ends=max(pending.opened_at, r.recorded_at, r.valid_from)
                            + notice)
            for r, w in zip(live, waived, strict=True))
    # -- transfers with signatures -------------------------------------------------------
    def nonce(self, owner: str) -> int:
        return int(self._call("nonces", check.address("owner", owner)))

    def use_nonce(self) -> Receipt:
        """Invalidate everything the sender signed with its current nonce."""
        return self._transact("useNonce")

    def transfer_message(self, capakey: str, *, buyer: str, deed_hash: bytes | str,
                         deadline: int | datetime, seller: str | None = None,
                         nonce: int | None = None, buyer_nonce: int | None = None,
                         parcel_version: int | None = None) -> dict[str, Any]:
        """The EIP-712 ``Transfer`` message; seller defaults to the owner, nonce to theirs,
        buyer_nonce to the buyer's current nonce, the parcel version to the current one."""
        key = normalise_capakey(capakey)
        if seller is None or parcel_version is None:
            current = self.parcel(key)
            seller = current.owner if seller is None else seller
            parcel_version = current.version if parcel_version is None else parcel_version
        seller = check.address("seller", seller)
        version = check.uint("parcel_version", parcel_version, maximum=check.UINT32_MAX, minimum=1)
        buyer = check.address("buyer", buyer)
        return eip712.transfer_message(
            capakey=key,
            parcel_version=version,
            seller=seller,
            buyer=buyer,
            deed_hash=check.hash32("deed_hash", deed_hash),
            nonce=self.nonce(seller) if nonce is None else nonce,
            buyer_nonce=self.nonce(buyer) if buyer_nonce is None else buyer_nonce,
            deadline=check.timestamp("deadline", deadline),
        )

    def sign_transfer(self, account: LocalAccount, message: dict[str, Any]) -> bytes:
        """``account``'s 65-byte signature over ``message`` in this registry's EIP-712
        domain."""
        refuse_dev_key(account, self.chain)
        signed = account.sign_typed_data(eip712.domain(self.chain.chain_id, self.address),
                                         eip712.TRANSFER_TYPES, message)
        return bytes(signed.signature)

    def transfer_digest(self, message: dict[str, Any]) -> bytes:
        """The digest of ``message`` as the contract computes it (for cross-checks)."""
        terms = (message["buyer"], message["parcelVersion"], message["deedHash"],
                 message["nonce"], message["buyerNonce"], message["deadline"])
        value: bytes = self._call("transferDigest", message["parcelId"], message["seller"],
                                  terms)
        return bytes(value)

    def transfer_with_signatures(self, capakey: str, *, buyer: str, deed_hash: bytes | str,
                                 parcel_version: int, nonce: int, deadline: int | datetime,
                                 seller_signature: bytes, buyer_signature: bytes,
                                 buyer_nonce: int | None = None) -> Receipt:
        """A notary submits a transfer signed off chain by seller and buyer: the terms exactly
        as signed (``parcel_version``, ``nonce`` and ``buyer_nonce`` are the message's
        ``parcelVersion``, ``nonce`` and ``buyerNonce``; ``buyer_nonce`` defaults to the
        buyer's current nonce). Terms signed at an older version or nonce of either party
        are refused (``LandRegistryStaleVersion``, ``LandRegistryStaleNonce``)."""
        buyer = check.address("buyer", buyer)
        terms = (
            buyer,
            check.uint("parcel_version", parcel_version, maximum=check.UINT32_MAX, minimum=1),
            check.hash32("deed_hash", deed_hash),
            check.uint("nonce", nonce, maximum=check.UINT256_MAX),
            self.nonce(buyer) if buyer_nonce is None
            else check.uint("buyer_nonce", buyer_nonce, maximum=check.UINT256_MAX),
            check.timestamp("deadline", deadline),
        )
        return self._transact("transferWithSignatures", normalise_capakey(capakey), terms,
                              _signature("seller_signature", seller_signature),
                              _signature("buyer_signature", buyer_signature))

    # -- rights --------------------------------------------------------------------------
    def add_right(self, capakey: str, *, kind: RightKind, holder: str, source_hash: bytes | str,
                  valid_from: int | datetime = 0,
                  valid_until: int | datetime | None = None) -> Filed:
        """A registrar adds a right, restriction or responsibility; returns its id."""
        start = 0 if valid_from == 0 else check.timestamp("valid_from", valid_from)
        end = 0 if valid_until is None else check.timestamp("valid_until", valid_until)
        if end and end <= start:
            raise InputError("valid_until", "must be after valid_from")
        check.instance("kind", kind, RightKind)
        receipt = self._transact(
            "addRight", normalise_capakey(capakey), int(kind), check.address("holder", holder),
            start, end, check.hash32("source_hash", source_hash),
        )
        return Filed(_event_arg(receipt, "RightAdded", "rightId"), receipt)

    def end_right(self, capakey: str, right_id: int, *, source_hash: bytes | str) -> Receipt:
        return self._transact("endRight", normalise_capakey(capakey),
                              check.serial("right_id", right_id),
                              check.hash32("source_hash", source_hash))

    def rights(self, capakey: str, *, block: int | str = "latest") -> tuple[Right, ...]:
        """The parcel's active rights, in the order they were added."""
        raw = self._call("rights", normalise_capakey(capakey), block=block)
        return tuple(Right.from_tuple(r) for r in raw)

    def right(self, right_id: int) -> Right:
        return Right.from_tuple(self._call("right", right_id))

    # -- split and merge -----------------------------------------------------------------
    def split(self, capakey: str, children: Sequence[NewParcel], *, survey_hash: bytes | str,
              carries: Mapping[int, Sequence[int]] | None = None) -> Receipt:
        """A surveyor splits a parcel. ``carries`` maps a parent right id to the indexes of
        the children that keep it (at least one); parent rights not named go to every child.
        No right ends by a split: only a registrar ends rights."""
        if len(children) < 2:
            raise InputError("children", "a split needs at least two children")
        encoded = [_new_parcel(c, f"children[{i}]") for i, c in enumerate(children)]
        masks = []
        for right_id, indexes in (carries or {}).items():
            mask = 0
            for index in indexes:
                if not 0 <= index < len(children):
                    raise InputError("carries", f"right {right_id}: no child {index}")
                mask |= 1 << index
            if not mask:
                raise InputError("carries", f"right {right_id}: no child named")
            masks.append((check.serial("carries", right_id), mask))
        return self._transact("split", normalise_capakey(capakey), encoded, masks,
                              check.hash32("survey_hash", survey_hash))

    def merge(self, capakeys: Sequence[str], child: NewParcel, *,
              survey_hash: bytes | str) -> Receipt:
        """A surveyor merges parcels of one owner; every right of theirs moves to the child."""
        keys = [normalise_capakey(k) for k in capakeys]
        if len(keys) < 2:
            raise InputError("capakeys", "a merge needs at least two parcels")
        if len(set(keys)) != len(keys):
            raise InputError("capakeys", "a parcel is listed twice")
        return self._transact("merge", keys, _new_parcel(child, "child"),
                              check.hash32("survey_hash", survey_hash))

    # -- disputes ------------------------------------------------------------------------
    def freeze(self, capakey: str, *, case_ref: bytes | str) -> Receipt:
        """A court freezes a parcel in case ``case_ref`` (a 32-byte reference)."""
        return self._transact("freeze", normalise_capakey(capakey),
                              check.hash32("case_ref", case_ref))

    def unfreeze(self, capakey: str, *, case_ref: bytes | str) -> Receipt:
        """Another court unfreezes the parcel, in the case it was frozen in."""
        return self._transact("unfreeze", normalise_capakey(capakey),
                              check.hash32("case_ref", case_ref))

    def freeze_info(self, capakey: str, *, block: int | str = "latest") -> FreezeInfo:
        court, case_ref = self._call("freezeInfo", normalise_capakey(capakey), block=block)
        if int(court, 16) == 0:
            return FreezeInfo(court=None, case_ref=None)
        return FreezeInfo(court=court, case_ref=bytes(case_ref))

    # -- history -------------------------------------------------------------------------
    def history(self, capakey: str, *, from_block: int = 0,
                to_block: int | str = "latest") -> list[LandEvent]:
        """Every event of the parcel, oldest first, as typed :mod:`blokketen.land.history`
        records (with block timestamps). Built from logs only."""
        key = normalise_capakey(capakey)
        topics = [None, "0x" + parcel_id(key).hex()]
        logs = fetch_logs(self.chain, self.address, topics, from_block, to_block)
        records = [r for r in self._events.decode_all(logs) if r.name in history.EVENT_CLASSES]
        stamps = self._timestamps({r.block_number for r in records})
        events = [
            history.from_record(r.name, r.args, block_number=r.block_number,
                                log_index=r.log_index, tx_hash=r.tx_hash,
                                timestamp=stamps[r.block_number])
            for r in records
        ]
        return sorted(events, key=lambda e: e.sort_key)

    def owner_at(self, capakey: str, when: int | datetime, *,
                 block: int | str = "latest") -> str | None:
        """The owner at block ``when`` (an int) or at time ``when`` (an aware datetime),
        from the event history up to ``block``; None before registration and after
        retirement."""
        if isinstance(when, datetime):
            moment, use_time = check.timestamp("when", when), True
        else:
            moment, use_time = check.uint("when", when, maximum=check.UINT64_MAX), False
        owner: str | None = None
        for event in self.history(capakey, to_block=block):
            if (event.timestamp if use_time else event.block_number) > moment:
                break
            if isinstance(event, history.ParcelRegistered | history.ParcelDerived):
                owner = event.owner
            elif isinstance(event, history.ParcelTransferred):
                owner = event.to
            elif isinstance(event, history.ParcelRetired):
                owner = None
        return owner

    def _timestamps(self, blocks: set[int]) -> dict[int, int]:
        ordered = sorted(blocks)
        if not ordered:
            return {}
        raw = self.chain.rpc_batch([("eth_getBlockByNumber", [hex(b), False]) for b in ordered])
        return {b: int(r["timestamp"], 16) for b, r in zip(ordered, raw, strict=True)}

    # -- misc ----------------------------------------------------------------------------
    def survey_module(self) -> str:
        """The address of the survey module whose code runs split and merge in this
        registry's storage. The registry's constructor created it (its first contract), so
        the registry's creation code fixes its code; a verifier checks its code hash too."""
        return str(self._call("SURVEY"))

    def domain_separator(self) -> bytes:
        return bytes(self._call("domainSeparator"))

    def is_valid_capakey_on_chain(self, capakey: str) -> bool:
        """The contract's own check of a (canonical) key, for cross-checking the client."""
        return bool(self._call("isValidCapaKey", capakey))


def _signature(field: str, value: Any) -> bytes:
    if not isinstance(value, bytes | bytearray) or len(value) != 65:
        raise InputError(field, "must be a 65-byte signature (r, s, v)")
    return bytes(value)


def _new_parcel(parcel: NewParcel, field: str) -> tuple[str, int, int]:
    check.instance(field, parcel, NewParcel)
    return (
        normalise_capakey(parcel.capakey),
        check.uint(f"{field}.area_m2", parcel.area_m2, maximum=check.UINT48_MAX, minimum=1),
        int(check.member(f"{field}.land_use", parcel.land_use, LandUse)),
    )


def _event_arg(receipt: Receipt, event: str, arg: str) -> int:
    for record in receipt.events:
        if record.name == event:
            return int(record.args[arg])
    raise ChainError(f"no {event} event in the receipt of {receipt.tx_hash}")
