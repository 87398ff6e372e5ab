"""A published page to its decisions, leaves and root, and every refusal of a bad page with
the field it names: SHACL violations naming the missing property, a closed decision without
a salt, personal data, malformed sealed leaves, and pages that are no pages."""

from __future__ import annotations

import hashlib
import http.server
import threading
from pathlib import Path

import pytest
from eth_abi import encode
from eth_utils import keccak

from blokketen._exceptions import CanonicalisationLimit, InputError, ShapeViolation
from blokketen.common.leaves import verify_proof
from blokketen.decisions import DECISION_TAG, PRIVATE_DECISION_TAG, parse_page, read_page
from blokketen.decisions.samples import COUNCIL, COUNCIL_CLOSED_DECISION, sample_path, sample_salts

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "decisions"
BASE = "https://www.heuvelbeke.be/bekendmakingen/gr-2026-02-24"


def _council() -> str:
    return sample_path("gr-2026-02-24-besluitenlijst.html").read_text(encoding="utf-8")


def _parse(text: str, **kw):
    return parse_page(text.encode("utf-8"), base=BASE, **kw)


def test_a_published_page_gives_its_decisions_leaves_and_root(pages):
    page = pages["council"]
    assert page.body_uri == COUNCIL
    assert page.session_uri.endswith("/zittingen/heuvelbeke-gr-2026-02-24")
    assert page.session_start == 1771957800  # 2026-02-24T19:30:00+01:00
    assert [d.uri.rsplit("/", 1)[1] for d in page.decisions] == [
        "2026_GR_00031", "2026_GR_00032", "2026_GR_00033"]
    assert all(d.public and d.salt is None for d in page.decisions) and len(page.sealed) == 1
    data = sample_path("gr-2026-02-24-besluitenlijst.html").read_bytes()
    assert page.html_hash == hashlib.sha256(data).digest()
    for decision in page.decisions:
        inner = keccak(encode(["bytes32", "bytes32", "bytes32"],
                              [DECISION_TAG, keccak(decision.uri.encode()), decision.graph_hash]))
        assert decision.leaf == keccak(inner)
        assert verify_proof(decision.leaf, page.proof(decision.uri), page.root)


def test_the_internal_version_seals_to_the_published_root(pages):
    internal, published = pages["council_internal"], pages["council"]
    closed = internal.decision(COUNCIL_CLOSED_DECISION)
    assert not closed.public and closed.salt == sample_salts()[COUNCIL_CLOSED_DECISION]
    inner = keccak(encode(["bytes32", "bytes32", "bytes32", "bytes32"],
                          [PRIVATE_DECISION_TAG, keccak(closed.uri.encode()), closed.salt,
                           closed.graph_hash]))
    assert closed.leaf == keccak(inner) == published.sealed[0]
    assert internal.root == published.root


def test_the_leaf_does_not_depend_on_markup_or_base(pages):
    """Whitespace, attribute order and the page's URL change the bytes, not the graph."""
    text = _council().replace("<main>", "<main>\n\n   ").replace(
        '<span property="eli:language"', '<span  property="eli:language"')
    moved = _parse(text)
    assert moved.root == pages["council"].root and moved.html_hash != pages["council"].html_hash


def test_an_edited_decision_changes_only_its_own_leaf(pages):
    edited = _parse(_council().replace("€ 40,00", "€ 45,00"))
    before = {d.uri: d.leaf for d in pages["council"].decisions}
    after = {d.uri: d.leaf for d in edited.decisions}
    changed = [uri for uri in before if before[uri] != after[uri]]
    assert changed == ["http://data.lblod.info/id/besluiten/2026_GR_00032"]


@pytest.mark.parametrize(("cut", "field"), [
    ('property="eli:title"', "eli:title"),
    ('property="prov:value"', "prov:value"),
    ('property="besluit:motivering"', "besluit:motivering"),
    ('property="eli:language"', "eli:language"),
    ('property="besluit:isGehoudenDoor"', "besluit:isGehoudenDoor"),
    ('property="prov:startedAtTime"', "prov:startedAtTime"),
    ('property="prov:endedAtTime"', "prov:endedAtTime"),
    ('property="besluit:geplandeStart"', "besluit:geplandeStart"),
])
def test_a_page_failing_the_shapes_names_the_missing_property(cut, field):
    text = _council().replace(cut, 'data-weg="1"', 1)
    with pytest.raises(ShapeViolation) as err:
        _parse(text)
    assert err.value.field == field and err.value.count >= 1


