"""Woningpas benchmark: gas per operation side by side with the estimates of the domain notes
(pilots.md §3.3), and the benchmark set of pilots.md §3.5 imported and verified: dwellings
with 1-3 EPC versions each, 40 % with an asbestos attest, 5 % sold (30 % of them E or F), 1,000
mandates of which 10 % revoked. Imports go through the shared pipelined sender
(blokketen.bulk); verification is the client's bundle verifier (code check included).

Run: ``.venv/bin/python benchmarks/woningpas_bench.py [--dwellings N]`` (default 10,000;
starts its own anvil). The recorded output is benchmarks/woningpas_bench.txt.
"""

from __future__ import annotations

import argparse
import platform
import random
import time
from datetime import date, timedelta
from pathlib import Path

from eth_account import Account

from blokketen.bulk.pipeline import BulkSender, Job
from blokketen.chain import Chain, LocalNode
from blokketen.common.status import Reason
from blokketen.housing.dwellings import dwelling_ref
from blokketen.woningpas.bundle import AttestationReceipt, PassBundle
from blokketen.woningpas.client import DwellingPassRegistry, day_of, unix_day
from blokketen.woningpas.commitments import document_hash, holders_tree, reference_tree
from blokketen.woningpas.epc import label_of, ten_years_after
from blokketen.woningpas.types import ADMIN_DELAY, AttType, DwellingKind, EpcRecord, Scope

ESTIMATES = {
    "recordAttestation (first EPC of a dwelling)": 112_000,
    "recordAttestation (superseding EPC)": 115_000,
    "setReferenceEpc": 45_000,
    "revokeMandate": 45_000,
}
"""The gas the domain notes estimated ([D], pilots.md §3.3): the baseline of this design."""

KEY = bytes(range(32))


def epc_record(rng: random.Random, issued: date, serial: int) -> EpcRecord:
    score = rng.choice([rng.randrange(-20, 400), rng.randrange(401, 900)])
    return EpcRecord(f"{issued:%Y%m%d}-{serial:010d}-RES-1", issued, ten_years_after(issued),
                     score, label_of(score), "EPC bestaand", rng.randrange(1900, 2024))


def gas_table(chain: Chain, accounts: list, say) -> None:
    admin, registrar, veka, ovam, notary, landlord, owner, buyer = accounts
    reg = DwellingPassRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
    rows: list[tuple[str, int]] = []
    for role, who in (("registrar", registrar), ("epc_issuer", veka),
                      ("asbestos_issuer", ovam), ("notary", notary), ("supervisor", admin)):
        receipt = reg.grant_window(role, who.address)
    rows.append(("grantWindow (a role)", receipt.gas_used))
    r = dwelling_ref(KEY, "gas-1")
    office = reg.as_sender(registrar)
    rows.append(("registerDwelling", office.register_dwelling(r, kind=DwellingKind.HOUSE)
                 .gas_used))
    rows.append(("grantWindow (landlord of a dwelling)",
                 office.grant_window("landlord", landlord.address, scope=r).gas_used))
    receipt = office._transact("setHoldersRoot", r, holders_tree(r, [owner.address]).root)
    rows.append(("setHoldersRoot", receipt.gas_used))
    rng = random.Random(1)
    agency = reg.as_sender(veka)
    first = agency.record_epc(r, EpcRecord("20180101-0000000001-RES-1", date(2018, 1, 1),
                                           date(2028, 1, 1), 640, label_of(640), "EPC", 1960),
                              b"1")
    rows.append(("recordAttestation (first EPC of a dwelling)", first.chain_receipt.gas_used))
    second = agency.record_epc(r, epc_record(rng, date(2021, 5, 1), 2), b"2")
    rows.append(("recordAttestation (superseding EPC)", second.chain_receipt.gas_used))
    asb = reg.as_sender(ovam).attest(r, AttType.ASBESTOS, {"a": 1}, b"3",
                                     issued=date(2023, 1, 1), valid_until=date(2033, 1, 1))
    rows.append(("recordAttestation (asbestos)", asb.chain_receipt.gas_used))
    rows.append(("setReferenceEpc", reg.as_sender(landlord).set_reference_epc(
        r, 2022, second.attestation_id).gas_used))
    office.grant_window("landlord", landlord.address)  # the woonmaatschappij
    yearly = {dwelling_ref(KEY, f"social-{i}"): second.attestation_id for i in range(4_000)}
    root = reference_tree(2023, yearly).root
    rows.append(("setReferenceRoot (4,000 dwellings in one root)",
                 reg.as_sender(landlord)._transact("setReferenceRoot", 2023, root).gas_used))
    r2 = dwelling_ref(KEY, "gas-2")
    office.register_dwelling(r2)
    agency.record_epc(r2, EpcRecord("20220101-0000000003-RES-1", date(2022, 1, 1),
                                    date(2032, 1, 1), 640, label_of(640), "EPC", 1960), b"4")
    today = day_of(chain.timestamp())
    rows.append(("recordTransfer (starts the duty)",
                 reg.as_sender(notary).record_transfer(r2, today).gas_used))
    met = agency.record_epc(r2, EpcRecord(f"{today:%Y%m%d}-0000000004-RES-1", today,
                                          ten_years_after(today), 350, label_of(350), "EPC",
                                          1960), b"5")
    rows.append(("recordAttestation (EPC that meets the duty)", met.chain_receipt.gas_used))
    rows.append(("withdraw", reg.withdraw(asb.attestation_id, Reason.FRAUD).gas_used))
    tree = holders_tree(r, [owner.address])
    mandate, signature = reg.sign_mandate(owner, r, grantee=buyer.address,
                                          scope=Scope.EPC | Scope.ASBESTOS,
                                          valid_until=chain.timestamp() + 86_400 * 90)
    pending = reg.as_sender(buyer)._send("grantMandate", mandate.as_tuple(), owner.address,
                                         signature, list(tree.proof(tree.leaves[0])))
    rows.append(("grantMandate (relayed)", reg._wait(pending).gas_used))
    rows.append(("revokeMandate", reg.as_sender(owner).revoke_mandate(mandate.mandate_hash)
                 .gas_used))
    say("DwellingPassRegistry gas per operation (solc 0.8.37, shanghai, optimizer 200, anvil)")
    say(f"{'operation':<46}{'gas used':>10}{'estimate':>11}")
    say("-" * 67)
    for name, gas in rows:
        estimate = ESTIMATES.get(name)
        say(f"{name:<46}{gas:>10,}{(f'{estimate:,}' if estimate else '-'):>11}")


