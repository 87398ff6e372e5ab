"""One geth node of a local network, run as a child process.

Like :class:`blokketen.chain.node.LocalNode`, a node never outlives the process that started
it: it runs in its own process group, is stopped on ``stop()`` (SIGINT, so geth flushes its
database; SIGKILL after a timeout), at interpreter exit, and by the kernel when the parent
dies (PR_SET_PDEATHSIG). Start nodes from the main thread: the kernel ties the signal to
the thread that started the child.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from blokketen._exceptions import ChainError, NodeError, NodeUnreachable, RpcError
from blokketen.chain.node import _die_with_parent

Role = Literal["signer", "rpc"]
HTTP_APIS = "eth,net,web3,txpool,clique,admin,miner"
"""Namespaces on each node's HTTP endpoint (loopback only): admin cuts and restores peer
links, miner starts sealing once every node is peered (see LocalNetwork.start)."""
CACHE_MB = 128
"""geth's cache per node; its default (1 GB) is too much for several nodes on one machine."""
TXPOOL_ACCOUNT_SLOTS = 4_096
TXPOOL_GLOBAL_SLOTS = 16_384
TXPOOL_ACCOUNT_QUEUE = 1_024
"""Transaction pool sizes of a local network's nodes (geth's defaults: 16, 5,120 and 64)."""
_LIVE: weakref.WeakSet[GethNode] = weakref.WeakSet()


def rpc(url: str, method: str, params: list[Any], *, timeout: float = 5.0) -> Any:
    """One JSON-RPC request with the standard library (no web3 needed). NodeUnreachable
    when the node does not answer, RpcError for an error answer (both ChainErrors)."""
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
    request = urllib.request.Request(url, data=body.encode(),
                                     headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            data = json.loads(answer.read())
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError) as err:
        raise NodeUnreachable(f"{method} to {url} failed: {err}") from None
    if "error" in data:
        raise RpcError(method, dict(data["error"]))
    return data.get("result")


