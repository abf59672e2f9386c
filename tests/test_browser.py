"""Headless Chromium on the shipped kennisbank, served under a sub-path with all outside network blocked."""

from __future__ import annotations

import pytest

from .browser import browser_page, require_browser, serve


@pytest.fixture(scope="module")
def served(shipped_site):
    require_browser()
    with serve(shipped_site, "/intranet/kennisbank/") as base:
        yield base


def test_visitor_walks_from_matrix_to_case_and_lesson(served) -> None:
    from playwright.sync_api import expect

    with browser_page(served) as (page, blocked):
        page.goto(served)
        assert page.locator("h1").first.inner_text() == "Kennisbank Impactrijke veranderingen"
        # The III x pilotfase cell leads to the phase section of level III.
        page.locator("tbody tr").nth(2).locator("td").nth(0).locator("a").click()
        page.wait_for_url(served + "niveaus/iii.html#fase-pilotfase")
        section = page.locator("#fase-pilotfase + .kb-cards")
        section.get_by_role("link", name="Hybride docent").click()
        page.wait_for_url(served + "praktijkvoorbeelden/hybride-docent.html")
        expect(page.locator("h1")).to_have_text("Hybride docent")
        # Facet chip to the phase page, which lists the case.
        page.locator(".kb-facts").get_by_role("link", name="Pilotfase").click()
        page.wait_for_url(served + "fase/pilotfase.html")
        expect(page.get_by_role("link", name="Hybride docent")).to_have_count(1)
        # Stylesheets and fonts came from the sub-path.
        page.wait_for_load_state("load")
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert font.startswith('"Roboto"') or font.startswith("Roboto")
        assert page.evaluate("document.fonts.check('16px Roboto')")
        assert blocked == []


def test_lesson_and_case_link_each_other(served) -> None:
    from playwright.sync_api import expect

    with browser_page(served) as (page, blocked):
        page.goto(served + "praktijkvoorbeelden/eerst-de-klas.html")
        page.get_by_role("link", name="Zorg dat een pilot echt iets toevoegt").click()
        page.wait_for_url(served + "lessen/zorg-dat-een-pilot-echt-iets-toevoegt.html")
        page.locator(".kb-cards").get_by_role("link", name="Eerst De Klas").click()
        page.wait_for_url(served + "praktijkvoorbeelden/eerst-de-klas.html")
        expect(page.locator("h1")).to_have_text("Eerst De Klas")
        assert blocked == []
