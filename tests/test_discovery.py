"""Discovery features in real builds and in Chromium: listings that filter and sort (served and
from file://), the CSV of the filtered list, "Voorbeelden zoals mijn school" ranking as Python
does, "Nieuw en bijgewerkt" and Atom feeds (validated with feedparser), the open data as a
Frictionless Data Package whose row counts match the kennisbank, and a printed card."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from mkdocs_kennisbank.content.loader import load
from mkdocs_kennisbank.search.fit import rank

from .browser import browser_page, require_browser, serve
from .conftest import REPO, Project

SITE_URL = "https://kennisbank.example.nl/intranet/"


@pytest.fixture(scope="module")
def kb():
    return load(REPO / "kennisbank", root=REPO)


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory) -> Path:
    """The shipped kennisbank built with a site_url: feeds and QR codes need absolute addresses."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path_factory.mktemp("addressed") / "site"
    build(load_config(str(REPO / "mkdocs.yml"), site_dir=str(site), strict=True, site_url=SITE_URL))
    return site


# -- feeds and "Nieuw en bijgewerkt" --------------------------------------------------------------


def test_feeds_validate_and_list_what_is_new(addressed_site: Path, kb) -> None:
    import feedparser

    everything = feedparser.parse((addressed_site / "feeds" / "alles.xml").read_bytes())
    assert not everything.bozo, everything.get("bozo_exception")
    assert everything.feed.title and everything.version == "atom10"
    entries = everything.entries
    dated = [e for e in [*kb.cases.values(), *kb.lessons.values()] if e.published or e.updated]
    assert len(entries) == min(50, len(dated))
    assert all(e.link.startswith(SITE_URL) for e in entries)
    stamps = [e.updated_parsed for e in entries]
    assert stamps == sorted(stamps, reverse=True)
    # One feed per level, with exactly the entries found under that level.
    level = feedparser.parse((addressed_site / "feeds" / "niveau-iii.xml").read_bytes())
    assert not level.bozo
    expected = {e.slug for e in dated if "III" in kb.search_terms(e, "interventieniveaus")}
    assert {e.link.rsplit("/", 1)[1].removesuffix(".html") for e in level.entries} == expected
    # Pages link their feeds; the head announces the feed of everything.
    home = (addressed_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="feeds/alles.xml"', home)
    page = (addressed_site / "niveaus" / "iii.html").read_text(encoding="utf-8")
    assert 'href="../feeds/niveau-iii.xml"' in page
    changes = (addressed_site / "nieuw.html").read_text(encoding="utf-8")
    assert 'href="feeds/alles.xml"' in changes


def test_without_site_url_there_are_no_feeds_and_the_page_says_why(shipped_site: Path, kb) -> None:
    assert not (shipped_site / "feeds").exists()
    page = (shipped_site / "nieuw.html").read_text(encoding="utf-8")
    assert "Feeds (om wijzigingen te volgen in een feedlezer) zijn er pas als de beheerder" in page
    assert "application/atom+xml" not in page
    # Every dated case and lesson is listed, newest first.
    dates = re.findall(r'<time datetime="([0-9-]+)">', page.split('class="kb-changes"')[1].split("</ol>")[0])
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == sum(1 for e in [*kb.cases.values(), *kb.lessons.values()] if e.published or e.updated)


# -- open data ------------------------------------------------------------------------------------


def test_open_data_is_a_valid_data_package_that_matches_the_kennisbank(shipped_site: Path, kb) -> None:
    from frictionless import validate

    data = shipped_site / "data"
    report = validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])

    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO((data / name).read_text(encoding="utf-8"))))

    assert {r["slug"] for r in rows("praktijkvoorbeelden.csv")} == set(kb.cases)
    assert {r["slug"] for r in rows("lessen.csv")} == set(kb.lessons)
    assert len(rows("koppelingen.csv")) == sum(len(c.links) for c in kb.cases.values())
    assert len(rows("waarden.csv")) == sum(len(f.terms) for f in kb.taxonomy.facets.values())
    fields = {(r["bestand"], r["veld"]) for r in rows("velden.csv")}
    assert ("praktijkvoorbeelden", "gespreksvragen") in fields and ("praktijkvoorbeelden", "fase") in fields
    cases = json.loads((data / "praktijkvoorbeelden.json").read_text(encoding="utf-8"))
    assert {c["slug"]: c["gespreksvragen"] for c in cases} == {s: c.questions for s, c in kb.cases.items()}
    page = (shipped_site / "open-data.html").read_text(encoding="utf-8")
    assert 'href="data/datapackage.json"' in page and "Licentie:" in page


# -- listings in the browser ----------------------------------------------------------------------


def _listing_case(page, base: str, kb) -> None:
    """Level III: filter on vmbo, sort newest first, check the list and the URL, reload."""
    from playwright.sync_api import expect

    page.goto(base + "niveaus/iii.html")
    page.wait_for_selector("[data-kb-listing-ready]")
    level_cases = kb.cases_with("interventieniveaus", "III")
    everything = page.evaluate("window.kbListings[0].visible()")
    assert sorted(everything) == sorted(c.slug for c in level_cases)
    page.get_by_text("Filteren", exact=True).click()
    page.get_by_role("checkbox", name=re.compile(r"^Vmbo")).check()
    expected = [c for c in level_cases if "vmbo" in c.terms("onderwijs")]
    expect(page.locator(".kb-listing__status")).to_have_text(
        f"{len(expected)} van {len(level_cases)} praktijkvoorbeelden"
    )
    page.get_by_label("Sorteren op").select_option("nieuwste")
    shown = page.evaluate("window.kbListings[0].visible()")
    newest = sorted(expected, key=lambda c: c.title.casefold())
    newest = sorted(newest, key=lambda c: (c.updated or c.published).isoformat(), reverse=True)
    assert shown == [c.slug for c in newest]
    assert "onderwijs=vmbo" in page.url and "sorteer=nieuwste" in page.url
    # Hidden cards are not seen; an empty phase group disappears while filtering.
    assert page.locator(".kb-card:visible").count() == len(expected)
    # The CSV download holds exactly the visible list.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download deze lijst als CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0][:3] == ["slug", "titel", "url"]
    assert [line[0] for line in lines[1:]] == shown
    # The choice lives in the URL: a reload (or a shared link) shows the same list.
    page.reload()
    page.wait_for_selector("[data-kb-listing-ready]")
    assert page.evaluate("window.kbListings[0].visible()") == shown