def test_the_fixture_page_without_a_title_is_refused():
    with pytest.raises(ShapeViolation) as err:
        read_page(FIXTURES / "gr-2026-02-24-zonder-titel.html")
    assert err.value.field == "eli:title" and err.value.focus.endswith("2026_GR_00032")


def test_a_closed_decision_needs_a_salt_of_full_length():
    path = sample_path("gr-2026-02-24-besluitenlijst-intern.html")
    with pytest.raises(InputError) as err:
        read_page(path)
    assert err.value.field == "salt" and "unsalted" in err.value.problem
    for salt in (bytes(32), bytes(20) + b"\x01" * 12, b"\x01" * 31):
        with pytest.raises(InputError) as err:
            read_page(path, salts={COUNCIL_CLOSED_DECISION: salt})
        assert err.value.field == "salt"
    with pytest.raises(InputError) as err:
        read_page(sample_path("gr-2026-02-24-besluitenlijst.html"),
                  salts={COUNCIL_CLOSED_DECISION: b"\x07" * 32})
    assert err.value.field == "salts"


@pytest.mark.parametrize(("personal", "kind"), [
    ("85.07.30-033.28", "national-number"),
    ("85073003328", "national-number"),
    ("jan.peeters@example.be", "e-mail"),
])
def test_personal_data_in_a_page_is_refused(personal, kind):
    text = _council().replace("Er werden geen opmerkingen ingediend.",
                              f"Opmerking van {personal} werd besproken.")
    with pytest.raises(InputError) as err:
        _parse(text)
    assert err.value.field == "besluit:motivering" and kind in err.value.problem


@pytest.mark.parametrize(("old", "new", "field"), [
    ('content="0x', 'content="0xzz', "ext:verzegeldBesluit"),
    ('<span property="besluit:openbaar" datatype="xsd:boolean" content="false">',
     '<span property="besluit:openbaar" datatype="xsd:boolean" content="true">',
     "ext:verzegeldBesluit"),
])
def test_malformed_sealed_leaves_are_refused(old, new, field):
    with pytest.raises(InputError) as err:
        _parse(_council().replace(old, new, 1))
    assert err.value.field == field


@pytest.mark.parametrize(("data", "field"), [
    (b"", "page"), (b"   ", "page"),
    (b"<html><body><p>Geen gelinkte data</p></body></html>", "besluit:Zitting"),
])
def test_pages_without_decisions_are_refused(data, field):
    with pytest.raises(InputError) as err:
        parse_page(data, base=BASE)
    assert err.value.field == field


def test_a_page_with_two_sessions_is_refused():
    text = _council()
    start = text.index('<div resource="http://data.lblod.info/id/zittingen')
    session = text[start:text.index("</ol>", start)] + "</ol></div>"
    doubled = text.replace("<section>", session.replace("heuvelbeke-gr", "andere-gr")
                           + "<section>", 1)
    with pytest.raises(InputError) as err:
        _parse(doubled)
    assert err.value.field == "besluit:Zitting" and "found 2" in err.value.problem


def test_unreadable_sources_name_the_page(tmp_path):
    with pytest.raises(InputError) as err:
        read_page(tmp_path / "bestaat-niet.html")
    assert err.value.field == "page"
    with pytest.raises(InputError) as err:
        read_page("http://127.0.0.1:9/besluitenlijst")
    assert err.value.field == "page"


def test_a_page_is_read_from_a_url_with_its_exact_bytes(pages):
    folder = sample_path("gr-2026-02-24-besluitenlijst.html").parent

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kw):
            super().__init__(*args, directory=str(folder), **kw)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/gr-2026-02-24-besluitenlijst.html"
        page = read_page(url)
    finally:
        server.shutdown()
    assert page.root == pages["council"].root and page.html_hash == pages["council"].html_hash
    assert page.source == url


def test_a_poison_graph_in_a_page_is_refused():
    """Eight blank nodes that all point at each other, hung on a decision: canonicalising its
    subgraph would try every permutation; the work limit refuses the page."""
    nodes = [f"[_:knoop{i}]" for i in range(8)]
    links = "".join(
        f'<span about="{a}" property="http://example.org/verwant" resource="{b}"></span>'
        for a in nodes for b in nodes if a != b)
    hooks = "".join(f'<span property="http://example.org/bijlage" resource="{n}"></span>'
                    for n in nodes)
    text = _council().replace('<span property="eli:language"',
                              hooks + links + '<span property="eli:language"', 1)
    with pytest.raises(CanonicalisationLimit) as err:
        _parse(text)
    assert err.value.field == "graph"
