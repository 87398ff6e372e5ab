"""RDFC-1.0 on vectors written from the Recommendation (W3C, 21 May 2024): its worked
examples "unique hashes" and "shared hashes" with the first-degree hashes it prints, a graph
without blank nodes, the canonical N-Quads escaping of literals; then isomorphism, pyld
agreement, and the work limit against a poison graph."""

from __future__ import annotations

import random

import pytest
from pyld import jsonld
from rdflib import BNode, Graph, Literal, URIRef

from blokketen._exceptions import CanonicalisationLimit, InputError
from blokketen.decisions.canon import _BoundedRdfc, _dataset, canonical_nquads, escape_literal

UNIQUE = """<http://example.com/#p> <http://example.com/#q> _:e0 .
<http://example.com/#p> <http://example.com/#r> _:e1 .
_:e0 <http://example.com/#s> <http://example.com/#u> .
_:e1 <http://example.com/#t> <http://example.com/#u> .
"""
UNIQUE_C14N = """<http://example.com/#p> <http://example.com/#q> _:c14n0 .
<http://example.com/#p> <http://example.com/#r> _:c14n1 .
_:c14n0 <http://example.com/#s> <http://example.com/#u> .
_:c14n1 <http://example.com/#t> <http://example.com/#u> .
"""
SHARED = """<http://example.com/#p> <http://example.com/#q> _:e0 .
<http://example.com/#p> <http://example.com/#q> _:e1 .
_:e0 <http://example.com/#p> _:e2 .
_:e1 <http://example.com/#p> _:e3 .
_:e2 <http://example.com/#r> _:e3 .
"""
SHARED_C14N = """<http://example.com/#p> <http://example.com/#q> _:c14n2 .
<http://example.com/#p> <http://example.com/#q> _:c14n3 .
_:c14n0 <http://example.com/#r> _:c14n1 .
_:c14n2 <http://example.com/#p> _:c14n1 .
_:c14n3 <http://example.com/#p> _:c14n0 .
"""


def _triples(nquads: str) -> list:
    return list(Graph().parse(data=nquads, format="nt"))


@pytest.mark.parametrize(("given", "expected"), [(UNIQUE, UNIQUE_C14N), (SHARED, SHARED_C14N)])
def test_the_recommendations_examples(given, expected):
    assert canonical_nquads(_triples(given)) == expected


def test_first_degree_hashes_of_the_unique_example():
    algorithm = _BoundedRdfc(100)
    algorithm.canonical_lines(_dataset(_triples(UNIQUE)))
    hashes = sorted(info["hash"] for info in algorithm.blank_node_info.values())
    assert hashes == ["21d1dd5ba21f3dee9d76c0c00c260fa6f5d5d65315099e553026f4828d0dc77a",
                      "6fa0b9bdb376852b5743ff39ca4cbf7ea14d34966b2828478fbf222e7c764473"]


def test_without_blank_nodes_the_lines_are_sorted():
    s, p = URIRef("http://example.org/s"), URIRef("http://example.org/p")
    triples = [(s, p, Literal("z")), (s, p, Literal("a", lang="nl")),
               (s, p, Literal("2026-02-24", datatype=URIRef(
                   "http://www.w3.org/2001/XMLSchema#date")))]
    assert canonical_nquads(triples) == (
        '<http://example.org/s> <http://example.org/p> "2026-02-24"'
        "^^<http://www.w3.org/2001/XMLSchema#date> .\n"
        '<http://example.org/s> <http://example.org/p> "a"@nl .\n'
        '<http://example.org/s> <http://example.org/p> "z" .\n')


@pytest.mark.parametrize(("text", "escaped"), [
    ('a "quote" and \\ back', 'a \\"quote\\" and \\\\ back'),
    ("line\nfeed\rreturn", "line\\nfeed\\rreturn"),
    ("tab\tbs\bff\f", "tab\\tbs\\bff\\f"),
    ("nul\x00 us\x1f del\x7f", "nul\\u0000 us\\u001F del\\u007F"),
    ("é € 𝄞", "é € 𝄞"),
])
def test_canonical_literal_escaping(text, escaped):
    assert escape_literal(text) == escaped


def test_relabelled_blank_nodes_give_the_same_bytes():
    triples = _triples(SHARED)
    rng = random.Random(5)
    for _ in range(5):
        names = {node: BNode(f"x{rng.randrange(10**9)}") for t in triples for node in t
                 if isinstance(node, BNode)}
        shuffled = [tuple(names.get(n, n) for n in t) for t in triples]
        rng.shuffle(shuffled)
        assert canonical_nquads(shuffled) == SHARED_C14N


def test_agrees_with_pyld_where_escaping_does_not_differ():
    ring = "".join(f"_:n{i} <http://example.org/next> _:n{(i + 1) % 6} .\n" for i in range(6))
    expected = jsonld.normalize(ring, {"algorithm": "URDNA2015",
                                       "inputFormat": "application/n-quads",
                                       "format": "application/n-quads"})
    assert canonical_nquads(_triples(ring)) == expected


def test_a_poison_graph_hits_the_work_limit():
    nodes = [BNode(f"n{i}") for i in range(8)]
    p = URIRef("http://example.org/p")
    clique = [(a, p, b) for a in nodes for b in nodes if a != b]
    with pytest.raises(CanonicalisationLimit) as err:
        canonical_nquads(clique)
    assert err.value.field == "graph" and err.value.limit == 10_000
    small = [(a, p, b) for a in nodes[:3] for b in nodes[:3] if a != b]
    assert canonical_nquads(small).count("_:c14n") == 12
    with pytest.raises(CanonicalisationLimit):
        canonical_nquads(small, max_work=2)


@pytest.mark.parametrize("limit", [0, -1, True, 1.5, "10"])
def test_the_work_limit_must_be_a_positive_whole_number(limit):
    with pytest.raises(InputError) as err:
        canonical_nquads([], max_work=limit)
    assert err.value.field == "max_work"