def test_listing_filters_and_sorts_when_served(shipped_site: Path, kb) -> None:
    require_browser()
    with serve(shipped_site, "/intranet/kennisbank/") as base, browser_page(base) as (page, blocked):
        _listing_case(page, base, kb)
        assert blocked == []


def test_listing_filters_and_sorts_from_a_file_share(shipped_site: Path, kb) -> None:
    require_browser()
    base = shipped_site.as_uri() + "/"
    with browser_page(base) as (page, blocked):
        _listing_case(page, base, kb)
        assert blocked == []


# -- like my school ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["onderwijs=vmbo&fase=pilotfase", "regio=noord&thema=zorg", "onderwijs=mbo&onderwijs=hbo&fase=opschalingsfase"],
)
def test_like_mine_ranks_and_explains_as_python_does(shipped_site: Path, kb, query: str) -> None:
    require_browser()
    profile: dict[str, list[str]] = {}
    for pair in query.split("&"):
        key, value = pair.split("=")
        profile.setdefault(key, []).append(value)
    expected = rank(kb, profile)
    base = shipped_site.as_uri() + "/"
    with browser_page(base) as (page, blocked):
        page.goto(f"{base}zoals-mijn-school.html?{query}")
        page.wait_for_selector("#kb-like-mine-results > li, #kb-like-mine-status:has-text('Geen')")
        items = page.locator("#kb-like-mine-results > li")
        shown = min(items.count(), 20)
        assert shown == min(len(expected), 20)
        for number in range(shown):
            case, fit = expected[number]
            item = items.nth(number)
            assert item.get_by_role("link").first.inner_text() == case.title
            assert fit.reason in item.inner_text()
        # The advice of the chosen phase is shown, with its source.
        if "fase=pilotfase" in query:
            advice = page.locator("[data-kb-advice='pilotfase']")
            assert advice.is_visible() and "III. Pilotgerichte interventies" in advice.inner_text()
            assert not page.locator("[data-kb-advice='late-volgers']").is_visible()
        assert blocked == []


# -- the printed card ----------------------------------------------------------------------------


def _pages(pdf: bytes) -> tuple[int, str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(page.extract_text() for page in reader.pages)


def test_a_printed_card_fits_two_pages_and_carries_the_address(addressed_site: Path, kb) -> None:
    require_browser()
    base = addressed_site.as_uri() + "/"
    with browser_page(base) as (page, blocked):
        for slug in ("jet-net", "hybride-docent"):
            page.goto(f"{base}kaarten/{slug}.html")
            assert page.locator("svg[role='img']").count() == 1  # the QR code of the address
            count, text = _pages(page.pdf(format="A4", print_background=True))
            assert 1 <= count <= 2, (slug, count)
            assert kb.cases[slug].title in text
            assert f"{SITE_URL}praktijkvoorbeelden/{slug}.html" in text.replace("\n", "")
        page.goto(f"{base}kaartensets/iii.html")
        count, _ = _pages(page.pdf(format="A4"))
        cases = len(kb.cases_with("interventieniveaus", "III"))
        assert cases <= count <= 2 * cases
        assert blocked == []


def test_case_pages_link_their_card_and_explain_related_cases(shipped_site: Path) -> None:
    page = (shipped_site / "praktijkvoorbeelden" / "jet-net.html").read_text(encoding="utf-8")
    assert '<a href="../kaarten/jet-net.html">Afdrukken als kaart</a>' in page
    assert "Vragen voor een teamoverleg" in page
    related = page.split('id="vergelijkbare-praktijkvoorbeelden"')[1]
    assert re.search(r'class="kb-list__reason">Zelfde [^<]+</span>', related)
    level = (shipped_site / "niveaus" / "iii.html").read_text(encoding="utf-8")
    assert 'href="../kaartensets/iii.html"' in level and "data-kb-listing" in level


def test_figures_show_as_a_chart_with_a_table(project: Project) -> None:
    """No shipped case has figures (the publication gives no series): a fixture does."""
    path = project.content / "praktijkvoorbeelden" / "pilot-docenten.md"
    text = path.read_text(encoding="utf-8").replace(
        "status: lopend",
        "status: lopend\ncijfers:\n  - indicator: Deelnemende <scholen> & meer\n    eenheid: scholen\n"
        "    bron: Jaarverslag\n    waarden:\n      - jaar: 2015\n        waarde: 12\n"
        "      - jaar: 2016\n        waarde: 20,5\n",
    )
    path.write_text(text, encoding="utf-8")
    site = project.build()
    page = (site / "praktijkvoorbeelden" / "pilot-docenten" / "index.html").read_text(encoding="utf-8")
    figures = page.split('id="cijfers"')[1]
    assert "<svg" in figures and 'role="img"' in figures and "<table" in figures
    assert "Deelnemende &lt;scholen&gt; &amp; meer" in figures and "20,5" in figures
    assert "<script" not in figures.split("</table>")[0]
