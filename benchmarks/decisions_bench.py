"""Local decisions (LBLOD): gas per operation side by side with the estimates of the design
note, the Python work per page and per decision, and one year of Flanders.

Run: ``.venv/bin/python benchmarks/decisions_bench.py`` (starts its own anvil). The recorded
output is in ``benchmarks/decisions_bench.txt``.

- Gas: every state change once, in the pilot's order, on a fresh registry. The baseline
  column holds the design note's derived estimates (domain note on the pilots, section 4.3,
  marked [D]: derived, never measured).
- Python: reading a sample page (RDFa parse, SHACL check, split, RDFC-1.0 per decision,
  leaves, root), canonicalising decision subgraphs alone, building roots, and the verifier's
  time per decision against anvil (eth_calls included).
- One year of Flanders at the volume of the note (285 municipalities, about 790,000 decisions
  in about 67,000 signed documents, one checkpoint an hour): gas from the measured figures,
  and Python time extrapolated linearly from the measured per-decision and per-document times
  (printed as such).
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

from eth_utils import keccak
from rdflib import Literal, URIRef

from blokketen.chain import Chain, LocalNode
from blokketen.common.leaves import MerkleTree
from blokketen.decisions import DocumentKind, read_page
from blokketen.decisions.canon import graph_hash
from blokketen.decisions.client import LocalDecisionRegistry
from blokketen.decisions.page import BESLUIT, ELI, PROV, decision_leaf
from blokketen.decisions.samples import COUNCIL, sample_path, sample_salts
from blokketen.decisions.types import ADMIN_DELAY
from blokketen.project import Project
from blokketen.toolchain.compiler import compile_project
from blokketen.toolchain.settings import EVM_VERSION, OPTIMIZER_RUNS, SOLC_VERSION

HERE = Path(__file__).resolve().parent
DL = DocumentKind.DECISION_LIST
MUNICIPALITIES = 285
DECISIONS_A_YEAR = 790_000
DOCUMENTS_A_YEAR = 67_000
CHECKPOINTS_A_YEAR = 8_760

BASELINE = {
    "anchorSignPublish (one transaction)": "125,000-135,000",
    "sign as chair (separate transaction)": "30,000-40,000",
    "sign as secretary (separate transaction)": "30,000-40,000",
    "annul one decision": "about 50,000",
    "checkpoint (first of a stream)": "45,000-50,000",
    "checkpoint (continuing)": "45,000-50,000",
}
"""The design note's derived estimates ([D]), for the rows it has one."""


