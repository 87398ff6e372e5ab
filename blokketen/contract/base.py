"""The base of every typed contract client.

A client binds one contract address on one chain to a sending account. Subclasses give
methods in the registry's own words and turn raw results into frozen dataclasses; this
class does the encoding, the calls, the transactions, the typed reverts, the events and the
roles (one way for every registry: :meth:`ContractClient.grant_role` and its siblings).

A verifier asks :meth:`ContractClient.trusted` before any verdict: it compares the code at
the address with the code the client expects (the manifest's record, a pinned hash, or the
code it deployed itself) and names the chain, address and code hash the verdict comes from.

Code that sends in bulk for a client (a pilot's importer) uses its public hooks:
:meth:`~ContractClient.function`, :meth:`~ContractClient.encode`,
:meth:`~ContractClient.decode`, :meth:`~ContractClient.estimate_gas` and
:meth:`~ContractClient.explain_failure`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cached_property
from importlib import resources
from typing import TYPE_CHECKING, Any, ClassVar, Self

from eth_utils import to_checksum_address

from blokketen._exceptions import (
    ConfigurationError,
    ContractRevert,
    InputError,
    RpcError,
    UntrustedContract,
)
from blokketen.chain.evm import require_evm
from blokketen.contract.abi import AbiItem, Function, encode_constructor, functions
from blokketen.contract.errors import ErrorDecoder, ErrorNamespace, revert_from_rpc
from blokketen.contract.events import EventDecoder, EventRecord, fetch_logs
from blokketen.contract.trust import (
    ExpectedCode,
    PinnedCode,
    TrustedContract,
    check_code,
    code_hash,
)
from blokketen.contract.tx import PendingTx, Receipt, Transactor, replay_failure

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

    from blokketen.chain.connection import Chain
    from blokketen.toolchain.artifacts import ArtifactStore


def load_abi(name: str, store: ArtifactStore | None = None) -> list[AbiItem]:
    """The ABI of contract ``name``: from ``store`` if given, else shipped in the package."""
    if store is not None:
        return store.get(name).abi
    try:
        text = resources.files("blokketen.abi").joinpath(f"{name}.json").read_text()
    except (FileNotFoundError, ModuleNotFoundError):
        raise ConfigurationError(
            f"no ABI for {name} in the package; run `blokketen compile` or pass abi="
        ) from None
    abi: list[AbiItem] = json.loads(text)
    return abi


class ContractClient:
    """A deployed contract, called and transacted with through the shared layer."""

    CONTRACT: ClassVar[str] = ""
    """Artifact name of the contract this client speaks to."""

    APPOINTED_ROLES: ClassVar[Mapping[str, tuple[str, str]]] = {}
    """Roles (short name) that come with more than the role, so :meth:`grant_role` and
    :meth:`revoke_role` refuse them: the client methods that give and take them instead."""

    def __init__(
        self,
        chain: Chain,
        address: str,
        *,
        sender: LocalAccount | None = None,
        abi: list[AbiItem] | None = None,
        confirmations: int = 0,
        timeout: float = 120.0,
        expected_code: ExpectedCode | None = None,
    ) -> None:
        self.chain = chain
        self.address = to_checksum_address(address)
        self.expected_code = expected_code
        """The code a verifier expects at the address (see :meth:`trusted`)."""
        self.abi = abi if abi is not None else load_abi(self.CONTRACT)
        self.sender = sender
        self.confirmations = confirmations
        self.timeout = timeout
        self._functions = functions(self.abi)
        self._decoder = ErrorDecoder(self.abi, contract=self.CONTRACT or None)
        self._events = EventDecoder(self.abi)

    # -- construction --------------------------------------------------------------------
    @classmethod
    def deploy(
        cls,
        chain: Chain,
        sender: LocalAccount,
        *args: Any,
        store: ArtifactStore | None = None,
        name: str | None = None,
        confirmations: int = 0,
    ) -> Self:
        """Deploy a fresh instance (no manifest; for tests and scripts) and return its client."""
        artifact = _artifact(name or cls.CONTRACT, store)
        require_evm(chain, artifact.evm_version, what=artifact.name)  # before sending
        data = bytes.fromhex(artifact.bytecode[2:]) + encode_constructor(artifact.abi, args)
        tx = Transactor(chain, sender, confirmations=confirmations)
        decoder = ErrorDecoder(artifact.abi, contract=artifact.name)
        receipt = tx.transact(None, data, errors=decoder)
        assert receipt.contract_address is not None
        deployed = code_hash(chain, receipt.contract_address)
        expected = None if deployed is None else PinnedCode(
            name=artifact.name, address=receipt.contract_address, code_hash=deployed)
        return cls(chain, receipt.contract_address, sender=sender, abi=artifact.abi,
                   confirmations=confirmations, expected_code=expected)

    def as_sender(self, account: LocalAccount) -> Self:
        """The same contract, sending from ``account``."""
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.sender = account
        clone.__dict__.pop("_transactor", None)
        return clone

    def trusting(self, expected: ExpectedCode) -> Self:
        """The same contract, expecting the code ``expected`` describes (a manifest record
        or a :class:`~blokketen.contract.trust.PinnedCode`)."""
        clone = type(self).__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone.expected_code = expected
        return clone

    def trusted(self, *, block: int | None = None) -> TrustedContract:
        """Chain id, address and code hash of this contract, once its code on chain (at
        ``block``, default the latest) is the code expected; :class:`~blokketen.UntrustedContract`
        otherwise, or when nothing is expected (a client made from a bare address). A
        verifier calls this first, and reads its verdict at the same block."""
        if self.expected_code is None:
            raise UntrustedContract(
                chain_id=self.chain.chain_id, address=self.address, expected=None, found=None,
                problem="has no expected code to compare with: take the address and code hash "
                "from the deployment manifest, or pin them")
        return check_code(self.chain, self.address, self.expected_code, block=block)

    # -- typed errors --------------------------------------------------------------------
    @property
    def errors(self) -> ErrorNamespace:
        """The contract's custom errors as exception classes: ``client.errors.X``."""
        return self._decoder.errors

    # -- public hooks for code that sends in bulk ----------------------------------------
    def function(self, name: str) -> Function:
        """The contract's ABI function ``name`` (or full signature): its signature,
        selector, and its own encode and decode."""
        try:
            return self._functions[name]
        except KeyError:
            raise InputError("function", f"{self.CONTRACT or 'contract'} has no function "
                             f"{name!r} (overloaded names need the full signature)") from None

    def encode(self, fn: str, *args: Any) -> bytes:
        """The calldata of ``fn(args)``; an argument that does not fit raises InputError."""
        return self.function(fn).encode(args)

    def decode(self, fn: str, data: bytes, *, checksum: bool = True) -> Any:
        """The decoded result of ``fn`` from its raw return ``data`` (see
        :meth:`Function.decode`; ``checksum=False`` leaves addresses in lower case)."""
        return self.function(fn).decode(data, checksum=checksum)

    def estimate_gas(self, data: bytes, *, value: int = 0) -> int:
        """Gas, with headroom, for the sender to send ``data`` to this contract; a revert
        (a missing role, a paused contract) raises the contract's typed error."""
        return self._transactor.estimate_gas(self.address, data, value=value,
                                             errors=self._decoder)

    def explain_failure(self, pending: PendingTx, receipt: Receipt) -> ContractRevert:
        """Why the mined transaction ``pending`` to this contract failed (``receipt`` has
        status 0): the typed revert recovered by replaying it on its parent block."""
        return replay_failure(self.chain, pending, receipt, self._decoder)

    # -- calls ---------------------------------------------------------------------------
    def _call(self, fn: str, *args: Any, block: int | str = "latest") -> Any:
        """eth_call ``fn(args)``; the decoded result, or a typed revert."""
        function = self.function(fn)
        call = self._call_object(function.encode(args))
        tag = hex(block) if isinstance(block, int) else block
        try:
            result = self.chain.rpc("eth_call", [call, tag])
        except RpcError as err:
            raise revert_from_rpc(err, self._decoder) from None
        return function.decode(bytes.fromhex(str(result)[2:]))

    def _call_many(self, calls: list[tuple[str, tuple[Any, ...]]],
                   block: int | str = "latest", *, checksum: bool = True) -> list[Any]:
        """Many eth_calls in one JSON-RPC batch; the first revert is raised."""
        tag = hex(block) if isinstance(block, int) else block
        prepared = [(self.function(fn), args) for fn, args in calls]
        requests = [("eth_call", [self._call_object(f.encode(a)), tag]) for f, a in prepared]
        results = self.chain.rpc_batch(requests)
        out: list[Any] = []
        for (function, _), result in zip(prepared, results, strict=True):
            if isinstance(result, RpcError):
                raise revert_from_rpc(result, self._decoder)
            out.append(function.decode(bytes.fromhex(str(result)[2:]), checksum=checksum))
        return out

    def _call_object(self, data: bytes) -> dict[str, Any]:
        call: dict[str, Any] = {"to": self.address, "data": "0x" + data.hex()}
        if self.sender is not None:
            call["from"] = self.sender.address
        return call

    # -- transactions --------------------------------------------------------------------
    @cached_property
    def _transactor(self) -> Transactor:
        if self.sender is None:
            raise ConfigurationError("this client has no sender; use .as_sender(account)")
        return Transactor(self.chain, self.sender, confirmations=self.confirmations,
                          timeout=self.timeout)

    def _transact(self, fn: str, *args: Any, value: int = 0, gas: int | None = None) -> Receipt:
        """Send ``fn(args)`` from the sender and wait; a revert raises its typed exception."""
        data = self.encode(fn, *args)
        return self._transactor.transact(self.address, data, value=value, gas=gas,
                                         errors=self._decoder, events=self._events)

    def _send(self, fn: str, *args: Any, value: int = 0, gas: int | None = None) -> PendingTx:
        """Send without waiting (for pipelining); wait with :meth:`_wait`."""
        data = self.encode(fn, *args)
        return self._transactor.send(self.address, data, value=value, gas=gas,
                                     errors=self._decoder)

    def _wait(self, pending: PendingTx) -> Receipt:
        return self._transactor.wait(pending, errors=self._decoder, events=self._events)

    # -- roles (OpenZeppelin AccessControl) ----------------------------------------------
    def roles(self) -> dict[str, bytes]:
        """The contract's roles by short name: ``admin`` plus each ``X_ROLE`` as ``x``."""
        from eth_utils import keccak

        found = {"admin": bytes(32)}
        for fn in self._functions.values():
            if fn.name.endswith("_ROLE") and not fn.inputs and fn.name != "DEFAULT_ADMIN_ROLE":
                found[fn.name[: -len("_ROLE")].lower()] = keccak(text=fn.name)
        return found

    def role_id(self, role: str | bytes) -> bytes:
        """The bytes32 id of ``role``: ``registrar``, ``REGISTRAR_ROLE`` or the id itself."""
        known = self.roles()
        if isinstance(role, bytes):
            if role in known.values():
                return role
            raise InputError("role", f"0x{role.hex()} is not a role of {self.CONTRACT}")
        if not isinstance(role, str):
            raise InputError("role", f"a role name or a 32-byte id, not {role!r}")
        key = role.strip().lower().removesuffix("_role")
        key = "admin" if key in ("default_admin", "admin") else key
        if key not in known:
            raise InputError("role", f"{role!r} is not a role of {self.CONTRACT or 'the contract'}"
                             f" (roles: {', '.join(sorted(known))})")
        return known[key]

    def grant_role(self, role: str | bytes, account: str) -> Receipt:
        """The admin grants ``role`` to ``account`` (an appointed role is refused: see
        :attr:`APPOINTED_ROLES`)."""
        return self._transact("grantRole", self._plain_role(role, 0),
                              _address("account", account))

    def revoke_role(self, role: str | bytes, account: str) -> Receipt:
        """The admin takes ``role`` away from ``account`` (an appointed role is refused)."""
        return self._transact("revokeRole", self._plain_role(role, 1),
                              _address("account", account))

    def has_role(self, role: str | bytes, account: str) -> bool:
        """Whether ``account`` holds ``role`` now."""
        return bool(self._call("hasRole", self.role_id(role), _address("account", account)))

    def _plain_role(self, role: str | bytes, grant_or_revoke: int) -> bytes:
        role_id = self.role_id(role)
        for name, methods in self.APPOINTED_ROLES.items():
            if role_id == self.role_id(name):
                how = ("is given by", "is taken away by")[grant_or_revoke]
                raise InputError("role", f"{name.upper()}_ROLE {how} "
                                 f"{methods[grant_or_revoke]}")
        return role_id

    # -- events --------------------------------------------------------------------------
    def events(
        self,
        name: str | None = None,
        *,
        from_block: int = 0,
        to_block: int | str = "latest",
        argument_filters: dict[str, Any] | None = None,
    ) -> list[EventRecord]:
        """Decoded events of this contract over a block range, oldest first."""
        topics = self._events.topic_filter(name, argument_filters) if name else []
        if not name and argument_filters:
            raise InputError("argument_filters", "need an event name")
        logs = fetch_logs(self.chain, self.address, topics, from_block, to_block)
        return list(self._events.decode_all(logs))

    def decode_events(self, receipt: Receipt) -> tuple[EventRecord, ...]:
        """The events of this contract in ``receipt``."""
        return self._events.decode_all(list(receipt.logs))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.address} on chain {self.chain.chain_id})"


def _address(field: str, value: str) -> str:
    from blokketen.contract.checks import address

    return address(field, value)


def _artifact(name: str, store: ArtifactStore | None) -> Any:
    from blokketen.project import Project
    if not name:
        raise ConfigurationError("no contract name: set CONTRACT or pass name=")
    store = store or Project.find().artifacts()
    artifact = store.get(name)
    if not artifact.deployable:
        raise ConfigurationError(f"{name} is abstract or an interface: nothing to deploy")
    return artifact
