"""Every kind of page in headless Chromium: no request leaves the site (served under a
sub-path and opened from file://), and axe-core finds no serious or critical WCAG 2.1 AA issue."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser import browser_page, require_browser, serve
from .conftest import REPO

PAGES = [
    "index.html",
    "niveaus/index.html",
    "niveaus/iii.html",
    "praktijkvoorbeelden/index.html",
    "praktijkvoorbeelden/eerst-de-klas.html",
    "lessen/index.html",
    "lessen/zorg-dat-een-pilot-echt-iets-toevoegt.html",
    "fase/index.html",
    "fase/pilotfase.html",
    "onderwijs/mbo.html",
    "thema/zorg.html",
    "regio/landelijk.html",
    "zoeken.html?q=docenten",
    "velden.html",
    "over.html",
    "bijdragen.html",
    "toegankelijkheid.html",
    "niveaus/iii.html?onderwijs=vmbo&sorteer=nieuwste",
    "zoals-mijn-school.html?onderwijs=vmbo&fase=pilotfase",
    "nieuw.html",
    "open-data.html",
    "kaarten/jet-net.html",
    "kaartensets/iii.html",
]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def served(shipped_site):
    require_browser()
    with serve(shipped_site, "/intranet/kennisbank/") as base:
        yield base


def settle(page) -> None:
    page.wait_for_load_state("load")
    if "zoeken.html" in page.url:
        page.wait_for_selector(".kb-search__title, #kb-search-status:has-text('Geen')", timeout=20000)


@pytest.mark.parametrize("path", PAGES)
def test_served_page_requests_nothing_outside(served, path: str) -> None:
    with browser_page(served) as (page, blocked):
        response = page.goto(served + path)
        assert response is not None and response.ok
        settle(page)
        assert blocked == []


@pytest.mark.parametrize("path", [p for p in PAGES if "?" not in p] + ["zoeken.html"])
def test_file_page_requests_nothing_outside(shipped_site: Path, path: str) -> None:
    require_browser()
    base = shipped_site.as_uri() + "/"
    with browser_page(base) as (page, blocked):
        page.goto(base + path)
        page.wait_for_load_state("load")
        assert page.locator("h1").count() >= 1
        assert blocked == []


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations(served, path: str) -> None:
    if not AXE.exists():
        if os.environ.get("KENNISBANK_REQUIRE_BROWSER"):
            pytest.fail("axe-core ontbreekt (npm ci)")
        pytest.skip("axe-core ontbreekt (npm ci)")
    with browser_page(served) as (page, blocked):
        page.goto(served + path)
        settle(page)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA)
        serious = [
            (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == []
        assert blocked == []
