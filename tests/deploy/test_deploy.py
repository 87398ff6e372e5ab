"""Deployments: manifest contents, reuse, replacement with history, chain-reset detection."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from blokketen import _exceptions as exc
from blokketen.chain import Chain, LocalNode
from blokketen.deploy import Deployer, Manifest
from blokketen.toolchain.artifacts import Artifact, ArtifactStore


@pytest.fixture
def fresh_chain():
    with LocalNode() as node:
        yield Chain.connect(node.url)


def _deployer(chain, store, folder, **kw):
    manifest = Manifest.load(folder, chain.chain_id)
    return Deployer(chain, chain.dev_accounts(1)[0], store, manifest, **kw)


def test_manifest_records_everything_and_lives_in_local_for_dev_chains(
    fresh_chain, test_contracts, tmp_path
):
    deployer = _deployer(fresh_chain, test_contracts, tmp_path)
    poster = fresh_chain.dev_accounts(2)[1].address
    result = deployer.deploy("Noticeboard", ("Board", poster))
    assert result.outcome == "deployed"
    path = tmp_path / "local" / "31337.json"
    data = json.loads(path.read_text())
    entry = data["contracts"]["Noticeboard"]
    assert entry["address"] == result.record.address
    assert entry["constructor_args"] == ["Board", poster]
    assert entry["deployer"] == fresh_chain.dev_accounts(1)[0].address
    assert entry["compiler"]["settings"]["evmVersion"] == "shanghai"
    for key in ("tx_hash", "block", "code_hash", "source_hash", "deployed_at"):
        assert entry[key]
    assert entry["deployed_at"].endswith("Z")
    assert not list(tmp_path.glob("**/*.tmp"))  # atomic write left no temp file


def test_unchanged_artifact_is_reused_and_a_change_deploys_anew(
    fresh_chain, test_contracts, tmp_path
):
    poster = fresh_chain.dev_accounts(2)[1].address
    first = _deployer(fresh_chain, test_contracts, tmp_path).deploy("Noticeboard", ("B", poster))
    again = _deployer(fresh_chain, test_contracts, tmp_path).deploy("Noticeboard", ("B", poster))
    assert again.outcome == "reused" and again.record == first.record
    other_args = _deployer(fresh_chain, test_contracts, tmp_path).deploy(
        "Noticeboard", ("C", poster))
    assert other_args.outcome == "replaced"
    manifest = Manifest.load(tmp_path, fresh_chain.chain_id)
    assert manifest.contracts["Noticeboard"].address == other_args.record.address
    assert [h.address for h in manifest.history] == [first.record.address]


def test_changed_bytecode_deploys_anew(fresh_chain, test_contracts, tmp_path):
    poster = fresh_chain.dev_accounts(2)[1].address
    first = _deployer(fresh_chain, test_contracts, tmp_path).deploy("Noticeboard", ("B", poster))
    original = test_contracts.get("Noticeboard")
    changed_store = ArtifactStore(tmp_path / "changed")
    # The same contract with different metadata bytes: a different artifact.
    bytecode = original.bytecode[:-4] + ("00" if original.bytecode[-4:-2] != "00" else "01")
    bytecode += original.bytecode[-2:]
    changed_store.write([Artifact(**{**original.__dict__, "bytecode": bytecode})])
    result = _deployer(fresh_chain, changed_store, tmp_path).deploy("Noticeboard", ("B", poster))
    assert result.outcome == "replaced" and result.record.address != first.record.address


def test_reset_dev_chain_is_detected_and_redeployed(test_contracts, tmp_path):
    messages: list[str] = []
    with LocalNode() as node:
        chain = Chain.connect(node.url)
        poster = chain.dev_accounts(2)[1].address
        _deployer(chain, test_contracts, tmp_path).deploy("Noticeboard", ("B", poster))
    with LocalNode() as node:  # a new chain with the same id: the old manifest is stale
        chain = Chain.connect(node.url)
        deployer = _deployer(chain, test_contracts, tmp_path, report=messages.append)
        assert deployer.state(deployer.manifest.contracts["Noticeboard"]) == "missing"
        result = deployer.deploy("Noticeboard", ("B", poster))
    assert result.outcome == "redeployed after reset"
    assert "was reset" in messages[0]


def test_reset_is_refused_on_a_real_network(test_contracts, tmp_path):
    from eth_account import Account

    with LocalNode(chain_id=4242) as node:
        chain = Chain.connect(node.url)
        account = Account.create()
        chain.set_balance(account.address, 10**20)
        manifest = Manifest.load(tmp_path, 4242)
        assert manifest.path == tmp_path / "4242.json"  # committed, not under local/
        Deployer(chain, account, test_contracts, manifest).deploy(
            "Noticeboard", ("B", account.address))
    with LocalNode(chain_id=4242) as node:
        chain = Chain.connect(node.url)
        chain.set_balance(account.address, 10**20)
        deployer = Deployer(chain, account, test_contracts, Manifest.load(tmp_path, 4242))
        with pytest.raises(exc.ChainResetDetected, match="not trusting it"):
            deployer.deploy("Noticeboard", ("B", account.address))


def test_corrupt_manifest_is_reported(tmp_path):
    path = Manifest.path_for(tmp_path, 31337)
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(exc.DeploymentError, match="not valid JSON"):
        Manifest.load(tmp_path, 31337)


def test_interval_mining_chain_without_unlocked_keys_with_confirmations(test_contracts, tmp_path):
    """A chain like a permissioned network: its own chain id, interval blocks, a keystore."""
    from blokketen.chain import create_keystore, load_keystore

    create_keystore(tmp_path / "key.json", "correct horse")
    account = load_keystore(tmp_path / "key.json", "correct horse")
    with pytest.raises(exc.AccountError, match="wrong password"):
        load_keystore(tmp_path / "key.json", "wrong")
    with LocalNode(chain_id=2018, automine=False, block_time=1, accounts=0) as node:
        chain = Chain.connect(node.url)
        assert chain.rpc("eth_accounts", []) == []
        chain.set_balance(account.address, 10**20)
        deployer = Deployer(chain, account, test_contracts, Manifest.load(tmp_path, 2018),
                            confirmations=2)
        result = deployer.deploy("Noticeboard", ("B", account.address))
        assert chain.block_number >= result.record.block + 1


def test_the_manifest_folder_follows_the_chains_own_answer(fresh_chain, tmp_path):
    """deployments/local/ for a local dev chain by the chain's own answer (a dev node on a
    dev chain id), not by the id alone: geth --dev and Besu's quickstart run on 1337 too."""
    assert fresh_chain.is_dev
    assert Manifest.for_chain(tmp_path, fresh_chain).path == tmp_path / "local" / "31337.json"
    quickstart = SimpleNamespace(chain_id=1337, is_dev=False)  # a dev id, not a dev node
    assert Manifest.for_chain(tmp_path, quickstart).path == tmp_path / "1337.json"
    assert Manifest.fresh(tmp_path, quickstart).path == tmp_path / "1337.json"
    assert Manifest.path_for(tmp_path, 1337) == tmp_path / "local" / "1337.json"  # id alone
