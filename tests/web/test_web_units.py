"""The pieces of the web pages that need no chain: amounts as people type them, the texts,
the drawings, and how a pilot's verifier is found."""

from __future__ import annotations

import pytest

from blokketen._exceptions import InputError
from blokketen.pilots import PILOTS, verifier_for
from blokketen.web.amounts import cents, count, display
from blokketen.web.drawing import lineage_svg, timeline_svg
from blokketen.web.i18n import Texts, language


@pytest.mark.parametrize(("text", "expected"), [
    ("40000", 4_000_000), ("40000,5", 4_000_050), ("40.000,50", 4_000_050),
    ("40 000,50", 4_000_050), ("40000.50", 4_000_050), ("€ 1.234,56", 123_456), ("0", 0),
])
def test_amounts_as_flemish_forms_write_them(text, expected):
    assert cents("income", text, t=Texts("nl")) == expected


@pytest.mark.parametrize("text", ["-1", "1,234", "12,3,4", "abc", "1e5", "", "1.2.3",
                                  "9" * 30])
def test_bad_amounts_name_the_field(text):
    with pytest.raises(InputError) as caught:
        cents("income", text, t=Texts("en"))
    assert caught.value.field == "income"


def test_counts_and_display():
    nl = Texts("nl")
    assert count("dependants", "", t=nl) == 0 and count("dependants", " 3 ", t=nl) == 3
    for bad in ("-1", "1.5", "70000"):
        with pytest.raises(InputError, match="moet een geheel getal van 0 tot 65535 zijn"):
            count("dependants", bad, t=nl)
    assert display(4_000_050, "nl") == "40.000,50"
    assert display(4_000_050, "en") == "40,000.50"
    assert display(-5, "nl") == "-0,05"


def test_texts_fall_back_and_languages_default_to_dutch():
    assert language("en") == "en" and language("fr") == "nl" and language(None) == "nl"
    t = Texts("en")
    assert t("nav.rent") == "Rent"
    assert t("check.some_new_check") == "some new check"  # a pilot's own check name


def test_drawings_escape_what_they_show():
    svg = timeline_svg(["<script>alert(1)</script>"], title="T & T")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "T &amp; T" in svg
    graph = lineage_svg({"A": -1, "B": 0, "C": 1, "D": 1}, [("A", "B"), ("B", "C"), ("B", "D")],
                        current="B", href=lambda key: f"/parcel?capakey={key}&x=<y>",
                        title="lineage")
    assert graph.count("<a ") == 4 and graph.count("<line ") == 3
    assert "&lt;y&gt;" in graph and 'role="group"' in graph


def test_every_format_a_pilot_declares_finds_its_verifier():
    declared = [(p, f) for p in PILOTS for f in p.verifies]
    assert any(p.name == "diploma" for p, _ in declared)
    for pilot, document_format in declared:
        found, verifier = verifier_for(document_format)
        assert found is pilot and callable(verifier.verify)
    with pytest.raises(InputError) as caught:
        verifier_for("blokketen.unknown/1")
    assert caught.value.field == "format"


def test_without_chromium_the_lookup_says_what_to_install(monkeypatch):
    import shutil

    from blokketen._exceptions import ConfigurationError
    from blokketen.testing import browser

    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ConfigurationError, match="apt-get install chromium chromium-driver"):
        browser.find_chromium()
    monkeypatch.setenv(browser.REQUIRE_ENV, "1")
    assert browser.required()
    monkeypatch.setenv(browser.REQUIRE_ENV, "")
    assert not browser.required()
