"""Local development nodes (anvil, ganache) run as child processes.

A node never outlives the Python process that started it: it runs in its own process group,
is stopped on ``stop()``, on leaving the ``with`` block, at interpreter exit, and (on Linux)
by the kernel when its parent dies, through PR_SET_PDEATHSIG.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import weakref
from pathlib import Path
from types import TracebackType
from typing import Literal

from blokketen._exceptions import ConfigurationError, NodeError
from blokketen.chain.accounts import DEV_MNEMONIC

NodeKind = Literal["anvil", "ganache"]
DEFAULT_CHAIN_IDS = {"anvil": 31337, "ganache": 1337}
STALL_GUARD_SECONDS = 2
"""Interval of the blocks that anvil mines beside automine (mixed mining)."""
_LIVE: weakref.WeakSet[LocalNode] = weakref.WeakSet()


class LocalNode:
    """A local dev chain on a free port.

    >>> with LocalNode() as node:       # doctest: +SKIP
    ...     print(node.url)
    """

    def __init__(
        self,
        kind: NodeKind = "anvil",
        *,
        project_root: Path | None = None,
        port: int | None = None,
        chain_id: int | None = None,
        state_file: Path | None = None,
        state_interval: int = 5,
        block_time: float | None = None,
        automine: bool = True,
        mixed_mining: bool = True,
        gas_limit: int | None = None,
        history: int = 256,
        accounts: int = 10,
        mnemonic: str = DEV_MNEMONIC,
        startup_timeout: float = 30.0,
    ) -> None:
        if kind not in DEFAULT_CHAIN_IDS:
            raise ConfigurationError(f"node kind must be anvil or ganache, not {kind!r}")
        self.kind: NodeKind = kind
        self.root = (project_root or _package_project_root()).resolve()
        self.port = port
        self.chain_id = chain_id or DEFAULT_CHAIN_IDS[kind]
        self.state_file = state_file
        self.state_interval = state_interval
        self.block_time = block_time
        self.automine = automine
        self.mixed_mining = mixed_mining
        """With automine, anvil also mines interval blocks (see :data:`STALL_GUARD_SECONDS`);
        off: automine only, as a plain ``anvil`` runs. Anvil keeps mining on arrival in
        mixed mode whatever ``evm_setAutomine(false)`` says (and cannot be put back into it
        over RPC), so there it mines each batch of a bulk import as it arrives, beside the
        importer's own blocks: more, smaller blocks. For a large import start a plain one."""
        self.gas_limit = gas_limit
        """Block gas limit (None: the node's default, 30 M). A bulk load of a whole register
        goes faster with larger blocks: anvil's work per block grows with its state."""
        self.history = history
        """Recent blocks whose state anvil keeps in memory, for calls at those blocks. Anvil
        keeps a whole copy of its state per block: for a register of a million parcels,
        keep a few (each copy is then some 300 MB)."""
        self.accounts = accounts
        self.mnemonic = mnemonic
        self.startup_timeout = startup_timeout
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Path | None = None

    # -- lifecycle ---------------------------------------------------------------------
    @property
    def url(self) -> str:
        if self.port is None:
            raise NodeError("node not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    def start(self) -> LocalNode:
        if self.process is not None:
            return self
        if self.port is None:
            self.port = free_port()
        elif not port_is_free(self.port):
            raise NodeError(f"port {self.port} is in use: another node runs there")
        command = self.command()
        log_dir = self.root / ".blokketen" / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        self._log = log_dir / f"{self.kind}-{self.port}.log"
        with open(self._log, "wb") as log:
            self.process = subprocess.Popen(
                command,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.root,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        _LIVE.add(self)
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the node (SIGINT first so anvil writes its state file, then SIGKILL)."""
        process, self.process = self.process, None
        if process is None:
            return
        _LIVE.discard(self)
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def kill(self) -> None:
        """SIGKILL the node at once (as a crash would); the state file keeps its last save."""
        process, self.process = self.process, None
        if process is None:
            return
        _LIVE.discard(self)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def __enter__(self) -> LocalNode:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- command lines -----------------------------------------------------------------
    def command(self) -> list[str]:
        if self.kind == "anvil":
            return self._anvil_command()
        return self._ganache_command()

    def _anvil_command(self) -> list[str]:
        # The npm package ships the native binary in a per-platform package
        # (anvil-linux-amd64, anvil-darwin-arm64, ...); run it directly, without node.
        found = sorted((self.root / "node_modules" / "@foundry-rs").glob("anvil-*/bin/anvil"))
        if not found:
            raise ConfigurationError(
                "anvil not found in node_modules/@foundry-rs; run `npm ci` (make does)")
        binary = found[0]
        cmd = [
            str(binary),
            "--host", "127.0.0.1",
            "--port", str(self.port),
            "--chain-id", str(self.chain_id),
            "--accounts", str(self.accounts),
            "--mnemonic", self.mnemonic,
            "--hardfork", "shanghai",
            # Keep only recent states in memory: without this anvil spills history to disk
            # and slows to a crawl after a few hundred blocks.
            "--prune-history", str(self.history),
        ]
        if self.automine:
            if self.mixed_mining:
                # Automine answers each transaction with a block; interval blocks beside it
                # (mixed mining) mine whatever automine left pending, so bulk sends cannot
                # stall.
                interval = (self.block_time if self.block_time is not None
                            else STALL_GUARD_SECONDS)
                cmd += ["--mixed-mining", "--block-time", _seconds(interval)]
        elif self.block_time is not None:
            cmd += ["--block-time", _seconds(self.block_time)]  # interval mining only
        else:
            cmd.append("--no-mining")
        if self.gas_limit is not None:
            cmd += ["--gas-limit", str(self.gas_limit)]
        if self.state_file is not None:
            cmd += ["--state", str(self.state_file), "--state-interval", str(self.state_interval)]
        return cmd

    def _ganache_command(self) -> list[str]:
        cli = self.root / "node_modules" / "ganache" / "dist" / "node" / "cli.js"
        if not cli.exists():
            raise ConfigurationError(f"ganache not found at {cli}; run `npm ci` (make does)")
        cmd = [
            "node", str(cli),
            "--server.host", "127.0.0.1",
            "--server.port", str(self.port),
            "--chain.chainId", str(self.chain_id),
            "--chain.hardfork", "shanghai",
            "--wallet.totalAccounts", str(self.accounts),
            "--wallet.mnemonic", self.mnemonic,
            "--logging.quiet",
        ]
        if self.block_time is not None:
            cmd += ["--miner.blockTime", _seconds(self.block_time)]
        if self.gas_limit is not None:
            cmd += ["--miner.blockGasLimit", str(self.gas_limit)]
        if self.state_file is not None:
            cmd += ["--database.dbPath", str(self.state_file)]
        return cmd

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []})
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise NodeError(f"{self.kind} exited at start (code {self.process.returncode}): "
                                f"{self._log_tail()}")
            request = urllib.request.Request(
                self.url, data=body.encode(), headers={"Content-Type": "application/json"}
            )
            try:
                with urllib.request.urlopen(request, timeout=1) as answer:
                    if b"result" in answer.read():
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.05)
        raise NodeError(f"{self.kind} did not answer within {self.startup_timeout:.0f} s: "
                        f"{self._log_tail()}")

    def _log_tail(self) -> str:
        if self._log is None or not self._log.exists():
            return ""
        return self._log.read_text(errors="replace").strip()[-500:]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _package_project_root() -> Path:
    from blokketen.project import Project

    return Project.find().root


def _die_with_parent() -> None:  # runs in the child between fork and exec
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


@atexit.register
def _stop_all() -> None:
    for node in list(_LIVE):
        node.stop(timeout=5)
