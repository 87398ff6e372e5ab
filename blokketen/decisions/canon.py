"""RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation of 21 May 2024) under a work
limit, on pyld's implementation of the algorithm (URDNA2015, which RDFC-1.0 standardised).

Two things are added to pyld:

- the canonical N-Quads form of RDFC-1.0 (RDF 1.2 canonical N-Triples/N-Quads): in a
  literal, ``\\b \\t \\n \\f \\r \\" \\\\`` are written as ECHAR, the other control
  characters (U+0000 to U+001F, U+007F) as ``\\u00XX`` with upper-case hex, everything else
  as itself; an ``xsd:string`` literal has no datatype. The same form is used inside the
  first-degree hashes, as the algorithm requires;
- a work limit. A graph of many blank nodes that look alike makes the N-degree step try every
  permutation of them (a "poison" graph). Every call of that step counts one, and every
  permutation it is about to try counts one; past ``max_work`` the work stops with
  :class:`~blokketen.CanonicalisationLimit` and nothing is hashed.

:func:`canonical_nquads` takes rdflib triples (or quads); :func:`graph_hash` is the sha256 of
the canonical N-Quads, the hash a decision leaf commits to.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable
from typing import Any

from pyld.canon import URDNA2015
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from blokketen._exceptions import CanonicalisationLimit, InputError

__all__ = ["DEFAULT_MAX_WORK", "canonical_nquads", "escape_literal", "graph_hash"]

DEFAULT_MAX_WORK = 10_000
"""Steps of the N-degree hashing allowed by default: a council decision has a handful of blank
nodes at most, a poison graph of 8 alike nodes already needs 40,000 permutations."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_ECHAR = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", '"': '\\"',
          "\\": "\\\\"}


def escape_literal(value: str) -> str:
    """The lexical form of a literal as canonical N-Quads writes it between the quotes."""
    out: list[str] = []
    for char in value:
        code = ord(char)
        if char in _ECHAR:
            out.append(_ECHAR[char])
        elif code <= 0x1F or code == 0x7F:
            out.append(f"\\u{code:04X}")
        else:
            out.append(char)
    return "".join(out)


def _term(component: dict[str, Any]) -> str:
    kind = component["type"]
    value = str(component["value"])
    if kind == "IRI":
        return "<" + value + ">"
    if kind == "blank node":
        return value
    text = '"' + escape_literal(value) + '"'
    if component.get("language"):
        return text + "@" + str(component["language"])
    if component["datatype"] != _XSD_STRING:
        return text + "^^<" + str(component["datatype"]) + ">"
    return text


def _line(quad: dict[str, Any]) -> str:
    parts = [_term(quad["subject"]), _term(quad["predicate"]), _term(quad["object"])]
    if "name" in quad and quad["name"] is not None:
        parts.append(_term(quad["name"]))
    return " ".join(parts) + " .\n"


class _BoundedRdfc(URDNA2015):  # type: ignore[misc]  # pyld has no type hints
    """pyld's algorithm with the RDFC-1.0 N-Quads form and a work budget."""

    def __init__(self, max_work: int) -> None:
        super().__init__()
        self.max_work = max_work
        self.work = 0

    def _spend(self, steps: int) -> None:
        self.work += steps
        if self.work > self.max_work:
            raise CanonicalisationLimit("graph", limit=self.max_work)

    def hash_first_degree_quads(self, id_: str) -> str:
        info = self.blank_node_info[id_]
        if "hash" in info:
            return str(info["hash"])
        lines = []
        for quad in info["quads"]:
            copy = {key: (value if key == "predicate"
                          else self.modify_first_degree_component(id_, value, key))
                    for key, value in quad.items()}
            lines.append(_line(copy))
        lines.sort()
        info["hash"] = hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()
        return str(info["hash"])

    def hash_n_degree_quads(self, id_: str, issuer: Any) -> dict[str, Any]:
        self._spend(1)
        result: dict[str, Any] = super().hash_n_degree_quads(id_, issuer)
        return result

    def create_hash_to_related(self, id_: str, issuer: Any) -> dict[str, list[str]]:
        related: dict[str, list[str]] = super().create_hash_to_related(id_, issuer)
        for nodes in related.values():
            if len(nodes) > 12:  # 13! alone is beyond any sensible budget
                raise CanonicalisationLimit("graph", limit=self.max_work)
            self._spend(math.factorial(len(nodes)))
        return related

    def canonical_lines(self, dataset: dict[str, list[dict[str, Any]]]) -> list[str]:
        self.main(dataset, {"format": "application/n-quads"})
        return sorted(_line(quad) for quad in self.quads)


def _component(node: Node, field: str) -> dict[str, Any]:
    if isinstance(node, URIRef):
        return {"type": "IRI", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "blank node", "value": "_:" + str(node)}
    if isinstance(node, Literal):
        if node.language:
            return {"type": "literal", "value": str(node), "datatype": _LANG_STRING,
                    "language": node.language.lower()}
        datatype = str(node.datatype) if node.datatype is not None else _XSD_STRING
        return {"type": "literal", "value": str(node), "datatype": datatype}
    raise InputError(field, f"an RDF term expected, not {type(node).__name__}")


def _dataset(triples: Iterable[tuple[Node, ...]]) -> dict[str, list[dict[str, Any]]]:
    graphs: dict[str, list[dict[str, Any]]] = {}
    seen: set[tuple[Node, ...]] = set()
    for row in triples:
        if row in seen:
            continue
        seen.add(row)
        subject, predicate, obj = row[0], row[1], row[2]
        if isinstance(subject, Literal):
            raise InputError("graph", "a literal cannot be a subject")
        if not isinstance(predicate, URIRef):
            raise InputError("graph", "a predicate must be an IRI")
        quad = {"subject": _component(subject, "subject"),
                "predicate": _component(predicate, "predicate"),
                "object": _component(obj, "object")}
        name = "@default"
        if len(row) > 3 and row[3] is not None:
            name = str(row[3]) if isinstance(row[3], URIRef) else "_:" + str(row[3])
        graphs.setdefault(name, []).append(quad)
    return graphs


def canonical_nquads(triples: Iterable[tuple[Node, ...]], *,
                     max_work: int = DEFAULT_MAX_WORK) -> str:
    """The RDFC-1.0 canonical N-Quads of the triples (or quads; a fourth element names the
    graph). Raises :class:`~blokketen.CanonicalisationLimit` past ``max_work`` steps."""
    if isinstance(max_work, bool) or not isinstance(max_work, int) or max_work < 1:
        raise InputError("max_work", f"a whole number from 1 expected, not {max_work!r}")
    return "".join(_BoundedRdfc(max_work).canonical_lines(_dataset(triples)))


def graph_hash(triples: Iterable[tuple[Node, ...]], *, max_work: int = DEFAULT_MAX_WORK) -> bytes:
    """sha256 of the canonical N-Quads (UTF-8): what a decision's leaf commits to."""
    return hashlib.sha256(canonical_nquads(triples, max_work=max_work).encode("utf-8")).digest()
