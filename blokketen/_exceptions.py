"""All exceptions Blokketen raises, under one root.

Our exception hierarchy::

    BlokketenError
    ├── ConfigurationError        bad project layout, missing tool, bad settings
    │   └── GethUnavailable       geth cannot be found or built (Go missing, build failed)
    ├── InputError (ValueError)   bad input from a user: names the field
    │   ├── MissingRuleParameter  a rule year lacks a value a computation needs
    │   ├── ScenarioError         an invalid scenario file (file, case and field)
    │   ├── BadRowsError          rows of a bulk import are bad (every row and field listed)
    │   ├── ShapeViolation        a published page breaks the SHACL shapes (names the property)
    │   └── CanonicalisationLimit an RDF graph needs more canonicalisation work than allowed
    ├── CompileError              solc reported errors (file and line in the message)
    ├── NodeError                 a local node did not start, or died
    ├── ChainError                the JSON-RPC endpoint failed or answered nonsense
    │   ├── RpcError              the node answered a request with a JSON-RPC error
    │   ├── NodeUnreachable       no answer (connection refused, reset, timed out)
    │   │   └── NoNodeAtUrl       nothing answers at the URL given (nothing was done)
    │   ├── TransactionTimeout    no receipt (or not enough confirmations) in time
    │   ├── TransactionDropped    a transaction fell out of the chain and its nonce was used
    │   └── RuleSetMismatch       published rule parameters differ from the hash the chain stored
    ├── AccountError              keystore problems
    │   └── DevKeyRefused         a well-known dev key on a chain that is not a dev chain
    ├── DeploymentError           manifest problems
    │   ├── ChainResetDetected    the manifest names code that is no longer there
    │   ├── EvmVersionRefused     an artifact built for a later EVM than the chain runs
    │   └── UntrustedContract     the code at an address is not the code a verifier expects
    └── ContractRevert            a call or transaction reverted
        ├── CustomErrorRevert     a Solidity custom error; subclasses are made per ABI error
        ├── PanicRevert           Panic(uint256): assert, overflow, division by zero, ...
        ├── ReasonRevert          Error(string): require with a message
        └── UnknownRevert         revert without data, or data no ABI explains
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any


class BlokketenError(Exception):
    """Root of every error that Blokketen raises on purpose."""


class ConfigurationError(BlokketenError):
    """The project, a tool or a setting is not as Blokketen needs it."""


class GethUnavailable(ConfigurationError):
    """The pinned geth is not there and cannot be built (no Go, or the build failed)."""


class InputError(BlokketenError, ValueError):
    """Bad input; the message names the field. Nothing was sent or changed."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"{field}: {problem}")
        self.field = field
        self.problem = problem


class MissingRuleParameter(InputError):
    """The rule set lacks a value that this computation needs (the sources did not give
    it, and it was not supplied). ``field`` is the public parameter name."""

    def __init__(self, name: str, year: int) -> None:
        super().__init__(
            name,
            f"rule year {year} has no value for {name} (not found in the sources); "
            f"supply it as a parameter",
        )
        self.year = year


class ScenarioError(InputError):
    """An invalid scenario file; the message names the file, the case and the field."""

    def __init__(self, file: str, case: str | None, field_name: str, problem: str) -> None:
        where = f"{file}: case {case!r}: " if case is not None else f"{file}: "
        InputError.__init__(self, f"{where}{field_name}", problem)
        self.file = file
        self.case = case
        self.field_name = field_name


@dataclass(frozen=True)
class RowProblem:
    """A bad value in one row of a bulk import (what :class:`BadRowsError` lists)."""

    line: int
    field: str
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.problem}"


class BadRowsError(InputError):
    """Rows of a bulk import are bad; ``problems`` lists every one, by line and then in the
    order of ``columns``. ``source`` names the file when there is one. Nothing was sent."""

    def __init__(self, problems: Iterable[RowProblem], *, columns: Sequence[str] = (),
                 source: str | None = None) -> None:
        order = {name: index for index, name in enumerate(columns)}
        self.problems = tuple(sorted(problems, key=lambda p: (p.line, order.get(p.field, -1))))
        self.source = source
        lines = len({p.line for p in self.problems})
        first = str(self.problems[0]) if self.problems else ""
        super().__init__("rows", f"{lines} bad row(s), {len(self.problems)} problem(s); "
                         f"nothing was sent. First: {first}")


class ShapeViolation(InputError):
    """A published page breaks the SHACL shapes of its model: ``field`` is the property
    (``eli:title``), ``focus`` the resource, ``count`` how many violations were found."""

    def __init__(self, field: str, problem: str, *, focus: str, count: int) -> None:
        super().__init__(field, problem)
        self.focus = focus
        self.count = count


class CanonicalisationLimit(InputError):
    """Canonicalising an RDF graph took more than ``limit`` steps (a "poison" graph of many
    indistinguishable blank nodes); nothing was hashed."""

    def __init__(self, field: str, *, limit: int) -> None:
        super().__init__(field, f"needs more than {limit} canonicalisation steps "
                         "(too many indistinguishable blank nodes)")
        self.limit = limit


class CompileError(BlokketenError):
    """solc refused the sources; the message holds its diagnostics with file and line."""


class NodeError(BlokketenError):
    """A local node could not be started or stopped, or it exited."""


class ChainError(BlokketenError):
    """The JSON-RPC endpoint failed, or answered something Blokketen cannot use."""


