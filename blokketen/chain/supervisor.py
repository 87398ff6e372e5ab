"""The process that keeps a local network running after `blokketen network up` returns.

`network up` starts `blokketen network serve` in a session of its own (:func:`start_detached`).
That process, the supervisor, runs :func:`serve`: it starts the nodes as its children (they
die with it, even on SIGKILL), records itself in ``run.json`` and waits for SIGTERM/SIGINT
(what `network down` sends, :func:`stop_running`); then it stops every node cleanly and
removes ``run.json``. ``up --foreground`` runs the same loop in the command's own process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from blokketen._exceptions import BlokketenError, NodeError
from blokketen.chain.network import (
    LocalNetwork,
    process_start_time,
    read_run_state,
    running_state,
    write_run_state,
)

STARTUP_TIMEOUT = 180.0


def serve(folder: Path, *, timeout: float = STARTUP_TIMEOUT,
          on_ready: Any = None) -> None:
    """Start the network in ``folder``, keep it up until SIGTERM or SIGINT, then stop it.
    A start that fails (or is stopped) raises, after recording why in run.json."""
    phase = {"starting": True, "stop": False}

    def _stop(*_: Any) -> None:
        phase["stop"] = True
        if phase["starting"]:
            raise KeyboardInterrupt  # abandon the start: the nodes are stopped below

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    network = LocalNetwork(folder)
    write_run_state(network.folder, "starting")
    try:
        try:
            network.start(timeout=timeout)
        except BlokketenError as err:
            write_run_state(network.folder, "failed", error=str(err))
            raise
        except KeyboardInterrupt:
            write_run_state(network.folder, "failed", error="stopped before the nodes agreed")
            raise NodeError("the network was stopped before its nodes agreed") from None
        phase["starting"] = False
        write_run_state(network.folder, "running", nodes=network.pids)
        if on_ready is not None:
            on_ready(network)
        while not phase["stop"]:
            time.sleep(0.2)
        network.stop()
        (network.folder / "run.json").unlink(missing_ok=True)
    finally:
        network.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def start_detached(folder: Path, command: list[str], *,
                   timeout: float = STARTUP_TIMEOUT) -> dict[str, Any]:
    """Start ``command`` (a process that runs :func:`serve` for ``folder``) in the
    background and wait until the network is running (the run.json it wrote) or it failed
    (NodeError with its reason)."""
    folder = Path(folder).resolve()
    if running_state(folder) is not None:
        raise NodeError(f"the network in {folder} is running already")
    (folder / "run.json").unlink(missing_ok=True)
    log = folder / "logs" / "supervisor.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # outlives this command, on purpose: `down` stops it
        )
    deadline = time.monotonic() + timeout + 30
    try:
        while True:
            state = read_run_state(folder)
            if state is not None and state.get("pid") == process.pid:
                if state["state"] == "running":
                    return state
                if state["state"] == "failed":
                    process.wait(30)
                    raise NodeError(str(state.get("error")))
            if process.poll() is not None:
                tail = log.read_text(errors="replace").strip()[-800:]
                raise NodeError(f"the network supervisor exited (code {process.returncode}): "
                                f"{tail}")
            if time.monotonic() > deadline:
                raise NodeError(f"the network did not start within {timeout:.0f} s")
            time.sleep(0.1)
    except BaseException:
        # Ctrl-C or a failure while waiting: a network half started is stopped, not left.
        if process.poll() is None:
            os.kill(process.pid, signal.SIGTERM)
            process.wait(60)
        raise


def stop_running(folder: Path, *, timeout: float = 60.0) -> bool:
    """Ask the supervisor of ``folder`` to stop the network and wait until its nodes are
    gone. Returns False when nothing was running."""
    folder = Path(folder).resolve()
    state = running_state(folder)
    if state is None:
        _reap_leftovers(folder)
        return False
    pid = int(state["pid"])
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while process_start_time(pid) == state["started"]:
        if time.monotonic() > deadline:
            raise NodeError(f"the network supervisor (pid {pid}) did not stop within "
                            f"{timeout:.0f} s")
        time.sleep(0.1)
    _reap_leftovers(folder)
    return True


def _reap_leftovers(folder: Path) -> None:
    """Nodes that a vanished supervisor left (the kernel should have stopped them): stop
    those that are still the processes run.json names, then forget run.json."""
    state = read_run_state(folder)
    if state is None:
        return
    started = state.get("node_started", {})
    for name, pid in state.get("nodes", {}).items():
        if started.get(name) and process_start_time(int(pid)) == started[name]:
            try:
                os.killpg(int(pid), signal.SIGINT)
            except ProcessLookupError:
                continue
            deadline = time.monotonic() + 20
            while process_start_time(int(pid)) == started[name]:
                if time.monotonic() > deadline:
                    os.killpg(int(pid), signal.SIGKILL)
                    break
                time.sleep(0.1)
    (folder / "run.json").unlink(missing_ok=True)