def gas_rows(chain: Chain, store: object) -> list[tuple[str, int]]:
    admin, registrar, publisher, governor, chair, secretary, body_admin = chain.dev_accounts(7)
    registry = LocalDecisionRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY,
                                            store=store)
    block = chain.rpc("eth_getBlockByNumber", [hex(chain.block_number), False])
    receipt = chain.rpc("eth_getTransactionReceipt", [block["transactions"][0]])
    rows = [("deploy LocalDecisionRegistry", int(receipt["gasUsed"], 16))]
    registry.grant_role("registrar", registrar.address)
    registry.grant_role("publisher", publisher.address)
    registry.grant_role("supervisor", governor.address)
    abb = registry.as_sender(registrar)
    rows.append(("registerBody", abb.register_body(COUNCIL).gas_used))
    rows.append(("grantWindow (chair mandate)", abb.grant_mandate(
        COUNCIL, "chair", chair.address).gas_used))
    abb.grant_mandate(COUNCIL, "secretary", secretary.address)
    abb.grant_mandate(COUNCIL, "body-admin", body_admin.address)

    software = registry.as_sender(publisher)
    council = read_page(sample_path("gr-2026-02-24-besluitenlijst.html"))
    ref = software.ref(council, kind=DL)
    signatures = [registry.signature_of(key, software.sign_request(
        ref, council, role=role, signer=key.address))
        for role, key in (("chair", chair), ("secretary", secretary))]
    before = chain.block_number
    software.anchor_sign_publish(council, kind=DL, chair=signatures[0], secretary=signatures[1])
    tx = chain.rpc("eth_getBlockByNumber", [hex(before + 1), False])["transactions"][0]
    rows.append(("anchorSignPublish (one transaction)",
                 int(chain.rpc("eth_getTransactionReceipt", [tx])["gasUsed"], 16)))

    minutes = read_page(sample_path("gr-2026-02-24-notulen-v1.html"))
    minutes_ref = software.ref(minutes, kind=DocumentKind.MINUTES)
    rows.append(("anchor (new session document)", software._transact(
        "anchor", minutes_ref.as_tuple(), minutes.root, minutes.html_hash,
        minutes.session_start).gas_used))
    for role, key in (("chair", chair), ("secretary", secretary)):
        request = software.sign_request(minutes_ref, minutes, role=role, signer=key.address)
        rows.append((f"sign as {role} (separate transaction)", software.submit_signature(
            minutes_ref, role=role, signature=registry.signature_of(key, request)).gas_used))
    rows.append(("publish", software.publish(minutes_ref).gas_used))
    amended = read_page(sample_path("gr-2026-02-24-notulen-v2.html"))
    v2 = software.anchor(amended, kind=DocumentKind.MINUTES)
    for role, key in (("chair", chair), ("secretary", secretary)):
        registry.as_sender(key).sign(v2, amended, role=role, key=key)
    rows.append(("publish version 2 (supersedes version 1)", software.publish(v2).gas_used))
    supervisor = registry.as_sender(governor)
    uri = council.decisions[1].uri
    rows.append(("registerComplaint", supervisor.register_complaint(
        ref, council, uri, receipt_hash=keccak(text="ontvangst")).gas_used))
    rows.append(("annul one decision", supervisor.annul(
        ref, council, uri, decision_ref=keccak(text="besluit gouverneur")).gas_used))
    rows.append(("retract (by the body)", registry.as_sender(body_admin).retract(
        v2, reason=1, reason_hash=keccak(text="intrekking")).gas_used))
    stream = keccak(text="https://www.heuvelbeke.be/ldes/besluiten")
    head = bytes(32)
    for label, members in (("checkpoint (first of a stream)", 0),
                            ("checkpoint (continuing)", 1000)):
        before_block = chain.block_number
        head = software.checkpoint(stream, previous_head=head, from_member=members,
                                   to_member=members + 1000,
                                   members_root=keccak(text=f"members {members}"))
        tx = chain.rpc("eth_getBlockByNumber", [hex(before_block + 1), False])["transactions"][0]
        rows.append((label, int(chain.rpc("eth_getTransactionReceipt", [tx])["gasUsed"], 16)))
    status_data = registry.encode("decisionStatus", ref.as_tuple(),
                                  (council.decisions[0].uri_hash, council.decisions[0].graph_hash,
                                   bytes(32), True), list(council.proof(council.decisions[0].uri)))
    rows.append(("decisionStatus (view, proof of 2)", int(chain.rpc(
        "eth_estimateGas", [{"to": registry.address, "data": "0x" + status_data.hex()}]), 16)))
    return rows


def synthetic_decision(number: int) -> list[tuple[URIRef, URIRef, Literal | URIRef]]:
    """A decision subgraph of the size the samples have (title, language, description,
    motivation, content of a few hundred characters)."""
    subject = URIRef(f"http://data.lblod.info/id/besluiten/2026_GR_{number:05d}")
    text = (f"Artikel 1. Het college keurt dossier {number} goed. Artikel 2. De financiële "
            "dienst wordt belast met de uitvoering van dit besluit. ") * 3
    return [(subject, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), BESLUIT.Besluit),
            (subject, ELI.title, Literal(f"Besluit {number} over een dossier", lang="nl")),
            (subject, ELI.language, URIRef(
                "http://publications.europa.eu/resource/authority/language/NLD")),
            (subject, ELI.description, Literal("Korte beschrijving van het besluit.", lang="nl")),
            (subject, BESLUIT.motivering, Literal("Motivering: " + text[:200], lang="nl")),
            (subject, PROV.value, Literal(text, lang="nl"))]


