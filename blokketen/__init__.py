"""Blokketen: registries for the Flemish government's blockchain pilots.

The package root exports the exception hierarchy (cheap to import). The shared core is
``blokketen.chain``, ``blokketen.contract``, ``blokketen.toolchain``, ``blokketen.deploy``
and ``blokketen.bulk``; each pilot is one package (``blokketen.land``, ``blokketen.diploma``,
``blokketen.housing``), registered in ``blokketen.pilots``.
"""

from blokketen._exceptions import (
    AccountError,
    BadRowsError,
    BlokketenError,
    CanonicalisationLimit,
    ChainError,
    ChainResetDetected,
    CompileError,
    ConfigurationError,
    ContractRevert,
    CustomErrorRevert,
    DeploymentError,
    DevKeyRefused,
    EvmVersionRefused,
    GethUnavailable,
    InputError,
    MissingRuleParameter,
    NodeError,
    NodeUnreachable,
    NoNodeAtUrl,
    PanicRevert,
    ReasonRevert,
    RpcError,
    RuleSetMismatch,
    ScenarioError,
    ShapeViolation,
    TransactionDropped,
    TransactionTimeout,
    UnknownRevert,
    UntrustedContract,
)

__version__ = "0.1.0"

__all__ = [
    "AccountError",
    "BadRowsError",
    "BlokketenError",
    "CanonicalisationLimit",
    "ChainError",
    "ChainResetDetected",
    "CompileError",
    "ConfigurationError",
    "ContractRevert",
    "CustomErrorRevert",
    "DeploymentError",
    "DevKeyRefused",
    "EvmVersionRefused",
    "GethUnavailable",
    "InputError",
    "MissingRuleParameter",
    "NoNodeAtUrl",
    "NodeError",
    "NodeUnreachable",
    "PanicRevert",
    "ReasonRevert",
    "RpcError",
    "RuleSetMismatch",
    "ScenarioError",
    "ShapeViolation",
    "TransactionDropped",
    "TransactionTimeout",
    "UnknownRevert",
    "UntrustedContract",
    "__version__",
]
