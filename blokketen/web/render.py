"""Rendering a page: the Jinja2 environment (autoescaped), the language, the switch link and
the error a page shows above its form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from blokketen.web.i18n import Texts, language

__all__ = ["FIELD_LABELS", "NAV", "PageError", "lang_of", "page"]

ENV = Environment(
    loader=PackageLoader("blokketen.web", "templates"),
    autoescape=select_autoescape(["html", "svg"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
NAV: tuple[tuple[str, str], ...] = (
    ("/verify", "nav.verify"), ("/parcel", "nav.parcel"), ("/rent", "nav.rent"),
    ("/status", "nav.status"))
"""The menu: path and text key."""
FIELD_LABELS: dict[str, str] = {
    "file": "verify.file", "text": "verify.text", "capakey": "parcel.capakey",
    "year": "rent.year", "source": "rent.params_source", "version": "rent.version",
    "extra": "rent.extra", "category": "rent.category", "income": "rent.income",
    "dependants": "rent.dependants", "dependants_half": "rent.dependants_half",
    "dependants_double": "rent.dependants_double", "leefloon_category": "rent.leefloon",
    "base_rent": "rent.base_rent", "patrimony_discount": "rent.patrimony_discount",
    "energy_correction": "rent.energy_correction", "min_rent_tier": "rent.min_rent_tier"}
"""Form fields by name and the text key of their label: an error names the field by its
label and links to it."""


@dataclass(frozen=True)
class PageError:
    """What a page shows above its form: the field at fault (empty when none) and why."""

    field: str
    problem: str


def lang_of(request: Request) -> str:
    """The language of this request (``lang`` in the query), kept for error pages."""
    lang = language(request.query_params.get("lang"))
    request.state.lang = lang
    return lang


def page(request: Request, template: str, *, lang: str, status: int = 200,
         error: PageError | None = None, **context: Any) -> HTMLResponse:
    """``template`` rendered in ``lang`` with ``context``; ``error`` shown on top."""
    t = Texts(lang)
    other = t("site.switch_lang")
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    switch = f"{request.url.path}?{urlencode({**query, 'lang': other})}"
    html = ENV.get_template(template).render(
        t=t, lang=lang, nav=NAV, path=request.url.path, switch=switch, error=error,
        labels=FIELD_LABELS, **context)
    return HTMLResponse(html, status_code=status)