def python_rows(chain: Chain, store: object) -> tuple[list[tuple[str, str]], dict[str, float]]:
    rows: list[tuple[str, str]] = []
    figures: dict[str, float] = {}
    path = sample_path("gr-2026-02-24-besluitenlijst-intern.html")
    salts = sample_salts()
    read_page(path, salts=salts)  # warm the shapes graph and imports
    runs = 10
    start = time.perf_counter()
    for _ in range(runs):
        page = read_page(path, salts=salts)
    per_page = (time.perf_counter() - start) / runs
    rows.append(("read a page: RDFa + SHACL + 4 decisions canonicalised + root",
                 f"{per_page * 1000:,.1f} ms"))
    figures["page"] = per_page

    count = 2000
    graphs = [synthetic_decision(i) for i in range(count)]
    start = time.perf_counter()
    leaves = [decision_leaf(str(g[0][0]), graph_hash(g), None) for g in graphs]
    per_decision = (time.perf_counter() - start) / count
    rows.append((f"RDFC-1.0 + sha256 + leaf, per decision ({count:,} decisions)",
                 f"{per_decision * 1e6:,.0f} µs"))
    figures["decision"] = per_decision

    per_document = DECISIONS_A_YEAR // DOCUMENTS_A_YEAR
    start = time.perf_counter()
    built = 0
    for first in range(0, count - per_document, per_document):
        MerkleTree.build(leaves[first:first + per_document])
        built += 1
    per_root = (time.perf_counter() - start) / built
    rows.append((f"Merkle root of one document ({per_document} leaves)",
                 f"{per_root * 1e6:,.0f} µs"))
    figures["root"] = per_root

    admin, registrar, publisher, _, chair, secretary = chain.dev_accounts(6)
    registry = LocalDecisionRegistry.deploy(chain, admin, admin.address, ADMIN_DELAY,
                                            store=store)
    registry.grant_role("registrar", registrar.address)
    registry.grant_role("publisher", publisher.address)
    abb = registry.as_sender(registrar)
    abb.register_body(COUNCIL)
    abb.grant_mandate(COUNCIL, "chair", chair.address)
    abb.grant_mandate(COUNCIL, "secretary", secretary.address)
    software = registry.as_sender(publisher)
    ref = software.ref(page, kind=DL)
    software.anchor_sign_publish(page, kind=DL, chair=registry.signature_of(
        chair, software.sign_request(ref, page, role="chair", signer=chair.address)),
        secretary=registry.signature_of(secretary, software.sign_request(
            ref, page, role="secretary", signer=secretary.address)))
    verifier = registry
    start = time.perf_counter()
    checks = 0
    for _ in range(5):
        for decision in page.decisions:
            assert verifier.verify(page, decision=decision.uri).valid
            checks += 1
    per_verify = (time.perf_counter() - start) / checks
    rows.append(("verify one decision of a read page (code check + eth_calls, anvil)",
                 f"{per_verify * 1000:,.1f} ms"))
    figures["verify"] = per_verify
    return rows, figures


def year_rows(gas: dict[str, int], figures: dict[str, float]) -> list[tuple[str, str]]:
    per_document = gas["anchorSignPublish (one transaction)"]
    checkpoint = gas["checkpoint (continuing)"]
    documents_gas = DOCUMENTS_A_YEAR * per_document
    stream_gas = CHECKPOINTS_A_YEAR * checkpoint
    return [
        ("municipalities / decisions / signed documents",
         f"{MUNICIPALITIES} / {DECISIONS_A_YEAR:,} / {DOCUMENTS_A_YEAR:,}"),
        ("gas: documents (anchor + 2 signatures + publish, one tx each)",
         f"{documents_gas:,} ({documents_gas / 1e9:.2f} x 10^9)"),
        ("gas: one LDES checkpoint an hour for all bodies",
         f"{stream_gas:,} ({stream_gas / 1e9:.2f} x 10^9)"),
        ("gas a day, documents + checkpoints",
         f"{(documents_gas + stream_gas) // 365:,}"),
        ("Python: canonicalise every decision (extrapolated, 1 core)",
         f"{DECISIONS_A_YEAR * figures['decision'] / 60:,.1f} min"),
        ("Python: read every page in full (extrapolated from the sample, 1 core)",
         f"{DOCUMENTS_A_YEAR * figures['page'] / 3600:,.1f} h"),
        ("Python: build every document's root (extrapolated)",
         f"{DOCUMENTS_A_YEAR * figures['root']:,.1f} s"),
        ("verify every decision once (extrapolated, anvil)",
         f"{DECISIONS_A_YEAR * figures['verify'] / 3600:,.1f} h"),
    ]


def table(title: str, rows: list[tuple[str, str]], headers: tuple[str, ...]) -> str:
    width = max(len(r[0]) for r in rows) + 2
    lines = [title, f"{headers[0]:<{width}}" + "".join(f"{h:>22}" for h in headers[1:]),
             "-" * (width + 22 * (len(headers) - 1))]
    for row in rows:
        lines.append(f"{row[0]:<{width}}" + "".join(f"{v:>22}" for v in row[1:]))
    return "\n".join(lines)


def main() -> None:
    project = Project.find()
    store = compile_project(project).store
    load = os.getloadavg()
    with LocalNode() as node:
        chain = Chain.connect(node.url)
        gas = gas_rows(chain, store)
        python, figures = python_rows(chain, store)
    gas_map = dict(gas)
    out = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {load[0]:.2f} "
        f"{load[1]:.2f} {load[2]:.2f}; Python {platform.python_version()}",
        "",
        table(f"LocalDecisionRegistry gas per operation (solc {SOLC_VERSION}, {EVM_VERSION}, "
              f"optimizer {OPTIMIZER_RUNS} runs, anvil)",
              [(name, f"{value:,}", BASELINE.get(name, "")) for name, value in gas],
              ("operation", "gas used", "design estimate [D]")),
        "",
        table("Python work (measured)", python, ("step", "time")),
        "",
        table("One year of Flanders", year_rows(gas_map, figures), ("figure", "value")),
    ]
    text = "\n".join(out)
    print(text)
    (HERE / "decisions_bench.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
