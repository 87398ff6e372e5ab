"""Which EVM a chain runs, found by probing it, and the check that refuses code for a later one.

A clique network of geth 1.13 is London: it has no PUSH0 (Shanghai), so code compiled for
Shanghai fails there at its first PUSH0. Rather than trust a node's name or configuration,
Blokketen asks the chain itself: ``eth_call`` without a recipient runs a few bytes of init
code, and an opcode the chain lacks makes that call fail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from blokketen._exceptions import EvmVersionRefused, InputError, RpcError

if TYPE_CHECKING:
    from blokketen.chain.connection import Chain

EVM_VERSIONS = (
    "homestead", "tangerineWhistle", "spuriousDragon", "byzantium", "constantinople",
    "petersburg", "istanbul", "berlin", "london", "paris", "shanghai", "cancun", "prague",
    "osaka",
)
"""solc's ``evmVersion`` names, oldest first."""

SAME_OPCODES_AS = {"paris": "london", "prague": "cancun"}
"""Forks that added no opcode solc emits: code for them runs where the named fork runs."""

_CONTROL = "0x60006000f3"  # PUSH1 0 PUSH1 0 RETURN: runs on every EVM
_PROBES = (  # (fork, init code using the first opcode that fork added), newest first
    ("osaka", "0x60001e00"),  # PUSH1 0 CLZ STOP
    ("cancun", "0x6000600060005e00"),  # PUSH1 0 (x3) MCOPY STOP
    ("shanghai", "0x5f5ff3"),  # PUSH0 PUSH0 RETURN
)


def check_version(name: str, *, field: str = "evm_version") -> str:
    """``name`` if it is an EVM version solc knows, else InputError naming ``field``."""
    if name not in EVM_VERSIONS:
        raise InputError(field, f"unknown EVM version {name!r} (choose from "
                         f"{', '.join(EVM_VERSIONS)})")
    return name


def chain_evm(chain: Chain) -> str | None:
    """The newest EVM version whose opcodes ``chain`` runs, or None when the chain cannot be
    probed (it refuses even the control call). ``london`` also stands for a chain without
    PUSH0 that has a base fee; ``berlin`` for one without a base fee either."""
    if not _runs(chain, _CONTROL):
        return None
    for fork, code in _PROBES:
        if _runs(chain, code):
            return fork
    latest = chain.block("latest")
    if latest.get("baseFeePerGas") is None:
        return "berlin"
    return "paris" if int(latest.get("difficulty") or "0x0", 16) == 0 else "london"


def runs_on(code_evm: str, on_evm: str) -> bool:
    """Whether code compiled for ``code_evm`` runs on a chain of ``on_evm``."""
    needed = SAME_OPCODES_AS.get(code_evm, code_evm)
    offered = SAME_OPCODES_AS.get(on_evm, on_evm)
    return EVM_VERSIONS.index(needed) <= EVM_VERSIONS.index(offered)


def require_evm(chain: Chain, code_evm: str, *, what: str, known: str | None = None) -> None:
    """Refuse (EvmVersionRefused, before anything is sent) to deploy ``what``, compiled for
    ``code_evm``, on a chain that runs an older EVM. ``known`` skips the probe."""
    on_evm = known or chain_evm(chain)
    if on_evm is None or runs_on(code_evm, on_evm):
        return
    raise EvmVersionRefused(
        f"{what} is compiled for EVM {code_evm}, but chain {chain.chain_id} runs {on_evm} "
        f"({_lacking(code_evm, on_evm)}): compile it for {on_evm} "
        f"(compile_project(..., evm_version={on_evm!r})); nothing was sent",
        artifact_evm=code_evm, chain_evm=on_evm)


def _lacking(code_evm: str, on_evm: str) -> str:
    needed = SAME_OPCODES_AS.get(code_evm, code_evm)
    missing = [fork for fork, _ in reversed(_PROBES)
               if EVM_VERSIONS.index(SAME_OPCODES_AS.get(on_evm, on_evm))
               < EVM_VERSIONS.index(fork) <= EVM_VERSIONS.index(needed)]
    opcode = {"shanghai": "PUSH0", "cancun": "MCOPY", "osaka": "CLZ"}
    return "no " + ", no ".join(opcode[f] for f in missing) if missing else "older opcodes"


def _runs(chain: Chain, init_code: str) -> bool:
    try:
        chain.rpc("eth_call", [{"data": init_code, "gas": hex(100_000)}, "latest"])
    except RpcError:
        return False
    return True
