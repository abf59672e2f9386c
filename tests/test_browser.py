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
        assert font.startswith(('"Roboto"', "Roboto"))
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


def test_dutch_search_with_facet_filter(served) -> None:
    from playwright.sync_api import expect

    with browser_page(served) as (page, blocked):
        page.goto(served + "praktijkvoorbeelden/jet-net.html")
        # The header search box leads to the search page.
        page.locator("#kb-header-q").fill("gesprekken")
        page.locator("#kb-header-q").press("Enter")
        page.wait_for_url(served + "zoeken.html?q=gesprekken")
        status = page.locator("#kb-search-status")
        expect(status).to_contain_text("voor ‘gesprekken’")
        titles = page.locator(".kb-search__title")
        expect(
            titles.filter(has_text="Sterkte-zwakteanalyse met het Centre of expertise Healthy Ageing")
        ).to_have_count(1)
        # Results show description and facets too.
        first = page.locator(".kb-search__result").first
        expect(first.locator(".kb-search__description")).not_to_be_empty()
        expect(first.locator(".kb-search__facets")).not_to_be_empty()
        before = titles.count()
        # Filters load on request (their index is large on a big kennisbank).
        page.get_by_role("button", name="Filters tonen").click()
        # Narrow to cases of level II in the phase of early followers: one case remains.
        page.get_by_role("checkbox", name="Praktijkvoorbeeld").check()
        page.get_by_role("checkbox", name="II. Monitoring en benchmarking").check()
        expect(titles).to_have_count(1)  # the kennisprogramma is no longer tagged II (issue 14)
        page.get_by_role("checkbox", name="Vroege volgers").check()
        expect(titles).to_have_count(1)
        assert before > 1
        expect(titles.first).to_have_text("Sterkte-zwakteanalyse met het Centre of expertise Healthy Ageing")
        assert "niveau=II.+Monitoring+en+benchmarking" in page.url and "fase=Vroege+volgers" in page.url
        titles.first.click()
        page.wait_for_url(served + "praktijkvoorbeelden/sterkte-zwakteanalyse-coe-healthy-ageing.html")
        expect(page.locator("#kb-search-offline")).to_have_count(0)
        assert blocked == []


def test_offline_search_from_file(shipped_site) -> None:
    require_browser()
    from playwright.sync_api import expect

    base = shipped_site.as_uri() + "/"
    with browser_page(base) as (page, blocked):
        page.goto(base + "index.html")
        page.locator("#kb-header-q").fill("gesprekken")
        page.locator("#kb-header-q").press("Enter")
        page.wait_for_url(base + "zoeken.html?q=gesprekken")
        expect(page.locator("#kb-search-offline")).to_be_visible()
        expect(page.locator("#kb-search-offline")).to_contain_text("Zoeken en filteren werken ook zonder server")
        expect(page.get_by_role("button", name="Filters tonen")).to_be_visible()
        titles = page.locator(".kb-search__title")
        expect(titles.filter(has_text="Kies voor persoonlijk contact boven papierwerk")).to_have_count(1)
        titles.filter(has_text="Kies voor persoonlijk contact boven papierwerk").click()
        page.wait_for_url(base + "lessen/kies-persoonlijk-contact-boven-papierwerk.html")
        assert blocked == []
