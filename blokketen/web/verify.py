"""The Verify page: a document uploaded or pasted, judged by the verifier of the pilot whose
``format`` (or ``schema``) it carries (:func:`blokketen.pilots.verifier_for`), against the
manifest's registry. Nothing of the document is kept: it lives in this request only."""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from blokketen import pilots
from blokketen._exceptions import InputError
from blokketen.contract.verdicts import Report
from blokketen.web.i18n import Texts
from blokketen.web.render import page
from blokketen.web.site import Site

__all__ = ["MAX_BYTES", "kind_of", "read_document", "verify_page"]

MAX_BYTES = 1_000_000
"""The largest document read (1 MB)."""
HTML = "text/html"
"""The ``format`` an HTML document gets (``{"format": HTML, "html": text}``)."""


def _kinds() -> list[tuple[str, str]]:
    return [(p.title, f) for p in pilots.PILOTS for f in p.verifies]


def _asks() -> list[str]:
    """The fields some verifier asks for besides the document (each once)."""
    verifiers = [p.verifier() for p in pilots.PILOTS if p.verifier is not None]
    return list(dict.fromkeys(name for v in verifiers for name in v.asks))


async def verify_page(request: Request, site: Site, lang: str) -> Response:
    """GET: the form; POST: the verdict (HTTP 422 for a document of another chain or
    registry, 400 for one that is not a document or lacks a field its verifier asks)."""
    asks = _asks()
    request.state.template = "verify.html"
    request.state.context = {"kinds": _kinds(), "asks": asks, "given": {}, "report": None,
                             "text": ""}
    if request.method == "GET":
        return page(request, "verify.html", lang=lang, **request.state.context)
    data = await read_document(request, Texts(lang))
    form = await request.form()
    given = {name: value for name in asks if isinstance(value := form.get(name), str)}
    request.state.context["given"] = given
    _, verifier = pilots.verifier_for(kind_of(data))
    report: Report = await run_in_threadpool(
        verifier.verify, data, chain=site.chain, expected=site.records(),
        given={name: given.get(name, "") for name in verifier.asks})
    return page(request, "verify.html", lang=lang, status=422 if report.refused else 200,
                kinds=_kinds(), asks=asks, given=given, report=report, text="")


def kind_of(data: dict[str, Any]) -> object:
    """What kind of document ``data`` says it is: its ``format`` field, or its ``schema``
    field for the files that name their kind so (a woningpas bundle)."""
    return data["format"] if "format" in data else data.get("schema")


async def read_document(request: Request, t: Texts) -> dict[str, Any]:
    """The JSON object of the uploaded file (field ``file``) or of the pasted text (field
    ``text``), or for an HTML page ``{"format": "text/html", "html": text}``; InputError
    naming the field otherwise."""
    form = await request.form(max_files=1, max_fields=8, max_part_size=MAX_BYTES)
    upload = form.get("file")
    field, raw = "text", b""
    if isinstance(upload, UploadFile) and upload.filename:
        field, raw = "file", await upload.read(MAX_BYTES + 1)
    if not raw:
        text = form.get("text")
        raw = text.encode() if isinstance(text, str) else b""
        field = "text"
    if not raw.strip():
        raise InputError(field, t("verify.empty"))
    if len(raw) > MAX_BYTES:
        raise InputError(field, t("verify.too_big"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise InputError(field, f"{t('verify.not_json')} ({err})") from None
    if text.lstrip("\ufeff \t\r\n").startswith("<"):  # a page: its kind is its media type
        return {"format": HTML, "html": text}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(field, f"{t('verify.not_json')} ({err})") from None
    if not isinstance(data, dict):
        raise InputError(field, t("verify.not_object"))
    return data
