"""Crashes part-way through a 5,000-parcel import: the re-run ends with each parcel once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from landkit import assert_on_chain_once, make_records

from blokketen.bulk import journal_path
from blokketen.chain import Chain, LocalNode
from blokketen.land import write_parcels_csv
from blokketen.land.client import LandRegistry
from blokketen.land.importer import DEFAULT_BATCH
from blokketen.land.pilot import ADMIN_DELAY
from blokketen.project import Project

COUNT = 5_000


def _deploy(chain: Chain) -> LandRegistry:
    admin, registrar = chain.dev_accounts(2)
    registry = LandRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
    registry.grant_role("registrar", registrar.address)
    return registry.as_sender(registrar)


SAVE_EVERY = 2
"""Seconds between the node's state saves (anvil --state-interval)."""


def _wait_saved(state_file, after: float) -> float:
    """Wait until the node has written its state file after ``after`` (an mtime); returns
    the new mtime."""
    deadline = time.monotonic() + 10
    while not (state_file.exists() and state_file.stat().st_mtime > after):
        assert time.monotonic() < deadline, "anvil never saved its state"
        time.sleep(0.005)
    return state_file.stat().st_mtime


def _last_confirmed_block(journal) -> int:
    """The block of the newest record the journal has as confirmed."""
    for line in reversed(journal.read_text(errors="replace").splitlines()):
        if '"confirmed"' in line:
            return int(json.loads(line)["block"])
    return -1


@pytest.mark.slow
@pytest.mark.parametrize("batch", [1, DEFAULT_BATCH])
def test_node_killed_and_restarted_from_older_state(bk_project, tmp_path, batch):
    """The node dies with blocks that its state file does not hold (records the journal
    has as confirmed), restarts from that older state, and the re-run sends them again."""
    state = tmp_path / "state.json"
    records = make_records(COUNT, "2100")
    journal = journal_path(tmp_path / "parcels.csv")
    node = LocalNode(state_file=state, state_interval=SAVE_EVERY).start()
    try:
        chain = Chain.connect(node.url)
        land = _deploy(chain)
        _wait_saved(state, 0)
        settled = 0
        saved: tuple[float, int] | None = None  # (seen when, chain head then)
        head_at_kill = 0

        def crash_after_a_save(count: int) -> None:
            """Part-way, wait for the node's next state save (it holds at most the blocks
            up to the head seen then); let the import go on until the journal has a record
            confirmed in a newer block, and kill the node well before its next save."""
            nonlocal settled, saved, head_at_kill
            settled += count
            if settled < 1_000 or node.process is None:
                return
            if saved is None or time.monotonic() - saved[0] > SAVE_EVERY / 2:
                _wait_saved(state, state.stat().st_mtime)
                saved = (time.monotonic(), chain.block_number)
            elif _last_confirmed_block(journal) > saved[1]:
                head_at_kill = chain.block_number
                node.kill()  # SIGKILL

        with pytest.raises(Exception):  # noqa: B017 - whatever the dead node makes the client raise
            land.import_parcels(records, journal=journal, batch_size=batch,
                                progress=crash_after_a_save)
        assert saved is not None and head_at_kill > saved[1]
        assert settled < COUNT
    finally:
        node.kill()
    with LocalNode(state_file=state, state_interval=SAVE_EVERY) as again:
        chain = Chain.connect(again.url)
        assert chain.block_number <= saved[1] < head_at_kill  # the newest blocks are gone
        land = LandRegistry(chain, land.address, sender=chain.dev_accounts(2)[1])
        restart = chain.block_number + 1
        summary = land.import_parcels(records, journal=journal, batch_size=batch)
        assert summary.complete and summary.skipped + summary.confirmed == COUNT
        # the journal had records confirmed that the restarted chain lacked: sent again
        assert summary.lost > 0 and summary.skipped > 0
        assert summary.sent == summary.confirmed >= summary.lost
        # Every parcel holds its data. Anvil's state file keeps the state but not every
        # old block's logs, so registrations are counted from the restart on: the re-run
        # registered exactly the parcels it did not skip, each once.
        assert_on_chain_once(land, records, events=False)
        again_keys = [e["capakey"] for e in land.events("ParcelRegistered", from_block=restart)]
        assert len(again_keys) == len(set(again_keys)) == summary.confirmed


@pytest.mark.slow
@pytest.mark.parametrize("batch", [1, DEFAULT_BATCH])
def test_importer_killed_part_way(bk_project, tmp_path, batch):
    records = make_records(COUNT, "2200")
    csv = tmp_path / "parcels.csv"
    write_parcels_csv(csv, records)
    journal = journal_path(csv)
    with LocalNode() as node:
        chain = Chain.connect(node.url)
        land = _deploy(chain)
        start = chain.block_number
        command = [sys.executable, "-m", "blokketen", "land", "import", str(csv),
                   "--network", node.url, "--address", land.address, "--dev-account", "1",
                   "--batch", str(batch), "--no-progress"]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        root = Project.find().root
        process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while _count(journal, "confirmed") < 1_000:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        process.kill()  # SIGKILL
        process.wait()
        assert _count(journal, "confirmed") < COUNT
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        assert f"{COUNT} records:" in done.stdout and "failed 0, conflicts 0" in done.stdout
        assert_on_chain_once(land, records, from_block=start)


def _count(path, event: str) -> int:
    """Records the journal has with ``event`` (a line per transaction: its keys)."""
    if not path.exists():
        return 0
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # the line being written
        if entry.get("event") == event:
            total += len(entry.get("keys", [])) or 1
    return total