class RpcError(ChainError):
    """A JSON-RPC error answer; ``data`` holds the error's data field (revert data)."""

    def __init__(self, method: str, error: dict[str, Any]) -> None:
        self.code = error.get("code")
        self.rpc_message = str(error.get("message", ""))
        self.data = error.get("data")
        super().__init__(f"{method}: {self.rpc_message} (code {self.code})")


class NodeUnreachable(ChainError):
    """The JSON-RPC node did not answer (connection refused, reset, timed out)."""


class NoNodeAtUrl(NodeUnreachable):
    """Nothing answers at the URL given: raised on connecting, before anything was sent."""


class TransactionTimeout(ChainError):
    """A transaction got no receipt, or not enough confirmations, within the timeout."""


class RuleSetMismatch(ChainError):
    """The rule parameters a node returned are not the ones the chain published (their hash
    differs from the hash stored on publication, or they are of another year or version):
    nothing is computed from them."""


class TransactionDropped(ChainError):
    """A transaction will never be mined: it fell out of the chain (a reorganisation, or a
    node that went away with it) and another transaction of the sender took its nonce.
    Nothing of it happened on chain; ``tx_hash`` and ``nonce`` name it."""

    def __init__(self, message: str, *, tx_hash: str, nonce: int) -> None:
        super().__init__(message)
        self.tx_hash = tx_hash
        self.nonce = nonce


class AccountError(BlokketenError):
    """An account could not be loaded (wrong keystore password, missing file, ...)."""


class DevKeyRefused(AccountError):
    """A key derived from the public test mnemonic was about to sign for a real chain."""


class DeploymentError(BlokketenError):
    """A deployment manifest is missing, unreadable or inconsistent."""


class ChainResetDetected(DeploymentError):
    """The manifest records a contract whose code is not (or no longer) on the chain."""


class EvmVersionRefused(DeploymentError):
    """An artifact compiled for a later EVM than the chain supports: refused before sending.
    ``artifact_evm`` and ``chain_evm`` name both."""

    def __init__(self, message: str, *, artifact_evm: str, chain_evm: str) -> None:
        super().__init__(message)
        self.artifact_evm = artifact_evm
        self.chain_evm = chain_evm


class UntrustedContract(DeploymentError):
    """A verifier refused to answer: the contract at ``address`` on chain ``chain_id`` is not
    the one it expects (another address, no code, or code whose keccak256 ``found`` is not
    ``expected``). Nothing was judged."""

    def __init__(self, *, chain_id: int, address: str, expected: str | None,
                 found: str | None, problem: str) -> None:
        super().__init__(f"{address} on chain {chain_id} {problem}"
                         + (f" (code {found}, expected {expected})" if found and expected else "")
                         + "; no verdict")
        self.chain_id = chain_id
        self.address = address
        self.expected = expected
        self.found = found


class ContractRevert(BlokketenError):
    """A contract call or transaction reverted.

    ``data`` is the raw revert data, ``tx_hash`` is set when a mined transaction failed.
    """

    def __init__(self, message: str, *, data: bytes = b"", tx_hash: str | None = None) -> None:
        super().__init__(message)
        self.data = data
        self.tx_hash = tx_hash


class CustomErrorRevert(ContractRevert):
    """A Solidity custom error. Each ABI error gets a subclass named after it, whose
    decoded arguments are attributes (``err.parcelId``) and in ``err.args_dict``."""

    error_name: str = ""
    signature: str = ""
    arg_names: tuple[str, ...] = ()

    def __init__(
        self,
        values: dict[str, Any],
        *,
        data: bytes = b"",
        tx_hash: str | None = None,
        contract: str | None = None,
    ) -> None:
        shown = ", ".join(f"{k}={_show(v)}" for k, v in values.items())
        where = f"{contract}: " if contract else ""
        super().__init__(f"{where}{self.error_name}({shown})", data=data, tx_hash=tx_hash)
        self.args_dict = dict(values)
        self.contract = contract
        for key, value in values.items():
            if key and not hasattr(ContractRevert, key):
                setattr(self, key, value)


class PanicRevert(ContractRevert):
    """``Panic(uint256)``: a failed assert, arithmetic overflow, division by zero, ..."""

    def __init__(self, code: int, *, data: bytes = b"", tx_hash: str | None = None) -> None:
        meaning = PANIC_CODES.get(code, "unknown panic code")
        super().__init__(f"Panic(0x{code:02x}): {meaning}", data=data, tx_hash=tx_hash)
        self.code = code


class ReasonRevert(ContractRevert):
    """``Error(string)``: a revert or require with a text reason."""

    def __init__(self, reason: str, *, data: bytes = b"", tx_hash: str | None = None) -> None:
        super().__init__(f"reverted: {reason}", data=data, tx_hash=tx_hash)
        self.reason = reason


class UnknownRevert(ContractRevert):
    """A revert without data (out of gas, plain ``revert()``) or with data no ABI explains."""


PANIC_CODES = {
    0x00: "generic compiler panic",
    0x01: "assertion failed",
    0x11: "arithmetic overflow or underflow",
    0x12: "division or modulo by zero",
    0x21: "conversion to an invalid enum value",
    0x22: "incorrectly encoded storage byte array",
    0x31: "pop on an empty array",
    0x32: "array index out of bounds",
    0x41: "too much memory allocated",
    0x51: "call to a zero-initialised internal function",
}


def _show(value: Any) -> str:
    if isinstance(value, bytes):
        return "0x" + value.hex()
    return repr(value) if isinstance(value, str) else str(value)
