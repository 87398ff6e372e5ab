"""A real browser for page tests and pictures: Debian's headless Chromium driven through
chromium-driver with selenium, an application served on 127.0.0.1 in a thread, and the
axe-core accessibility engine (npm ``axe-core``) injected into a page.

Nothing here downloads a browser: :func:`find_chromium` looks for the system's ``chromium``
and ``chromedriver`` (``apt-get install chromium chromium-driver``) and says what is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from blokketen._exceptions import ConfigurationError

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver
    from starlette.types import ASGIApp

__all__ = ["REQUIRE_ENV", "Browser", "Violation", "axe_violations", "find_chromium",
           "open_browser", "required", "serve_in_thread"]

REQUIRE_ENV = "BLOKKETEN_REQUIRE_BROWSER"
"""Set to 1 (CI does) to make a missing Chromium fail the browser tests instead of skipping."""


@dataclass(frozen=True)
class Browser:
    """Where the system's Chromium and its driver are."""

    chromium: str
    driver: str


def find_chromium() -> Browser:
    """The system Chromium and chromium-driver; ConfigurationError naming what is missing."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    missing = [name for name, found in (("chromium", chromium), ("chromedriver", driver))
               if found is None]
    if missing or chromium is None or driver is None:
        raise ConfigurationError(f"no {' or '.join(missing)} on PATH: install Debian's "
                                 "chromium and chromium-driver (apt-get install chromium "
                                 "chromium-driver)")
    return Browser(chromium=chromium, driver=driver)


@contextlib.contextmanager
def open_browser(browser: Browser, *, width: int = 1280, height: int = 900,
                 lang: str = "nl-BE") -> Iterator[WebDriver]:
    """A headless Chromium window of ``width`` x ``height``, closed after the block."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser.chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", f"--window-size={width},{height}",
                     f"--lang={lang}", "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=browser.driver), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def serve_in_thread(app: ASGIApp, *, timeout: float = 20.0) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free port of 127.0.0.1 (no access log) for the block;
    yields its base URL."""
    import uvicorn

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           access_log=False, log_level="warning"))
    thread = threading.Thread(target=server.run, name="blokketen-web", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise ConfigurationError(f"the web server did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout)


@dataclass(frozen=True)
class Violation:
    """One axe-core rule a page breaks: its id, impact, how many elements, and its help."""

    rule: str
    impact: str
    nodes: int
    help: str


_AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({rule: v.id, impact: v.impact || 'unknown',
                                           nodes: v.nodes.length, help: v.help}))))
  .catch(e => done({error: String(e)}));
"""


def axe_violations(driver: WebDriver, axe_script: Path) -> list[Violation]:
    """Inject axe-core (``axe_script``: ``node_modules/axe-core/axe.min.js``) into the page
    and run it (WCAG 2.0/2.1 A and AA rules and best practices); every violation found."""
    if not axe_script.exists():
        raise ConfigurationError(f"{axe_script} is missing: run `npm ci` (package axe-core)")
    driver.execute_script(axe_script.read_text(encoding="utf-8"))
    driver.set_script_timeout(30)
    found: Any = driver.execute_async_script(_AXE_RUN)
    if isinstance(found, dict):
        raise ConfigurationError(f"axe-core failed: {found.get('error')}")
    return [Violation(**item) for item in found]


def required() -> bool:
    """Whether a missing browser is a failure (``$BLOKKETEN_REQUIRE_BROWSER`` is 1)."""
    return os.environ.get(REQUIRE_ENV, "") == "1"
