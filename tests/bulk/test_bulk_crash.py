"""Crashes part-way through a 5,000-parcel import: the re-run ends with each parcel once."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from bulkkit import assert_on_chain_once, make_records

from blokketen.bulk import journal_path, write_parcels_csv
from blokketen.chain import Chain, LocalNode
from blokketen.clients.land import LandRegistry
from blokketen.project import Project

COUNT = 5_000


def _deploy(chain: Chain) -> LandRegistry:
    admin, registrar = chain.dev_accounts(2)
    registry = LandRegistry.deploy(chain, admin, admin.address)
    registry.grant_role("registrar", registrar.address)
    return registry.as_sender(registrar)


def _wait_saved(state_file, after: float) -> None:
    deadline = time.monotonic() + 10
    while not (state_file.exists() and state_file.stat().st_mtime > after):
        assert time.monotonic() < deadline, "anvil never saved its state"
        time.sleep(0.1)


@pytest.mark.slow
def test_node_killed_and_restarted_from_older_state(bk_project, tmp_path):
    state = tmp_path / "state.json"
    records = make_records(COUNT, "2100")
    journal = journal_path(tmp_path / "parcels.csv")
    node = LocalNode(state_file=state, state_interval=1).start()
    try:
        land = _deploy(Chain.connect(node.url))
        _wait_saved(state, time.time())
        settled = 0
        head_at_kill = 0

        def crash_part_way(count: int) -> None:
            nonlocal settled, head_at_kill
            settled += count
            if settled >= 2_000 and node.process is not None:
                head_at_kill = land.chain.block_number
                node.kill()

        with pytest.raises(Exception):  # noqa: B017 - whatever the dead node makes the client raise
            land.import_parcels(records, journal=journal, batch_size=1, progress=crash_part_way)
        assert settled >= 2_000
    finally:
        node.kill()
    with LocalNode(state_file=state, state_interval=1) as again:
        chain = Chain.connect(again.url)
        assert chain.block_number <= head_at_kill
        land = LandRegistry(chain, land.address, sender=chain.dev_accounts(2)[1])
        restart = chain.block_number + 1
        summary = land.import_parcels(records, journal=journal, batch_size=1)
        assert summary.complete and summary.skipped + summary.confirmed == COUNT
        assert summary.skipped > 0 and summary.sent == summary.confirmed
        # Every parcel holds its data. Anvil's state file keeps the state but not every
        # old block's logs, so registrations are counted from the restart on: the re-run
        # registered exactly the parcels it did not skip, each once.
        assert_on_chain_once(land, records, events=False)
        again_keys = [e["capakey"] for e in land.events("ParcelRegistered", from_block=restart)]
        assert len(again_keys) == len(set(again_keys)) == summary.confirmed


@pytest.mark.slow
def test_importer_killed_part_way(bk_project, tmp_path):
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
                   "--batch", "1", "--no-progress"]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        root = Project.find().root
        process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while _count(journal, '"confirmed"') < 1_500:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.02)
        process.kill()  # SIGKILL
        process.wait()
        assert _count(journal, '"confirmed"') < COUNT
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        assert f"{COUNT} records:" in done.stdout and "failed 0, conflicts 0" in done.stdout
        assert_on_chain_once(land, records, from_block=start)


def _count(path, needle: str) -> int:
    if not path.exists():
        return 0
    return path.read_text(errors="replace").count(needle)
