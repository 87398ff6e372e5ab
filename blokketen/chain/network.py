"""A local consortium network: several geth 1.13.15 nodes on loopback, sealing by clique.

:meth:`LocalNetwork.create` lays out a network folder once: a clique genesis (its own chain
id, London, a 30 M gas limit), an encrypted keystore per signer and one for a funded
deployer, a node key, ports and a static-peer list per node, and ``geth init`` for each.
:meth:`LocalNetwork.start` runs every node as a child process (the no-orphan guarantee of
:class:`blokketen.chain.gethnode.GethNode`) and waits until all nodes are peered with each
other, the chain has moved on, and they agree on the same block. The folder survives a stop,
so a network started again goes on from where it was.

Folder layout::

    network.json      the network: chain id, period, gas limit, nodes, ports, deployer
    genesis.json      the clique genesis every node was initialised with
    password          the keystore password (mode 600): geth reads it to unlock a signer
    deployer.json     the funded deployer's encrypted keystore
    nodes/<name>/     each node's data folder (config.toml, geth/, keystore/ for signers)
    logs/<name>.log   each node's output
    run.json          while running: the supervising process and node pids
    deployments/      deployment manifests of this network
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ChainError, InputError, NodeError
from blokketen.chain.genesis import DEFAULT_GAS_LIMIT, clique_genesis, enode
from blokketen.chain.gethnode import GethNode, NodeSpec, Role, rpc
from blokketen.chain.node import free_port, port_is_free

if TYPE_CHECKING:
    from eth_account.signers.local import LocalAccount

DEFAULT_CHAIN_ID = 7_222_017
"""Chain id of a local network: not a dev chain id, so the public dev keys are refused."""
DEPLOYER_FUNDS = 10**6 * 10**18
"""Wei the genesis gives the deployer (a million ether of a private chain)."""
FORMAT_VERSION = 1
MAX_NODES = 16
SCRYPT_N = 2**14
"""scrypt cost of the network's keystores. Their password lies beside them in the folder
(geth reads it to unlock a signer at every start), so the default cost (2**18, about a
second and 256 MB per key) would only slow every start, not protect the keys."""
PORT_FLOOR = 20_000
EPHEMERAL_LOW = 32_768
"""Ports of a network are drawn from PORT_FLOOR up to the kernel's ephemeral range."""


@dataclass(frozen=True)
class NetworkSpec:
    """What a network is made of."""

    signers: int = 3
    rpc_nodes: int = 1
    period: int = 2
    """Seconds between clique blocks."""
    chain_id: int = DEFAULT_CHAIN_ID
    gas_limit: int = DEFAULT_GAS_LIMIT

    def check(self) -> NetworkSpec:
        if not 1 <= self.signers <= MAX_NODES:
            raise InputError("--signers", f"must be from 1 to {MAX_NODES}")
        if not 0 <= self.rpc_nodes <= MAX_NODES - self.signers:
            raise InputError("--rpc-nodes", f"must be from 0 to {MAX_NODES - self.signers}")
        if not 1 <= self.period <= 3600:
            raise InputError("--period", "must be from 1 to 3600 seconds")
        if self.chain_id in (1, 1337, 31337) or not 0 < self.chain_id < 2**32:
            raise InputError("--chain-id", "must be below 2**32 and not 1 (mainnet) or a dev "
                             "chain id (1337, 31337)")
        if not 5_000_000 <= self.gas_limit <= 2**40:
            raise InputError("--gas-limit", "must be at least 5,000,000")
        return self


@dataclass(frozen=True)
class SyncState:
    """Whether every node is peered with every other and they agree on one block."""

    in_sync: bool
    block: int | None
    block_hash: str | None
    detail: str


@dataclass(frozen=True)
class NodeStatus:
    """What one node says about itself."""

    name: str
    role: Role
    url: str
    answering: bool
    head: int | None = None
    head_hash: str | None = None
    peers: int | None = None
    signer: str | None = None
    authorized: bool | None = None
    """Signers only: whether the chain's current signer set holds this node's address."""
    sealing: bool | None = None
    """Signers only: whether the node is sealing (eth_mining)."""
    sealed_recent: int | None = None
    """Signers only: blocks this signer sealed among the last ``recent_blocks``."""
    recent_blocks: int | None = None
    pid: int | None = None