@dataclass(frozen=True)
class NodeSpec:
    """One node of a network: its name, role, ports and identity."""

    name: str
    role: Role
    http_port: int
    p2p_port: int
    auth_port: int
    enode: str
    signer: str | None = None
    """The address this node seals with (signers only)."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "http_port": self.http_port,
                "p2p_port": self.p2p_port, "auth_port": self.auth_port, "enode": self.enode,
                "signer": self.signer}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> NodeSpec:
        return cls(name=data["name"], role=data["role"], http_port=int(data["http_port"]),
                   p2p_port=int(data["p2p_port"]), auth_port=int(data["auth_port"]),
                   enode=data["enode"], signer=data.get("signer"))


class GethNode:
    """A geth process for one :class:`NodeSpec` in its data folder."""

    def __init__(
        self,
        spec: NodeSpec,
        *,
        geth: Path,
        datadir: Path,
        network_id: int,
        gas_limit: int,
        password_file: Path,
        log: Path,
    ) -> None:
        self.spec = spec
        self.geth = geth
        self.datadir = datadir
        self.network_id = network_id
        self.gas_limit = gas_limit
        self.password_file = password_file
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self._interrupted = False

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process else None

    @property
    def url(self) -> str:
        return self.spec.url

    def command(self) -> list[str]:
        spec = self.spec
        cmd = [
            str(self.geth),
            "--config", str(self.datadir / "config.toml"),  # static peers
            "--datadir", str(self.datadir),
            "--networkid", str(self.network_id),
            "--syncmode", "full", "--gcmode", "archive",
            "--port", str(spec.p2p_port), "--nodiscover", "--nat", "none", "--maxpeers", "32",
            "--http", "--http.addr", "127.0.0.1", "--http.port", str(spec.http_port),
            "--http.api", HTTP_APIS,
            "--authrpc.addr", "127.0.0.1", "--authrpc.port", str(spec.auth_port),
            "--ipcdisable",
            "--cache", str(CACHE_MB),
            "--miner.gaslimit", str(self.gas_limit),
            # Room in the transaction pool for a bulk import's window of single-record
            # transactions (geth keeps 16 per account guaranteed, 5,120 in all, and only 64
            # waiting behind a gap per account, as after a switch to another node).
            "--txpool.accountslots", str(TXPOOL_ACCOUNT_SLOTS),
            "--txpool.globalslots", str(TXPOOL_GLOBAL_SLOTS),
            "--txpool.accountqueue", str(TXPOOL_ACCOUNT_QUEUE),
            "--txpool.globalqueue", str(TXPOOL_ACCOUNT_QUEUE * 4),
            "--verbosity", "3",
        ]
        if spec.role == "signer":
            assert spec.signer is not None
            # No --mine: sealing starts over RPC once all nodes are peered. A node that is not
            # sealing yet drops the blocks it is sent, so signers started one after another
            # each seal a block 1 of their own and wait for each other for ever.
            cmd += [
                "--miner.etherbase", spec.signer,
                "--unlock", spec.signer, "--password", str(self.password_file),
                # geth refuses an unlocked account next to an HTTP endpoint unless told; the
                # endpoint listens on loopback only.
                "--allow-insecure-unlock",
            ]
        return cmd

    def launch(self) -> GethNode:
        """Start the process without waiting for it to answer (see :meth:`wait_ready`)."""
        if self.process is not None:
            return self
        for port in (self.spec.http_port, self.spec.p2p_port, self.spec.auth_port):
            if _listening(port):
                raise NodeError(f"{self.spec.name}: port {port} is in use (another network "
                                "or program runs there)")
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with open(self.log, "ab") as log:
            log.write(f"\n== {time.strftime('%Y-%m-%d %H:%M:%S')} starting "
                      f"{self.spec.name}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.datadir,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        _LIVE.add(self)
        return self

    def wait_ready(self, timeout: float) -> None:
        """Wait until the node answers on HTTP; NodeError if it exits or stays silent."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                code = self.process.returncode if self.process else None
                raise NodeError(f"{self.spec.name} exited at start (code {code}): "
                                f"{self.log_tail()}")
            try:
                rpc(self.url, "eth_chainId", [], timeout=1)
                return
            except ChainError:
                time.sleep(0.1)
        raise NodeError(f"{self.spec.name} did not answer within {timeout:.0f} s: "
                        f"{self.log_tail()}")

    def wait_unlocked(self, timeout: float = 60.0) -> None:
        """Signers only: wait until geth has unlocked the signer's keystore. It answers on
        HTTP before that, and sealing started without the key fails and is not retried."""
        assert self.spec.signer is not None
        deadline = time.monotonic() + timeout
        while True:
            try:
                rpc(self.url, "eth_sign", [self.spec.signer, "0x00"])
                break
            except ChainError as err:
                if "unlock" not in str(err) and "authentication" not in str(err):
                    raise NodeError(f"{self.spec.name}: {err}") from None
            if time.monotonic() > deadline:
                raise NodeError(f"{self.spec.name} did not unlock its signer key within "
                                f"{timeout:.0f} s: {self.log_tail()}")
            time.sleep(0.1)

    def start_sealing(self) -> None:
        """Signers only: start sealing (geth's ``miner_start``); see :meth:`wait_unlocked`."""
        rpc(self.url, "miner_start", [])

    def stop_sealing(self) -> None:
        """Signers only: stop sealing (geth's ``miner_stop``); the node still follows."""
        rpc(self.url, "miner_stop", [])

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def interrupt(self) -> None:
        """Ask geth to shut down (SIGINT) without waiting; :meth:`stop` then waits."""
        if self.alive() and not self._interrupted:
            assert self.process is not None
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGINT)
            self._interrupted = True

    def stop(self, timeout: float = 20.0) -> None:
        """Stop the node: SIGINT (geth writes its state and exits), SIGKILL after timeout.
        geth panics after ten interrupts, so it is sent one only."""
        self.interrupt()
        process, self.process = self.process, None
        self._interrupted = False
        if process is None:
            return
        _LIVE.discard(self)
        if process.poll() is None:
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def kill(self) -> None:
        """SIGKILL at once, as a crash would."""
        process, self.process = self.process, None
        self._interrupted = False
        if process is None:
            return
        _LIVE.discard(self)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def log_tail(self, size: int = 800) -> str:
        if not self.log.exists():
            return ""
        return self.log.read_text(errors="replace").strip()[-size:]


def _listening(port: int) -> bool:
    """Whether something listens on ``port``. Like geth, the probe sets SO_REUSEADDR, so
    connections of a node that just stopped (TIME_WAIT) do not count."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
        return False


@atexit.register
def _stop_all() -> None:
    for node in list(_LIVE):
        node.stop(timeout=10)