def benchmark_set(chain: Chain, accounts: list, dwellings: int, say) -> None:
    admin, registrar, veka, ovam, notary, landlord, owner, relayer = accounts
    rng = random.Random(2026)
    reg = DwellingPassRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY)
    for role, who in (("registrar", registrar), ("epc_issuer", veka),
                      ("asbestos_issuer", ovam), ("notary", notary)):
        reg.grant_window(role, who.address)
    refs = [dwelling_ref(KEY, str(6_000_000 + i)) for i in range(dwellings)]
    today = day_of(chain.timestamp())
    receipts: dict[bytes, list[AttestationReceipt]] = {r: [] for r in refs}
    epc_jobs: list[Job] = []
    asb_jobs: list[Job] = []
    labels: dict[bytes, int] = {}
    serial = 0
    for r in refs:
        previous = bytes(32)
        versions = rng.randint(1, 3)
        issued = today - timedelta(days=rng.randrange(300, 3000))
        for v in range(versions):
            serial += 1
            issued += timedelta(days=v and rng.randrange(30, 90))
            record = epc_record(rng, issued, serial)
            receipt = AttestationReceipt(AttType.EPC, r, rng.randbytes(32), record.canonical(),
                                         document_hash(b"epc %d" % serial))
            epc_jobs.append(Job(reg.encode(
                "recordAttestation", r, 1, receipt.commitment, unix_day(issued),
                unix_day(record.valid_until), record.score, int(record.label), previous),
                260_000, (f"epc-{serial}",)))
            previous = receipt.attestation_id
            labels[r] = int(record.label)
        receipts[r].append(receipt)
        if rng.random() < 0.4:
            issued = today - timedelta(days=rng.randrange(1, 1000))
            asb = AttestationReceipt(AttType.ASBESTOS, r, rng.randbytes(32), {"n": serial},
                                     document_hash(b"asb %d" % serial))
            asb_jobs.append(Job(reg.encode(
                "recordAttestation", r, 2, asb.commitment, unix_day(issued),
                unix_day(ten_years_after(issued)), 0, 0, bytes(32)), 200_000,
                (f"asb-{serial}",)))
            receipts[r].append(asb)
    reg_jobs = [Job(reg.encode("registerDwelling", r, 1, bytes(32)), 90_000, (f"d-{i}",))
                for i, r in enumerate(refs)]
    sold = rng.sample(refs, dwellings // 20)
    transfer_jobs = [Job(reg.encode("recordTransfer", r, unix_day(today)), 150_000, ("t",))
                     for r in sold]
    holders = [Account.create() for _ in range(min(1_000, dwellings // 2))]
    mandated = rng.sample(refs, len(holders))
    root_jobs = [Job(reg.encode("setHoldersRoot", r, holders_tree(r, [h.address]).root),
                     80_000, ("h",)) for r, h in zip(mandated, holders, strict=True)]

    def send(name: str, account, jobs: list[Job]) -> float:
        started = time.perf_counter()
        outcomes = BulkSender(chain, account, reg.address).run(jobs)
        seconds = time.perf_counter() - started
        failed = sum(1 for o in outcomes if o.receipt.status != 1)
        say(f"{name:<34}{len(jobs):>8,} tx {seconds:>8.1f} s {len(jobs) / seconds:>8,.0f} rec/s"
            + (f"  {failed} FAILED" if failed else ""))
        assert not failed and len(outcomes) == len(jobs)
        return seconds

    say(f"benchmark set: {dwellings:,} dwellings, {len(epc_jobs):,} EPC versions, "
        f"{len(asb_jobs):,} asbestos attests, {len(sold):,} sales, {len(holders):,} mandates")
    total = send("registerDwelling", registrar, reg_jobs)
    total += send("recordAttestation (EPC versions)", veka, epc_jobs)
    total += send("recordAttestation (asbestos)", ovam, asb_jobs)
    total += send("recordTransfer (5 % sold)", notary, transfer_jobs)
    total += send("setHoldersRoot (mandated dwellings)", registrar, root_jobs)
    started = time.perf_counter()
    mandate_jobs, hashes = [], []
    valid_until = chain.timestamp() + 365 * 86_400
    for r, holder in zip(mandated, holders, strict=True):
        mandate, signature = reg.sign_mandate(holder, r, grantee=relayer.address,
                                              scope=Scope.EPC | Scope.ASBESTOS,
                                              valid_until=valid_until, nonce=0)
        tree = holders_tree(r, [holder.address])
        mandate_jobs.append(Job(reg.encode("grantMandate", mandate.as_tuple(), holder.address,
                                           signature, list(tree.proof(tree.leaves[0]))),
                                200_000, ("m",)))
        hashes.append(mandate.mandate_hash)
    signing = time.perf_counter() - started
    say(f"{'signing mandates (EIP-712)':<34}{len(hashes):>8,}    {signing:>8.1f} s")
    total += send("grantMandate (relayed)", relayer, mandate_jobs)
    started = time.perf_counter()
    revokers = holders[: len(holders) // 10]
    for holder, digest in zip(revokers, hashes, strict=False):
        # each holder revokes its own mandate: a dev-chain balance, then one transaction
        # through the pipelined sender, which mines it itself
        chain.rpc("anvil_setBalance", [holder.address, hex(10**18)])
        job = Job(reg.encode("revokeMandate", digest), 80_000, ("r",))
        (outcome,) = BulkSender(chain, holder, reg.address).run([job])
        assert outcome.receipt.status == 1
    seconds = time.perf_counter() - started
    say(f"{'revokeMandate (10 %, one by one)':<34}{len(revokers):>8,} tx {seconds:>8.1f} s")
    imported = len(reg_jobs) + len(epc_jobs) + len(asb_jobs) + len(transfer_jobs) \
        + len(root_jobs) + len(mandate_jobs)
    say(f"{'import (pipelined)':<34}{imported:>8,} tx {total:>8.1f} s "
        f"{imported / total:>8,.0f} rec/s")
    started_duties = sum(1 for r in sold if labels[r] >= 6)
    say(f"sales of an E or F dwelling (renovation duty started): {started_duties}")

    started = time.perf_counter()
    valid = 0
    for r in refs:
        verdict = reg.verify(PassBundle(chain.chain_id, reg.address, r, tuple(receipts[r])),
                             at=today)
        valid += verdict.valid
    seconds = time.perf_counter() - started
    say(f"{'verify bundles (code check + 1 block)':<34}{dwellings:>8,}    {seconds:>8.1f} s "
        f"{dwellings / seconds:>8,.0f} bundles/s ({valid:,} valid)")
    assert valid == dwellings
    duties = sum(1 for r in sold if reg.renovation(r).state.name == "STARTED")
    assert duties == started_duties, (duties, started_duties)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dwellings", type=int, default=10_000)
    options = parser.parse_args()
    out: list[str] = []

    def say(line: str) -> None:
        print(line, flush=True)
        out.append(line)

    say(f"# woningpas_bench: Python {platform.python_version()}, {platform.machine()}, anvil")
    with LocalNode() as node:
        chain = Chain.connect(node.url)
        accounts = chain.dev_accounts(8)
        gas_table(chain, accounts, say)
        say("")
        benchmark_set(chain, accounts, options.dwellings, say)
    Path(__file__).with_suffix(".txt").write_text("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