@dataclass(frozen=True)
class NetworkStatus:
    """The network as its nodes see it."""

    folder: Path
    chain_id: int
    period: int
    running: bool
    """Whether a supervising process is alive (see run.json)."""
    nodes: tuple[NodeStatus, ...]
    sync: SyncState


class LocalNetwork:
    """The network in one folder (made by :meth:`create`), started and stopped from here.

    >>> with LocalNetwork.create("net", NetworkSpec(period=1)) as net:   # doctest: +SKIP
    ...     print(net.rpc_url)
    """

    def __init__(self, folder: Path | str, *, geth: Path | None = None) -> None:
        self.folder = Path(folder).resolve()
        path = self.folder / "network.json"
        if not path.exists():
            raise InputError("--dir", f"no network in {self.folder} (no network.json); "
                             "`blokketen network up` makes one")
        data = json.loads(path.read_text())
        self.spec = NetworkSpec(signers=int(data["signers"]), rpc_nodes=int(data["rpcNodes"]),
                                period=int(data["period"]), chain_id=int(data["chainId"]),
                                gas_limit=int(data["gasLimit"]))
        self.node_specs = tuple(NodeSpec.from_json(n) for n in data["nodes"])
        self.deployer_address: str = data["deployer"]
        self.evm_version: str = data["evmVersion"]
        self._geth = geth
        self._nodes: dict[str, GethNode] = {}

    # -- making a network ----------------------------------------------------------------
    @classmethod
    def create(
        cls,
        folder: Path | str,
        spec: NetworkSpec = NetworkSpec(),
        *,
        password: str | None = None,
        geth: Path | None = None,
        fresh: bool = False,
    ) -> LocalNetwork:
        """The network in ``folder``, laid out first if it is not there yet. An existing
        network must match ``spec`` unless ``fresh`` (which deletes it first)."""
        spec.check()
        root = Path(folder).resolve()
        if fresh and root.exists():
            if running_state(root) is not None:
                raise NodeError(f"the network in {root} is running: `blokketen network down` "
                                "first")
            shutil.rmtree(root)
        if (root / "network.json").exists():
            network = cls(root, geth=geth)
            network._require_spec(spec)
            return network
        if root.exists() and any(root.iterdir()):
            raise InputError("--dir", f"{root} is not empty and holds no network.json; "
                             "choose another folder or pass --fresh")
        geth = geth or _project_geth()
        _lay_out(root, spec, password or secrets.token_urlsafe(18), geth)
        return cls(root, geth=geth)

    def _require_spec(self, spec: NetworkSpec) -> None:
        ours = self.spec
        for name, field in (("--signers", "signers"), ("--rpc-nodes", "rpc_nodes"),
                            ("--period", "period"), ("--chain-id", "chain_id"),
                            ("--gas-limit", "gas_limit")):
            if getattr(spec, field) != getattr(ours, field):
                raise InputError(name, f"the network in {self.folder} has {field} "
                                 f"{getattr(ours, field)}, not {getattr(spec, field)}; "
                                 "pass --fresh to make a new one (its chain is lost)")

    # -- where things are ----------------------------------------------------------------
    @property
    def password_file(self) -> Path:
        return self.folder / "password"

    @property
    def deployments(self) -> Path:
        """The folder of this network's deployment manifests."""
        return self.folder / "deployments"

    @property
    def urls(self) -> dict[str, str]:
        return {n.name: n.url for n in self.node_specs}

    @property
    def rpc_url(self) -> str:
        """The URL clients should use: the first RPC node, else the first signer."""
        rpc_nodes = [n for n in self.node_specs if n.role == "rpc"]
        return (rpc_nodes or list(self.node_specs))[0].url

    def node_spec(self, name: str) -> NodeSpec:
        for spec in self.node_specs:
            if spec.name == name:
                return spec
        raise InputError("node", f"no node {name!r} in this network "
                         f"({', '.join(n.name for n in self.node_specs)})")

    def deployer(self) -> LocalAccount:
        """The funded deployer, decrypted from its keystore."""
        from blokketen.chain.accounts import load_keystore

        return load_keystore(self.folder / "deployer.json", self.password_file.read_text())

    # -- running -------------------------------------------------------------------------
    def start(self, *, timeout: float = 120.0) -> LocalNetwork:
        """Start every node, then wait until they all follow the same head.

        The signers start sealing only once every node is peered with every other and every
        signer key is unlocked, and the signer whose turn the next block is starts last: a
        node that does not seal yet drops the blocks it is sent, and clique signers that each
        sealed a block of their own at the same height wait for each other for ever."""
        geth = self._geth or _project_geth()
        self._geth = geth
        try:
            for spec in self.node_specs:
                self._node(spec).launch()
            deadline = time.monotonic() + timeout
            for node in self._nodes.values():
                node.wait_ready(max(1.0, deadline - time.monotonic()))
            everyone = len(self.node_specs) - 1
            self._wait_peers({n.name: everyone for n in self.node_specs},
                             max(1.0, deadline - time.monotonic()))
            signers = [n.name for n in self.node_specs if n.signer]
            for name in signers:
                self._nodes[name].wait_unlocked(max(1.0, deadline - time.monotonic()))
            start_head = max(self._head(n.url) for n in self.node_specs)
            self._start_sealing(signers, start_head)
            self.wait_in_sync(max(1.0, deadline - time.monotonic()), after=start_head)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_sealing(self, names: list[str], head: int) -> None:
        """miner_start on ``names``, the signer in turn for block ``head + 1`` last."""
        signers = sorted(str(n.signer).lower() for n in self.node_specs if n.signer)
        in_turn = signers[(head + 1) % len(signers)]
        ordered = sorted(names, key=lambda n: str(self.node_spec(n).signer).lower() == in_turn)
        for name in ordered:
            self._nodes[name].start_sealing()

    def start_node(self, name: str, *, timeout: float = 90.0) -> GethNode:
        """Start one node (again), e.g. after :meth:`stop_node` or a kill, and wait until
        it has caught up: it is peered, and it has reached the height that the most advanced
        of the other nodes had when it started, with the block the others hold there now
        (the same chain, not a branch of its own; the others may have reorganised that
        height meanwhile). A signer starts sealing only then."""
        spec = self.node_spec(name)
        others = [n for n in self.node_specs if n.name != name]
        target = max((h for h in (self._head_or_none(n.url) for n in others) if h is not None),
                     default=None)
        node = self._node(spec).launch()
        deadline = time.monotonic() + timeout
        node.wait_ready(timeout)
        while target is not None:
            try:
                peers = int(rpc(node.url, "net_peerCount", []), 16)
                have = rpc(node.url, "eth_getBlockByNumber", [hex(target), False])
            except ChainError:
                peers, have = 0, None
            if peers > 0 and have is not None and have.get("hash") in self._hashes_at(
                    target, others):
                break
            if not node.alive():
                raise NodeError(f"{name} exited: {node.log_tail()}")
            if time.monotonic() > deadline:
                raise NodeError(f"{name} did not catch up with block {target} within "
                                f"{timeout:.0f} s")
            time.sleep(0.2)
        if spec.signer is not None:
            node.wait_unlocked(max(1.0, deadline - time.monotonic()))
            node.start_sealing()
        return node

    def _head_or_none(self, url: str) -> int | None:
        try:
            return self._head(url)
        except ChainError:
            return None

    @staticmethod
    def _hashes_at(number: int, specs: Sequence[NodeSpec]) -> set[str]:
        """The hashes that the answering nodes of ``specs`` have at height ``number``."""
        found = set()
        for spec in specs:
            try:
                block = rpc(spec.url, "eth_getBlockByNumber", [hex(number), False], timeout=2)
            except ChainError:
                continue
            if block is not None:
                found.add(str(block["hash"]))
        return found

    def stop_node(self, name: str) -> None:
        node = self._nodes.get(name)
        if node is not None:
            node.stop()

    def node(self, name: str) -> GethNode:
        """The running process of node ``name``."""
        node = self._nodes.get(self.node_spec(name).name)
        if node is None or not node.alive():
            raise NodeError(f"node {name} is not running")
        return node

    @property
    def pids(self) -> dict[str, int]:
        return {name: node.pid for name, node in self._nodes.items() if node.pid is not None}

    def stop(self, timeout: float = 20.0) -> None:
        """Stop every node cleanly (SIGINT to all at once, then wait; SIGKILL on timeout)."""
        for node in self._nodes.values():
            node.interrupt()
        for node in self._nodes.values():
            node.stop(timeout)

    def kill(self) -> None:
        for node in self._nodes.values():
            node.kill()

    def __enter__(self) -> LocalNetwork:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    def _node(self, spec: NodeSpec) -> GethNode:
        if spec.name not in self._nodes:
            assert self._geth is not None
            self._nodes[spec.name] = GethNode(
                spec, geth=self._geth, datadir=self.folder / "nodes" / spec.name,
                network_id=self.spec.chain_id, gas_limit=self.spec.gas_limit,
                password_file=self.password_file, log=self.folder / "logs" / f"{spec.name}.log")
        return self._nodes[spec.name]

    # -- agreement -----------------------------------------------------------------------
    def sync_state(self, *, after: int | None = None,
                   nodes: Sequence[str] | None = None) -> SyncState:
        """Whether ``nodes`` (default all) are peered with each other and agree on a block
        (above ``after``, when given: proof that the chain moves on)."""
        specs = [self.node_spec(n) for n in nodes] if nodes else list(self.node_specs)
        heads: dict[str, int] = {}
        for spec in specs:
            try:
                heads[spec.name] = self._head(spec.url)
                peers = int(rpc(spec.url, "net_peerCount", []), 16)
            except ChainError:
                return SyncState(False, None, None, f"{spec.name} does not answer")
            if peers < len(specs) - 1:
                return SyncState(False, None, None,
                                 f"{spec.name} has {peers} of {len(specs) - 1} peers")
        low = min(heads.values())
        if after is not None and low <= after:
            return SyncState(False, None, None, f"waiting for a block after {after} "
                             f"(heads {heads})")
        hashes: dict[str, str | None] = {}
        for spec in specs:
            try:
                block = rpc(spec.url, "eth_getBlockByNumber", [hex(low), False])
            except ChainError:
                return SyncState(False, None, None, f"{spec.name} does not answer")
            hashes[spec.name] = block["hash"] if block else None
        if len(set(hashes.values())) != 1 or None in hashes.values():
            return SyncState(False, low, None, f"nodes disagree on block {low}: {hashes}")
        return SyncState(True, low, next(iter(hashes.values())), f"all on block {low}")

    def wait_in_sync(self, timeout: float = 60.0, *, after: int | None = None,
                     nodes: Sequence[str] | None = None) -> SyncState:
        """Wait until :meth:`sync_state` says so; NodeError with the last reason if not."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.sync_state(after=after, nodes=nodes)
            if state.in_sync:
                return state
            for node in self._nodes.values():
                if node.process is not None and not node.alive():
                    raise NodeError(f"{node.spec.name} exited: {node.log_tail()}")
            if time.monotonic() > deadline:
                raise NodeError(f"the nodes did not agree on a head within {timeout:.0f} s: "
                                f"{state.detail}")
            time.sleep(0.2)

    # -- peer links ----------------------------------------------------------------------
    def partition(self, *groups: Sequence[str], timeout: float = 30.0) -> None:
        """Cut every peer link between nodes of different ``groups`` (node names); nodes
        named in no group form one more group."""
        named = [list(g) for g in groups]
        rest = [n.name for n in self.node_specs if not any(n.name in g for g in named)]
        if rest:
            named.append(rest)
        side = {name: i for i, group in enumerate(named) for name in group}
        cut = [(a, b) for a, b in combinations(self.node_specs, 2) if side[a.name] != side[b.name]]
        expected = {n.name: len(g) - 1 for g in named for n in map(self.node_spec, g)}
        deadline = time.monotonic() + timeout
        while True:
            # Each side drops the other from its static peers and disconnects. A node that
            # is dropped first may already be dialling back before its own removal arrives,
            # and geth does not cancel a dial in flight: cut such a link again until none is left.
            for a, b in cut:
                rpc(a.url, "admin_removePeer", [b.enode])
                rpc(b.url, "admin_removePeer", [a.enode])
            try:
                self._wait_peers(expected, min(3.0, max(0.1, deadline - time.monotonic())))
                return
            except NodeError:
                if time.monotonic() > deadline:
                    raise

    def heal(self, *, timeout: float = 30.0) -> None:
        """Restore every peer link (static peers again)."""
        for a, b in combinations(self.node_specs, 2):
            rpc(a.url, "admin_addPeer", [b.enode])
            rpc(b.url, "admin_addPeer", [a.enode])
        self._wait_peers({n.name: len(self.node_specs) - 1 for n in self.node_specs}, timeout)

    def _wait_peers(self, expected: dict[str, int], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            counts = {name: int(rpc(self.node_spec(name).url, "net_peerCount", []), 16)
                      for name in expected}
            if counts == expected:
                return
            if time.monotonic() > deadline:
                raise NodeError(f"peer counts {counts}, expected {expected}")
            time.sleep(0.1)

    # -- status --------------------------------------------------------------------------
    def status(self) -> NetworkStatus:
        """Every node's head, peers and signer state, and whether they agree."""
        run = running_state(self.folder)
        pids = dict(run.get("nodes", {})) if run else {}
        pids.update(self.pids)
        nodes = tuple(_node_status(spec, pids.get(spec.name)) for spec in self.node_specs)
        return NetworkStatus(folder=self.folder, chain_id=self.spec.chain_id,
                             period=self.spec.period, running=run is not None or bool(self.pids),
                             nodes=nodes, sync=self.sync_state())

    @staticmethod
    def _head(url: str) -> int:
        return int(rpc(url, "eth_blockNumber", []), 16)


