"""A published decision page, from its exact bytes to the leaves and root the chain anchors.

1. The page's bytes are read (a file or an ``http(s)`` URL) and their sha256 is kept: the
   ``htmlHash`` of the document.
2. Its RDFa is parsed into RDF (pyRdfa, HTML5 host language, the page's URL as base).
3. The graph is checked against the besluit-publicatie SHACL shapes (pyshacl); any violation
   refuses the page with :class:`~blokketen.ShapeViolation` naming the property.
4. The graph is split per ``besluit:Besluit``: a decision's subgraph is every triple about it,
   with the blank nodes it reaches. Each is canonicalised (RDFC-1.0, under a work limit).
5. One leaf per decision: a public decision's leaf is
   ``leaf(DECISION_TAG, keccak256(URI), sha256(canonical N-Quads))``; a decision of a closed
   treatment (``besluit:openbaar false``) is salted,
   ``leaf(PRIVATE_DECISION_TAG, keccak256(URI), salt, graphHash)``. A published page leaves
   a closed decision out and carries its sealed leaf instead (``ext:verzegeldBesluit`` on the
   treatment, 0x-hex), so the page alone gives every leaf and the root.

Nothing here touches a chain.
"""

from __future__ import annotations

import hashlib
import io
import re
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path

from eth_utils import keccak
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from blokketen._exceptions import InputError, ShapeViolation
from blokketen.common.canonical import MIN_SALT_BYTES
from blokketen.common.leaves import MerkleTree, tag, tagged_leaf
from blokketen.decisions.canon import DEFAULT_MAX_WORK, graph_hash

__all__ = [
    "BESLUIT",
    "DECISION_TAG",
    "ELI",
    "EXT",
    "PRIVATE_DECISION_TAG",
    "PROV",
    "Decision",
    "DecisionPage",
    "decision_leaf",
    "parse_page",
    "rdfa_graph",
    "read_bytes",
    "read_page",
    "refuse_personal_data",
    "uri_hash",
    "validate",
]

BESLUIT = Namespace("http://data.vlaanderen.be/ns/besluit#")
"""The besluit vocabulary (data.vlaanderen.be/ns/besluit)."""
ELI = Namespace("http://data.europa.eu/eli/ontology#")
"""The European Legislation Identifier ontology."""
PROV = Namespace("http://www.w3.org/ns/prov#")
"""PROV-O."""
DCT = Namespace("http://purl.org/dc/terms/")
EXT = Namespace("http://mu.semte.ch/vocabularies/ext/")
"""LBLOD's extension namespace; ``ext:verzegeldBesluit`` carries a sealed leaf."""
SH = Namespace("http://www.w3.org/ns/shacl#")

DECISION_TAG = tag("lblod", "besluit")
"""``keccak256("blokketen.lblod.besluit.v1")``: the tag of a public decision's leaf."""
PRIVATE_DECISION_TAG = tag("lblod", "besluit-private")
"""``keccak256("blokketen.lblod.besluit-private.v1")``: the tag of a closed decision's leaf."""

MAX_PAGE_BYTES = 8 * 1024 * 1024
"""The largest page read (a council's minutes are well below 1 MB)."""

_PREFIXES = {str(BESLUIT): "besluit:", str(ELI): "eli:", str(PROV): "prov:", str(DCT): "dct:",
             str(EXT): "ext:"}
_HEX_LEAF = re.compile(r"^0x[0-9a-fA-F]{64}$")


def uri_hash(uri: str) -> bytes:
    """keccak256 of a URI's UTF-8 bytes: a body id, a session id, a decision id."""
    if not isinstance(uri, str) or not uri.strip():
        raise InputError("uri", "must be a non-empty URI")
    return keccak(uri.encode("utf-8"))


def decision_leaf(uri: str, graph: bytes, salt: bytes | None) -> bytes:
    """The leaf of a decision: public without a salt, closed with one (at least 16 bytes,
    used as 32: shorter salts are refused)."""
    if salt is None:
        return tagged_leaf(DECISION_TAG, ("bytes32", "bytes32"), (uri_hash(uri), graph))
    if not isinstance(salt, bytes) or len(salt) != 32:
        raise InputError("salt", f"the salt of {uri} must be 32 bytes")
    if len(salt.lstrip(b"\x00")) < MIN_SALT_BYTES:
        raise InputError("salt", f"the salt of {uri} has fewer than {MIN_SALT_BYTES} random bytes")
    return tagged_leaf(PRIVATE_DECISION_TAG, ("bytes32", "bytes32", "bytes32"),
                       (uri_hash(uri), salt, graph))


@dataclass(frozen=True)
class Decision:
    """One decision of a page: its URI, title, whether its treatment was public, its
    canonical N-Quads' sha256, its salt (closed decisions only) and its leaf."""

    uri: str
    title: str
    public: bool
    graph_hash: bytes
    salt: bytes | None
    leaf: bytes

    @property
    def uri_hash(self) -> bytes:
        return uri_hash(self.uri)


