"""Local nodes: start, stop, no orphans, state across restarts, interval mining."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from blokketen import _exceptions as exc
from blokketen.chain import Chain, LocalNode


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split()[2] != "Z"


def _wait_gone(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("kind", ["anvil", "ganache"])
def test_start_answers_and_stop_leaves_no_process(kind):
    node = LocalNode(kind)
    with node:
        pid = node.pid
        chain = Chain.connect(node.url)
        assert chain.chain_id == (31337 if kind == "anvil" else 1337)
        assert chain.node_kind == kind and chain.is_dev
    assert pid is not None and _wait_gone(pid)


def test_exception_inside_the_block_stops_the_node():
    with pytest.raises(RuntimeError), LocalNode() as node:
        pid = node.pid
        raise RuntimeError("boom")
    assert pid is not None and _wait_gone(pid)


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGKILL])
def test_node_dies_with_its_parent(tmp_path, how):
    """Ctrl-C (SIGINT) or even SIGKILL of the Python process leaves no anvil behind."""
    pid_file = tmp_path / "pid"
    script = textwrap.dedent(f"""
        import signal, time
        from blokketen.chain import LocalNode
        # Ctrl-C as in a terminal, even when this test runs from a background job (which
        # starts its children with SIGINT ignored)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        node = LocalNode().start()
        open({str(pid_file)!r}, "w").write(str(node.pid))
        time.sleep(60)
    """)
    parent = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "node did not start"
        time.sleep(0.05)
    child = int(pid_file.read_text())
    assert _alive(child)
    parent.send_signal(how)
    parent.wait(60)
    assert _wait_gone(child), "the node outlived its parent"


def test_state_file_survives_a_restart(tmp_path):
    state = tmp_path / "state.json"
    with LocalNode(state_file=state) as node:
        chain = Chain.connect(node.url)
        admin, other = chain.dev_accounts(2)
        chain.set_balance(other.address, 12345)
        chain.mine(3)
        height = chain.block_number
    assert state.exists()
    with LocalNode(state_file=state) as node:
        chain = Chain.connect(node.url)
        assert chain.balance(other.address) == 12345
        assert chain.block_number >= height


def test_interval_mining_without_automine():
    with LocalNode(automine=False, block_time=1) as node:
        chain = Chain.connect(node.url)
        start = chain.block_number
        deadline = time.monotonic() + 30  # a bound for a loaded machine, not a speed claim
        while chain.block_number < start + 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert chain.block_number >= start + 2


def test_a_node_that_cannot_start_is_reported(tmp_path):
    with LocalNode() as first:
        with pytest.raises(exc.NodeError):
            LocalNode(port=first.port, startup_timeout=5).start()


def test_unknown_node_kind_is_refused():
    with pytest.raises(exc.ConfigurationError):
        LocalNode("geth")  # type: ignore[arg-type]