def _node_status(spec: NodeSpec, pid: int | None) -> NodeStatus:
    base: dict[str, Any] = {"name": spec.name, "role": spec.role, "url": spec.url,
                            "signer": spec.signer, "pid": pid}
    try:
        block = rpc(spec.url, "eth_getBlockByNumber", ["latest", False], timeout=2)
        peers = int(rpc(spec.url, "net_peerCount", [], timeout=2), 16)
    except ChainError:
        return NodeStatus(answering=False, **base)
    extra: dict[str, Any] = {}
    if spec.signer is not None:
        try:
            signers = [s.lower() for s in rpc(spec.url, "clique_getSigners", ["latest"])]
            clique = rpc(spec.url, "clique_status", [])
            activity = {k.lower(): int(v) for k, v in clique["sealerActivity"].items()}
            extra = {"authorized": spec.signer.lower() in signers,
                     "sealing": bool(rpc(spec.url, "eth_mining", [])),
                     "sealed_recent": activity.get(spec.signer.lower(), 0),
                     "recent_blocks": int(clique["numBlocks"])}
        except (ChainError, KeyError, TypeError, ValueError):
            pass
    return NodeStatus(answering=True, head=int(block["number"], 16), head_hash=block["hash"],
                      peers=peers, **base, **extra)