@dataclass(frozen=True)
class DecisionPage:
    """What a page says and commits to: the session, its body and planned start (unix), the
    decisions found on it, the sealed leaves of closed decisions it leaves out, the sha256
    of its exact bytes, and the Merkle tree over every leaf."""

    source: str
    html_hash: bytes
    body_uri: str
    session_uri: str
    session_start: int
    decisions: tuple[Decision, ...]
    sealed: tuple[bytes, ...]
    tree: MerkleTree = field(repr=False)

    @property
    def root(self) -> bytes:
        return self.tree.root

    @property
    def body_id(self) -> bytes:
        return uri_hash(self.body_uri)

    @property
    def session_id(self) -> bytes:
        return uri_hash(self.session_uri)

    @property
    def leaves(self) -> tuple[bytes, ...]:
        return self.tree.leaves

    def decision(self, uri: str) -> Decision:
        """The decision ``uri`` of this page (InputError naming ``decision`` if absent)."""
        for found in self.decisions:
            if found.uri == uri:
                return found
        known = ", ".join(d.uri for d in self.decisions) or "none"
        raise InputError("decision", f"{uri} is not on this page (decisions: {known})")

    def proof(self, uri: str) -> tuple[bytes, ...]:
        """The Merkle proof of decision ``uri``."""
        return self.tree.proof(self.decision(uri).leaf)


