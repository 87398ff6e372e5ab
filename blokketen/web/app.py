"""The Starlette application of ``blokketen serve``: routes, error pages and headers.

Errors become a message on the page that was asked for, with the form as it was filled in,
and an HTTP status: 400 for bad input (the field named), 404 for a parcel the registry does
not know, 422 for a document of another chain or registry, 502 when the node fails or a
registry's code is not the manifest's, 503 when the manifest has no registry to ask, 500
(with no detail) for anything else. No stack trace ever reaches the page, and nothing is
logged.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from blokketen._exceptions import (
    BlokketenError,
    ChainError,
    ConfigurationError,
    InputError,
    UntrustedContract,
)
from blokketen.web.i18n import DEFAULT, Texts
from blokketen.web.parcel import UnknownParcel, parcel_page
from blokketen.web.render import PageError, lang_of, page
from blokketen.web.rent import rent_page, scenario_page
from blokketen.web.site import Site
from blokketen.web.status import status_page
from blokketen.web.verify import verify_page

__all__ = ["HEADERS", "create_app"]

Handler = Callable[[Request, Site, str], Awaitable[Response]]

HEADERS: dict[str, str] = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}
"""Sent with every answer: nothing cached, no script, no third party."""
MAX_BODY = 2_000_000
"""The largest request body taken (bytes): a document is at most 1 MB."""


class _Headers:
    """Adds :data:`HEADERS` to every HTTP answer, and answers an unforeseen failure with a
    plain 500 page instead of letting it reach the server (which would log it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        started = False
        length = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if not length.isdigit() or int(length) > MAX_BODY:
            request = Request(scope)
            request.state.lang = DEFAULT
            await _error_page(request, PageError("", "the request is too large"), 413)(
                scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, with_headers)
        except Exception:
            if started:
                raise
            request = Request(scope)
            await _server_error(request)(scope, receive, with_headers)


def _error_page(request: Request, error: PageError, status: int) -> Response:
    """The page that was asked for, with its form as filled in and ``error`` on top."""
    lang = getattr(request.state, "lang", DEFAULT)
    template = getattr(request.state, "template", None)
    if template is None:
        return page(request, "error.html", lang=lang, status=status, error=error)
    context = dict(getattr(request.state, "context", {}))
    return page(request, template, lang=lang, status=status, error=error, **context)


async def _input_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InputError)
    status = 404 if isinstance(exc, UnknownParcel) else 400
    return _error_page(request, PageError(exc.field, exc.problem), status)


async def _blokketen_error(request: Request, exc: Exception) -> Response:
    t = Texts(getattr(request.state, "lang", DEFAULT))
    if isinstance(exc, ConfigurationError):
        return _error_page(request, PageError("", f"{t('error.unavailable')}: {exc}"), 503)
    if isinstance(exc, ChainError | UntrustedContract):
        return _error_page(request, PageError("", f"{t('error.chain')}: {exc}"), 502)
    return _error_page(request, PageError("", str(exc)), 502)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    t = Texts(getattr(request.state, "lang", DEFAULT))
    problem = t("error.not_found") if exc.status_code == 404 else str(exc.detail)
    return page(request, "error.html", lang=getattr(request.state, "lang", DEFAULT),
                status=exc.status_code, error=PageError("", problem))


def _server_error(request: Request) -> Response:
    t = Texts(getattr(request.state, "lang", DEFAULT))
    return page(request, "error.html", lang=getattr(request.state, "lang", DEFAULT),
                status=500, error=PageError("", t("error.internal")))


def create_app(site: Site, *, allowed_hosts: Sequence[str] | None = None) -> Starlette:
    """The application serving ``site`` (its chain and manifest). With ``allowed_hosts``,
    a request naming another host is refused (a page elsewhere cannot reach this one
    through a name it points at 127.0.0.1)."""

    def route(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            return await handler(request, site, lang_of(request))

        return endpoint

    async def home(request: Request) -> Response:
        return RedirectResponse(f"/verify?lang={lang_of(request)}", status_code=303)

    routes = [
        Route("/", home),
        Route("/verify", route(verify_page), methods=["GET", "POST"]),
        Route("/parcel", route(parcel_page)),
        Route("/rent", route(rent_page), methods=["GET", "POST"]),
        Route("/rent/scenario", route(scenario_page), methods=["POST"]),
        Route("/status", route(status_page)),
        Mount("/static", StaticFiles(packages=[("blokketen.web", "static")]), name="static"),
    ]
    return Starlette(
        debug=False,
        routes=routes,
        middleware=[Middleware(_Headers), *(
            [Middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))]
            if allowed_hosts is not None else [])],
        exception_handlers={
            InputError: _input_error,
            BlokketenError: _blokketen_error,
            HTTPException: _http_error,
        },
    )