# -- laying out the folder -------------------------------------------------------------
def _lay_out(root: Path, spec: NetworkSpec, password: str, geth: Path) -> None:
    from blokketen.chain.accounts import create_keystore

    root.mkdir(parents=True, exist_ok=True)
    (root / "password").write_text(password)
    (root / "password").chmod(0o600)
    names: list[tuple[str, Role]] = [(f"signer-{i + 1}", "signer") for i in range(spec.signers)]
    names += [(f"rpc-{i + 1}", "rpc") for i in range(spec.rpc_nodes)]
    ports = _free_ports(3 * len(names))
    specs: list[NodeSpec] = []
    for index, (name, role) in enumerate(names):
        datadir = root / "nodes" / name
        (datadir / "geth").mkdir(parents=True)
        key = secrets.token_bytes(32)
        (datadir / "geth" / "nodekey").write_text(key.hex())
        signer = None
        if role == "signer":
            signer = create_keystore(datadir / "keystore" / "signer.json", password,
                                     scrypt_n=SCRYPT_N).address
        http, p2p, auth = ports[3 * index:3 * index + 3]
        specs.append(NodeSpec(name=name, role=role, http_port=http, p2p_port=p2p,
                              auth_port=auth, enode=enode(key, p2p), signer=signer))
    deployer = create_keystore(root / "deployer.json", password, scrypt_n=SCRYPT_N).address
    genesis = clique_genesis(spec.chain_id, signers=[s.signer for s in specs if s.signer],
                             alloc={deployer: DEPLOYER_FUNDS}, period=spec.period,
                             gas_limit=spec.gas_limit)
    _write_json(root / "genesis.json", genesis)
    for node in specs:
        others = ", ".join(json.dumps(o.enode) for o in specs if o.name != node.name)
        (root / "nodes" / node.name / "config.toml").write_text(
            f"[Node.P2P]\nStaticNodes = [{others}]\n")
    _geth_init(geth, root, [s.name for s in specs])
    from blokketen.chain.genesis import EVM_VERSION
    from blokketen.chain.geth import GETH_VERSION

    _write_json(root / "network.json", {
        "format": FORMAT_VERSION, "chainId": spec.chain_id, "period": spec.period,
        "gasLimit": spec.gas_limit, "signers": spec.signers, "rpcNodes": spec.rpc_nodes,
        "consensus": "clique", "evmVersion": EVM_VERSION, "geth": GETH_VERSION,
        "deployer": deployer, "nodes": [s.to_json() for s in specs],
    })


