"""Helpers for browser tests: serve a built site under a sub-path, drive Debian's Chromium.

Every request that does not go to the local server is blocked and recorded, which proves the
site makes no request outside itself.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def require_browser():
    """Skip without Chromium/Playwright locally; in CI (KENNISBANK_REQUIRE_BROWSER=1) fail instead."""
    missing = None
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        missing = "Chromium ontbreekt (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "Playwright ontbreekt (pip install playwright)"
    if missing:
        if os.environ.get("KENNISBANK_REQUIRE_BROWSER"):
            pytest.fail(missing)
        pytest.skip(missing)


class _SubPathHandler(SimpleHTTPRequestHandler):
    prefix = "/kb/"

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return "/nonexistent"
        return super().translate_path("/" + path[len(self.prefix) :])

    def log_message(self, *args) -> None:  # keep test output clean
        pass


@contextlib.contextmanager
def serve(site: Path, prefix: str = "/kb/") -> Iterator[str]:
    """Serve `site` at http://127.0.0.1:<port><prefix>; yields that base URL."""
    handler = functools.partial(type("H", (_SubPathHandler,), {"prefix": prefix}), directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser_page(*allowed_prefixes: str, intercept: bool = True) -> Iterator[tuple[object, list[str]]]:
    """A Chromium page whose requests outside `allowed_prefixes` are blocked; yields (page, blocked).

    With `intercept=False` (for timings: routing sends every request through this process)
    nothing is blocked, but every request outside the prefixes is still listed in `blocked`."""
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if url.startswith((*allowed_prefixes, "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            if intercept:
                page.route("**/*", guard)
            else:
                page.on(
                    "request",
                    lambda r: (
                        None if r.url.startswith((*allowed_prefixes, "data:", "blob:")) else blocked.append(r.url)
                    ),
                )
            yield page, blocked
        finally:
            browser.close()


def response_sizes(page) -> dict[str, int]:
    """Bytes per URL of every response `page` receives from now on (filled in as they arrive)."""
    sizes: dict[str, int] = {}

    def record(response) -> None:
        try:
            sizes[response.url] = len(response.body())
        except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
            sizes.setdefault(response.url, 0)

    page.on("response", record)
    return sizes
