"""Competences pilot figures: gas per operation, gas per batch and per learner (100, 1,000 and
10,000 learners per batch), proof and presentation sizes, and presentations verified per
second on the benchmark set of the pilot proposal (100 schools x 200 learners x 20-40 claims,
5 % self-declared, 1 % revoked, 1 % suspended, 5 % of batches rejected).

Run: ``.venv/bin/python benchmarks/competence_bench.py [--schools N] [--learners N]``
(starts its own anvil; defaults 100 and 200, the full set). The recorded output is in
``benchmarks/competence_bench.txt``.

Verification is the client's full verifier (code check, proofs, status on chain, holder
signature), side by side: one presentation per round trip (``verify``) against many per
JSON-RPC batch (``verify_many``, one batch of status calls per 100 presentations).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import time
from pathlib import Path

from eth_keys.datatypes import PrivateKey

from blokketen.chain import Chain, LocalNode
from blokketen.competence.claims import Claim
from blokketen.competence.client import CompetenceRegistry, present
from blokketen.competence.credentials import LearnerEntry, prepare_batch
from blokketen.competence.receipts import batch_receipts
from blokketen.competence.samples import learner_key, sample_claims, sample_learners
from blokketen.competence.types import ADMIN_DELAY, VALIDATION_WINDOW, Reason, Verdict
from blokketen.project import Project
from blokketen.toolchain.compiler import compile_project
from blokketen.toolchain.settings import EVM_VERSION, OPTIMIZER_RUNS, SOLC_VERSION

HERE = Path(__file__).resolve().parent
SIZES = (100, 1_000, 10_000)
AUDIENCE = "did:web:werkgever.be"
NONCE = "bench-1"


def _view_gas(chain: Chain, registry: CompetenceRegistry, fn: str, *args: object) -> int:
    data = registry.encode(fn, *args)
    return int(chain.rpc("eth_estimateGas", [{"to": registry.address,
                                               "data": "0x" + data.hex()}]), 16)


def _deploy(chain: Chain, store: object) -> tuple[CompetenceRegistry, int]:
    admin = chain.dev_accounts(1)[0]
    registry = CompetenceRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY,
                                         VALIDATION_WINDOW, store=store)
    block = chain.rpc("eth_getBlockByNumber", [hex(chain.block_number), False])
    receipt = chain.rpc("eth_getTransactionReceipt", [block["transactions"][0]])
    return registry, int(receipt["gasUsed"], 16)


def _setup(registry: CompetenceRegistry, chain: Chain, schools: int) -> list[object]:
    """Roles: accreditor 1, VDAB 2, exam board 3; schools from dev account 10 on."""
    accounts = chain.dev_accounts(10 + schools)
    registry.grant_role("ACCREDITOR_ROLE", accounts[1].address)
    registry.grant_role("REVOKER_ROLE", accounts[3].address)
    registry.grant_validator(accounts[2].address)
    accreditor = registry.as_sender(accounts[1])
    for number, school in enumerate(accounts[10:10 + schools]):
        accreditor.accredit(school.address, institution=30000 + number,
                            framework="competent:2.0", min_level=2, max_level=4)
    return accounts


def per_operation(chain: Chain, store: object) -> list[tuple[str, int]]:
    registry, deployed = _deploy(chain, store)
    admin = chain.dev_accounts(1)[0]
    rows = [("deploy CompetenceRegistry", deployed)]
    accounts = chain.dev_accounts(12)
    rows.append(("grantRole (accreditor)",
                 registry.grant_role("ACCREDITOR_ROLE", accounts[1].address).gas_used))
    rows.append(("grantWindow (validator)",
                 registry.grant_validator(accounts[2].address).gas_used))
    registry.grant_role("REVOKER_ROLE", accounts[3].address)
    rows.append(("accredit (3 levels)", registry.as_sender(accounts[1]).accredit(
        accounts[10].address, institution=32151, framework="competent:2.0", min_level=2,
        max_level=4).gas_used))
    school, vdab, board = (registry.as_sender(accounts[i]) for i in (10, 2, 3))
    prepared = prepare_batch(sample_learners(100, claims=20, seed=1))
    rows.append(("proposeBatch (100 learners)", school.propose(prepared).gas_used))
    receipts = batch_receipts(prepared, registry=registry.address, chain_id=chain.chain_id)
    rows.append(("validateBatch", vdab.validate(prepared.root).gas_used))
    rows.append(("status (view, batch of 100, active)", _view_gas(
        chain, registry, "status", receipts[2].batch_root, receipts[2].credential_root,
        list(receipts[2].batch_proof))))
    other = prepare_batch(sample_learners(10, claims=5, seed=2))
    school.propose(other)
    rows.append(("rejectBatch", vdab.reject(other.root, Reason.ASSESSMENT_INVALID).gas_used))
    rows.append(("suspendCredential (batch of 100)",
                 vdab.suspend(receipts[0], Reason.UNDER_INVESTIGATION).gas_used))
    rows.append(("reinstateCredential", vdab.reinstate(receipts[0]).gas_used))
    rows.append(("revokeCredential (batch of 100)",
                 board.revoke(receipts[1], Reason.FRAUD).gas_used))
    rows.append(("suspendBatch", vdab.suspend_batch(prepared.root).gas_used))
    rows.append(("reinstateBatch", vdab.reinstate_batch(prepared.root).gas_used))
    rows.append(("revokeBatch", board.revoke_batch(prepared.root, Reason.FRAUD).gas_used))
    del admin
    return rows


def per_batch_size(chain: Chain, store: object, sizes: tuple[int, ...] = SIZES
                   ) -> list[tuple[int, int, float, int, int, float]]:
    """(learners, propose gas, gas per learner, batch proof length, status view gas, prepare
    seconds) per batch size; 20 claims per learner from a curriculum of 200 outcomes."""
    registry, _ = _deploy(chain, store)
    accounts = _setup(registry, chain, 1)
    school = registry.as_sender(accounts[10])
    vdab = registry.as_sender(accounts[2])
    pool = sample_claims(200, seed=7)
    rng = random.Random(7)
    rows = []
    for size in sizes:
        entries = [LearnerEntry(holder=f"0x{rng.getrandbits(160):040x}",
                                claims=tuple(rng.sample(pool, 20))) for _ in range(size)]
        started = time.perf_counter()
        prepared = prepare_batch(entries)
        seconds = time.perf_counter() - started
        gas = school.propose(prepared).gas_used
        vdab.validate(prepared.root)
        receipt = batch_receipts(prepared, registry=registry.address,
                                 chain_id=chain.chain_id)[0]
        status_gas = _view_gas(chain, registry, "status", receipt.batch_root,
                               receipt.credential_root, list(receipt.batch_proof))
        rows.append((size, gas, gas / size, len(receipt.batch_proof), status_gas, seconds))
    return rows


def sizes() -> list[tuple[str, str]]:
    """Proof and presentation sizes for 32 claims (64 leaves) in a batch of 1,000."""
    entries = sample_learners(1, claims=32, seed=8)
    filler = [LearnerEntry(holder=f"0x{n + 1:040x}", claims=entries[0].claims[:1])
              for n in range(999)]
    prepared = prepare_batch([*entries, *filler])
    receipt = batch_receipts(prepared, registry="0x" + "11" * 20, chain_id=31337)[0]
    rows = [("claim proof (32 claims -> 64 leaves)",
             f"{len(receipt.claims[0].proof)} x 32 B = {32 * len(receipt.claims[0].proof)} B"),
            ("batch proof (1,000 learners)",
             f"{len(receipt.batch_proof)} x 32 B = {32 * len(receipt.batch_proof)} B")]
    for shown in (1, 3, 5):
        item = present(receipt, disclose=[c.index for c in receipt.claims[:shown]],
                       audience=AUDIENCE, nonce=NONCE, key=learner_key(8, 0),
                       issued_at=int(time.time()))
        data = item.as_dict()
        hashes = len(item.batch_proof) + len(item.holder_proof) + sum(
            len(d.proof) for d in item.disclosed)
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
        rows.append((f"presentation, {shown} of 32 claims disclosed",
                     f"{hashes} hashes ({32 * hashes} B binary), JSON {len(text):,} B"))
    receipt_text = json.dumps(receipt.as_dict(), separators=(",", ":")).encode()
    rows.append(("holder receipt (32 claims)", f"JSON {len(receipt_text):,} B"))
    return rows


def benchmark_set(chain: Chain, store: object, schools: int, learners: int
                  ) -> dict[str, object]:
    """The proposal's set: schools x learners x 20-40 claims; 5 % self-declared claims,
    1 % of credentials revoked and 1 % suspended, 5 % of batches rejected. Verify one
    presentation (3 claims) per learner, one at a time and in batches of 100."""
    registry, _ = _deploy(chain, store)
    accounts = _setup(registry, chain, schools)
    vdab = registry.as_sender(accounts[2])
    board = registry.as_sender(accounts[3])
    rng = random.Random(2026)
    pool: list[Claim] = sample_claims(400, seed=9, self_declared=0.05)
    started = time.perf_counter()
    held = []
    propose_gas = 0
    rejected = set(rng.sample(range(schools), max(1, schools * 5 // 100)))
    for number in range(schools):
        entries = []
        keys = []
        for learner in range(learners):
            key = learner_key(number, learner)
            holder = PrivateKey(key).public_key.to_checksum_address()
            entries.append(LearnerEntry(holder=holder,
                                        claims=tuple(rng.sample(pool, rng.randint(20, 40)))))
            keys.append(key)
        prepared = prepare_batch(entries)
        propose_gas += registry.as_sender(accounts[10 + number]).propose(prepared).gas_used
        if number in rejected:
            vdab.reject(prepared.root, Reason.EVIDENCE_INSUFFICIENT)
        else:
            vdab.validate(prepared.root)
        receipts = batch_receipts(prepared, registry=registry.address, chain_id=chain.chain_id)
        held.extend(zip(receipts, keys, [number in rejected] * len(receipts), strict=True))
        if (number + 1) % 10 == 0:
            print(f"  ... {number + 1} of {schools} schools proposed "
                  f"({time.perf_counter() - started:.0f} s)", flush=True)
    anchored = time.perf_counter() - started
    validated = [i for i, (_, _, bad) in enumerate(held) if not bad]
    marked = rng.sample(validated, max(2, len(held) * 2 // 100))
    for n, index in enumerate(marked):
        receipt = held[index][0]
        if n % 2:
            board.revoke(receipt, Reason.FRAUD)
        else:
            vdab.suspend(receipt, Reason.UNDER_INVESTIGATION)
    issued_at = int(time.time())
    started = time.perf_counter()
    presentations = [present(r, disclose=[c.index for c in r.claims[:3]], audience=AUDIENCE,
                             nonce=NONCE, key=k, issued_at=issued_at) for r, k, _ in held]
    signing = time.perf_counter() - started
    sample = presentations[:200]
    started = time.perf_counter()
    single = [registry.verify(p, audience=AUDIENCE, nonce=NONCE, now=issued_at)
              for p in sample]
    one_by_one = len(sample) / (time.perf_counter() - started)
    started = time.perf_counter()
    verdicts = []
    for first in range(0, len(presentations), 100):
        verdicts.extend(registry.verify_many(presentations[first:first + 100],
                                             audience=AUDIENCE, nonce=NONCE, now=issued_at))
    batched = len(presentations) / (time.perf_counter() - started)
    assert [v.verdict for v in single] == [v.verdict for v in verdicts[:200]]
    counts: dict[str, int] = {}
    for verdict in verdicts:
        counts[verdict.verdict.value] = counts.get(verdict.verdict.value, 0) + 1
    self_declared = sum(len(v.self_declared_claims) for v in verdicts)
    return {
        "schools": schools, "learners": len(held),
        "claims": sum(len(r.claims) for r, _, _ in held),
        "anchor_seconds": anchored, "propose_gas_total": propose_gas,
        "signing_per_second": len(presentations) / signing,
        "verify_one_per_second": one_by_one, "verify_batched_per_second": batched,
        "verdicts": counts, "self_declared_disclosed": self_declared,
        "valid": counts.get(Verdict.VALID.value, 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES),
                        help="batch sizes for the gas per learner (default 100,1000,10000)")
    args = parser.parse_args()
    project = Project.find()
    store = compile_project(project).store
    lines: list[str] = []

    def say(*new: str) -> None:  # print and record as we go: a long run shows its progress
        for line in new:
            print(line, flush=True)
            lines.append(line)
        (HERE / "competence_bench.txt").write_text("\n".join(lines) + "\n")

    say(f"CompetenceRegistry figures (solc {SOLC_VERSION}, {EVM_VERSION}, optimizer "
        f"{OPTIMIZER_RUNS} runs, anvil; Python {platform.python_version()})", "")
    with LocalNode(project_root=project.root, accounts=10 + args.schools) as node:
        chain = Chain.connect(node.url)
        say("gas per operation", f"{'operation':<40} {'gas used':>10}", "-" * 51)
        say(*(f"{name:<40} {gas:>10,}" for name, gas in per_operation(chain, store)))
        say("", "gas per batch and per learner (20 claims each)",
            f"{'learners':>9} | {'propose gas':>11} | {'gas/learner':>11} | "
            f"{'proof len':>9} | {'status view':>11} | {'prepare s':>9}", "-" * 76)
        chosen = tuple(int(n) for n in args.sizes.split(","))
        for size, gas, each, proof, view, seconds in per_batch_size(chain, store, chosen):
            say(f"{size:>9,} | {gas:>11,} | {each:>11,.1f} | {proof:>9} | "
                f"{view:>11,} | {seconds:>9.2f}")
        say("", "sizes", *(f"{name:<42} {value}" for name, value in sizes()))
        result = benchmark_set(chain, store, args.schools, args.learners)
    say("", f"benchmark set: {result['schools']} schools x {args.learners} learners "
        f"x 20-40 claims = {result['learners']:,} learners, {result['claims']:,} claims",
        f"  prepared, proposed and decided in {result['anchor_seconds']:.0f} s; "
        f"propose gas in total {result['propose_gas_total']:,}",
        f"  presentations signed per second: {result['signing_per_second']:,.0f}",
        f"  verified per second, one per round trip: {result['verify_one_per_second']:,.1f}",
        f"  verified per second, batches of 100:     "
        f"{result['verify_batched_per_second']:,.1f}",
        f"  verdicts: {result['verdicts']}",
        f"  self-declared claims reported among the disclosed: "
        f"{result['self_declared_disclosed']:,}")


if __name__ == "__main__":
    main()