def _geth_init(geth: Path, root: Path, names: list[str]) -> None:
    procs = {name: subprocess.Popen(
        [str(geth), "--datadir", str(root / "nodes" / name), "init", str(root / "genesis.json")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for name in names}
    failures = []
    for name, proc in procs.items():
        out, _ = proc.communicate(timeout=120)
        if proc.returncode != 0:
            failures.append(f"{name}: {out.decode(errors='replace').strip()[-500:]}")
    if failures:
        raise NodeError("geth init failed: " + "; ".join(failures))


def _free_ports(count: int) -> list[int]:
    """``count`` distinct free ports below the kernel's ephemeral range, where no outgoing
    connection takes them while the network is stopped (a network keeps its ports)."""
    import random

    low = EPHEMERAL_LOW
    with contextlib.suppress(OSError, ValueError, IndexError):
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    candidates = list(range(PORT_FLOOR, max(PORT_FLOOR + 1000, low)))
    random.shuffle(candidates)
    ports = [p for p in candidates[:count * 20] if port_is_free(p)][:count]
    while len(ports) < count:  # a crowded range: fall back to ports the kernel picks
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    tmp.replace(path)


def _project_geth() -> Path:
    from blokketen.chain.geth import ensure_geth
    from blokketen.project import Project

    return ensure_geth(Project.find().root).path


# -- the supervising process's record (run.json) -----------------------------------------
def process_start_time(pid: int) -> str | None:
    """The kernel's start time of ``pid`` (tells a live process from a reused pid)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    if fields[0] == "Z":
        return None
    return fields[19]


def write_run_state(folder: Path, state: str, *, nodes: dict[str, int] | None = None,
                    error: str | None = None) -> None:
    pid = os.getpid()
    record: dict[str, Any] = {"pid": pid, "started": process_start_time(pid), "state": state}
    if nodes:
        record["nodes"] = nodes
        record["node_started"] = {n: process_start_time(p) for n, p in nodes.items()}
    if error:
        record["error"] = error
    _write_json(folder / "run.json", record)


def read_run_state(folder: Path) -> dict[str, Any] | None:
    path = Path(folder) / "run.json"
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return data


def running_state(folder: Path) -> dict[str, Any] | None:
    """run.json if the process it names is still that process, else None."""
    data = read_run_state(folder)
    if data is None:
        return None
    started = process_start_time(int(data["pid"]))
    if started is None or started != data.get("started"):
        return None
    return data