# -- reading -----------------------------------------------------------------------------
def read_bytes(source: str | Path, *, timeout: float = 30.0) -> tuple[bytes, str]:
    """The exact bytes of a page and its base URI: a file, or an ``http(s)`` URL."""
    text = str(source)
    if text.startswith(("http://", "https://")):
        request = urllib.request.Request(text, headers={"Accept": "text/html"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310
                data = answer.read(MAX_PAGE_BYTES + 1)
                base = answer.geturl()
        except OSError as err:
            raise InputError("page", f"cannot fetch {text}: {err}") from None
    else:
        path = Path(text)
        try:
            data = path.read_bytes()
        except OSError as err:
            raise InputError("page", f"cannot read {text}: {err.strerror or err}") from None
        base = path.resolve().as_uri()
    if len(data) > MAX_PAGE_BYTES:
        raise InputError("page", f"{text} is larger than {MAX_PAGE_BYTES} bytes")
    return data, base


def read_page(source: str | Path, *, salts: Mapping[str, bytes] | None = None,
              max_work: int = DEFAULT_MAX_WORK) -> DecisionPage:
    """Read, check and hash the page at ``source`` (see :func:`parse_page`)."""
    data, base = read_bytes(source)
    return parse_page(data, base=base, source=str(source), salts=salts, max_work=max_work)


def parse_page(data: bytes, *, base: str, source: str = "page",
               salts: Mapping[str, bytes] | None = None,
               max_work: int = DEFAULT_MAX_WORK) -> DecisionPage:
    """The :class:`DecisionPage` of the page bytes ``data`` published at ``base``.

    ``salts`` maps the URI of each closed decision shown in full (the internal version a
    publisher signs) to its 32-byte salt; a closed decision without a salt is refused."""
    if not isinstance(data, bytes) or not data.strip():
        raise InputError("page", "is empty")
    graph = rdfa_graph(data, base=base)
    validate(graph)
    refuse_personal_data(graph)
    session, body, start = _session(graph)
    closed = _closed_decisions(graph)
    given = dict(salts or {})
    decisions = []
    for uri in sorted({str(s) for s in graph.subjects(RDF.type, BESLUIT.Besluit)}):
        subject = URIRef(uri)
        digest = graph_hash(_subgraph(graph, subject), max_work=max_work)
        public = uri not in closed
        salt = None
        if not public:
            if uri not in given:
                raise InputError("salt", f"the closed decision {uri} needs a salt "
                                 "(an unsalted closed decision could be guessed)")
            salt = given.pop(uri)
        title = next((str(t) for t in graph.objects(subject, ELI.title)), "")
        decisions.append(Decision(uri=uri, title=title, public=public, graph_hash=digest,
                                  salt=salt, leaf=decision_leaf(uri, digest, salt)))
    if given:
        raise InputError("salts", f"no closed decision {sorted(given)[0]} on this page")
    sealed = _sealed(graph)
    leaves = [d.leaf for d in decisions] + list(sealed)
    if not leaves:
        raise InputError("page", "has no besluit:Besluit and no sealed decision")
    return DecisionPage(source=source, html_hash=hashlib.sha256(data).digest(),
                        body_uri=body, session_uri=session, session_start=start,
                        decisions=tuple(decisions), sealed=sealed, tree=MerkleTree.build(leaves))


def rdfa_graph(data: bytes, *, base: str) -> Graph:
    """The RDF graph of the RDFa in an HTML page (pyRdfa, HTML5), without processor triples."""
    from pyRdfa import pyRdfa
    from pyRdfa.options import Options

    options = Options(output_default_graph=True, output_processor_graph=False)
    try:
        graph: Graph = pyRdfa(options, base=base, media_type="text/html").graph_from_source(
            io.BytesIO(data))
    except Exception as err:  # pyRdfa raises bare Exceptions for unparsable input
        raise InputError("page", f"no RDFa could be read: {err}") from None
    return graph


@cache
def _shapes() -> Graph:
    text = resources.files("blokketen.decisions").joinpath(
        "shapes/besluit-publicatie.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


def validate(graph: Graph) -> None:
    """Refuse ``graph`` unless it conforms to the besluit-publicatie shapes: the first
    violation (by property, then resource) is raised, naming its property."""
    from pyshacl import validate as shacl

    conforms, results, _ = shacl(graph, shacl_graph=_shapes(), inference="none",
                                 abort_on_first=False, allow_warnings=False)
    if conforms:
        return
    assert isinstance(results, Graph)
    found: list[tuple[str, str, str]] = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        node = results.value(result, SH.focusNode)
        message = results.value(result, SH.resultMessage)
        found.append((_short(path), str(node), str(message) if message else "violates the shape"))
    found.sort()
    name, focus, text = found[0]
    raise ShapeViolation(name, f"{text} ({focus})", focus=focus, count=len(found))


def refuse_personal_data(graph: Graph) -> None:
    """Refuse a page that carries a Belgian national number or an e-mail address in any
    value (an attendance list, a complainant's address): a published decision names public
    office holders by role only, and nothing personal may end up hashed into a leaf."""
    from blokketen.privacy.detectors import find_all

    for subject, predicate, obj in sorted(graph, key=lambda t: (str(t[0]), str(t[1]))):
        if not isinstance(obj, Literal | URIRef):
            continue
        found = find_all(str(obj).encode("utf-8"), deny_fields=())
        if found:
            raise InputError(_short(predicate), f"holds {found[0].kind} data on {subject}: "
                             "personal data is neither published nor anchored")


def _short(node: Node | None) -> str:
    if node is None:
        return "shape"
    text = str(node)
    for namespace, prefix in _PREFIXES.items():
        if text.startswith(namespace):
            return prefix + text[len(namespace):]
    return text


def _session(graph: Graph) -> tuple[str, str, int]:
    sessions = sorted({str(s) for s in graph.subjects(RDF.type, BESLUIT.Zitting)})
    if len(sessions) != 1:
        raise InputError("besluit:Zitting",
                         f"a page holds exactly one session, found {len(sessions)}")
    session = URIRef(sessions[0])
    body = graph.value(session, BESLUIT.isGehoudenDoor)
    start = graph.value(session, BESLUIT.geplandeStart)
    assert body is not None and isinstance(start, Literal)  # the shapes require both
    moment = start.toPython()
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise InputError("besluit:geplandeStart", f"{start} is not a date-time with a zone")
    return sessions[0], str(body), int(moment.timestamp())


def _closed_decisions(graph: Graph) -> set[str]:
    closed: set[str] = set()
    for treatment in graph.subjects(RDF.type, BESLUIT.BehandelingVanAgendapunt):
        public = graph.value(treatment, BESLUIT.openbaar)
        if isinstance(public, Literal) and public.toPython() is False:
            closed.update(str(d) for d in graph.objects(treatment, PROV.generated))
    return closed


def _sealed(graph: Graph) -> tuple[bytes, ...]:
    found = []
    for treatment, value in graph.subject_objects(EXT.verzegeldBesluit):
        text = str(value).strip()
        if not _HEX_LEAF.match(text):
            raise InputError("ext:verzegeldBesluit", f"{text!r} on {treatment} is not a 0x leaf")
        public = graph.value(treatment, BESLUIT.openbaar)
        if not (isinstance(public, Literal) and public.toPython() is False):
            raise InputError("ext:verzegeldBesluit", f"{treatment} is public: a public "
                             "treatment shows its decision, it does not seal it")
        found.append(bytes.fromhex(text[2:]))
    return tuple(sorted(found))


def _subgraph(graph: Graph, subject: URIRef) -> list[tuple[Node, Node, Node]]:
    """Every triple about ``subject``, and about the blank nodes it reaches."""
    out: list[tuple[Node, Node, Node]] = []
    todo: list[Node] = [subject]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, obj in graph.predicate_objects(node):
            out.append((node, predicate, obj))
            if isinstance(obj, BNode):
                todo.append(obj)
    return out


def leaves_of(decisions: Iterable[Decision]) -> tuple[bytes, ...]:
    """The leaves of ``decisions``."""
    return tuple(d.leaf for d in decisions)
