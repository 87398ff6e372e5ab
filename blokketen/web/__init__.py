"""``blokketen serve``: a small local web application for the people who check and look.

Four pages, Dutch first with an English switch: **Verify** (a pilot's document judged by the
pilot's own verifier), **Parcel** (a land registry parcel, its timeline and lineage),
**Rent** (a social rent computed here from published parameters) and **Status** (the chain
and each registry's code against the manifest).

- :mod:`~blokketen.web.app` the Starlette application, its routes, headers and error pages;
  :mod:`~blokketen.web.server` runs it with uvicorn on 127.0.0.1;
  :mod:`~blokketen.web.site` the chain and manifest the pages read;
  :mod:`~blokketen.web.render` the templates (``templates/``, autoescaped) and the language;
  :mod:`~blokketen.web.i18n` the texts in Dutch and English;
  :mod:`~blokketen.web.amounts` amounts as people type them (decimal comma);
- :mod:`~blokketen.web.verify`, :mod:`~blokketen.web.parcel`, :mod:`~blokketen.web.rent`,
  :mod:`~blokketen.web.status` one module per page; :mod:`~blokketen.web.drawing` the SVG;
- :mod:`~blokketen.web.sample` a sample world for the tests and README's pictures.

Verify knows no pilot: it dispatches a document on its ``format`` to the verifier a pilot
registers (:func:`blokketen.pilots.verifier_for`). Layers point down: web -> pilot ->
contract -> chain.

The server keeps and logs nothing of what is verified or computed: no access log, no
storage, ``Cache-Control: no-store`` on every answer.
"""
