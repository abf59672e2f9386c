"""Printable cards of practice cases (site/cards.py, templates/kennisbank/print-card.html,
assets/print-card.css): what a card holds, that it is safe, and that Chromium prints it on one or
two A4 pages per case."""

from __future__ import annotations

import dataclasses
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mkdocs_kennisbank.content.loader import load
from mkdocs_kennisbank.content.model import Case, Figures, Kennisbank, Source
from mkdocs_kennisbank.site import cards
from mkdocs_kennisbank.site.cards import body_sections, render_card, render_card_set

from .browser import CHROMIUM_ARGS, require_browser

REPO = Path(__file__).resolve().parent.parent
CSS = REPO / "plugins" / "mkdocs_kennisbank" / "assets" / "print-card.css"
HOSTILE = '<script>&"x"'
ADDRESS = "https://intranet.example/kennisbank/praktijkvoorbeelden/jet-net.html"
QUESTIONS = [
    "Welke bedrijven in onze regio willen met ons samenwerken?",
    "Wat zou een eerste, kleine stap zijn voor onze school?",
    "Wie in ons team neemt het initiatief, en wanneer spreken we weer af?",
]
FIGURES = [
    Figures(
        "Deelnemende scholen",
        ((2015, 120.0), (2016, 150.0), (2017, 175.0), (2018, 190.0), (2019, 214.0), (2020, 230.0)),
        "scholen",
        "Jaarverslag Jet-Net",
    ),
    Figures("Leerlingen met een bètaprofiel", ((2018, 41.5), (2019, 43.0), (2020, 44.25)), "%"),
]


@pytest.fixture(scope="module")
def kb() -> Kennisbank:
    return load(REPO / "kennisbank", REPO)


def with_extras(case: Case) -> Case:
    return dataclasses.replace(case, figures=list(FIGURES), questions=list(QUESTIONS))


def case_url(case: Case) -> str:
    return f"../praktijkvoorbeelden/{case.slug}.html"


class Page(HTMLParser):
    """The tags, attributes and text of a rendered page."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.chunks: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.chunks).split())

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


def assert_self_contained(page: Page) -> None:
    assert not page.all("script") and not page.all("iframe") and not page.all("img")
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src") and value is not None:
                assert not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:|//|\\\\", value), (tag, value)


# -- what a card holds -----------------------------------------------------------------------


def test_every_shipped_case_has_the_three_parts(kb: Kennisbank) -> None:
    for case in kb.sorted_cases():
        assert [s.key for s in cards.sections(case, 0)] == ["situatie", "aanpak", "resultaat"], case.slug


def test_sections_are_found_by_their_headings() -> None:
    body = (
        "Inleiding.\n\n## Aanleiding {#begin}\n\nEerst.\n\n```md\n## Aanpak\n```\n\n### Detail\n\nMeer.\n\n"
        "## Wat is er gedaan?\n\nDaarna.\n\n# Anders\n\nWeg.\n\n## Résultaten\n\nTot slot.\n"
    )
    parts = body_sections(body)
    assert parts["aanleiding"].startswith("Eerst.") and "## Aanpak" in parts["aanleiding"]
    assert "### Detail" in parts["aanleiding"]
    assert parts["wat is er gedaan"] == "Daarna."
    assert "Weg." not in "".join(parts.values())
    assert parts["resultaten"] == "Tot slot."


def test_a_body_with_other_headings_still_makes_a_card(kb: Kennisbank) -> None:
    case = dataclasses.replace(kb.cases["jet-net"], body="## Verhaal\n\nZo ging het.\n")
    found = cards.sections(case, 0)
    assert [s.key for s in found] == ["tekst"]
    assert "<h3>Verhaal</h3>" in found[0].html


def test_the_card_of_a_shipped_case(kb: Kennisbank) -> None:
    case = with_extras(kb.cases["jet-net"])
    markup = render_card(kb, case, case_url=case_url(case), css_url="../assets/print-card.css", address=ADDRESS)
    page = Page(markup)
    assert_self_contained(page)
    assert page.all("html")[0]["lang"] == "nl"
    assert page.all("link") == [{"rel": "stylesheet", "href": "../assets/print-card.css"}]
    hrefs = [a["href"] for a in page.all("a")]
    assert case_url(case) in hrefs
    assert len(page.all("h1")) == 1
    text = page.text
    assert "Jet-Net" in text and case.description in text
    for key in ("interventieniveaus", "fase", "onderwijs"):
        facet = kb.taxonomy.facets[key]
        for value in case.terms(key):
            term = facet.get(value)
            assert term is not None and facet.shown(term) in text
    assert "VII. Netwerkondersteuning" in text
    for heading in ("De situatie", "Wat is er gedaan", "Wat het opleverde", "Vragen voor het gesprek", "Cijfers"):
        assert heading in text
    for lesson in kb.lessons_of(case):
        assert lesson.title in text
    for question in QUESTIONS:
        assert question in text
    assert "https://www.pbt-netwerk.nl" in text  # the source's address, as text
    assert ADDRESS in text
    assert len(page.all("svg")) == len(FIGURES) + 1  # the charts and the QR code
    assert len(page.all("table")) == len(FIGURES)
    assert "Druk af met" in text
    # The body's own links become text: they lead elsewhere from the card's page.
    assert "vo-ho-netwerken.md" not in markup


def test_without_questions_figures_or_address_those_parts_are_left_out(kb: Kennisbank) -> None:
    case = dataclasses.replace(kb.cases["jet-net"], questions=[], figures=[])
    page = Page(render_card(kb, case, case_url=case_url(case), css_url="print-card.css"))
    assert "Vragen voor het gesprek" not in page.text and "Cijfers" not in page.text
    assert not page.all("svg") and not page.all("table")
    assert "online:" not in page.text
    assert "Praktijkvoorbeelden" in page.text


def test_hostile_content_is_escaped_or_removed(kb: Kennisbank) -> None:
    body = (
        "## Aanleiding\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        "[klik](javascript:alert(1)) <a href='https://elders.example/' onclick='x()'>weg</a>\n\n"
        "## Aanpak\n\n<style>body{display:none}</style>Gewoon.\n"
    )
    case = dataclasses.replace(
        kb.cases["jet-net"],
        title=HOSTILE,
        description=HOSTILE,
        body=body,
        questions=[HOSTILE],
        sources=[Source(HOSTILE, "javascript:alert(1)")],
        figures=[Figures(HOSTILE, ((2020, 1.0), (2021, 2.0)), HOSTILE, HOSTILE)],
        programme=HOSTILE,
    )
    markup = render_card(kb, case, case_url='x.html"><script>', css_url="a.css", address=ADDRESS + '"><script>')
    assert "<script" not in markup and "<style" not in markup and "<img" not in markup
    page = Page(markup)
    assert_self_contained(page)
    assert HOSTILE in page.text  # shown as typed
    assert "&lt;script&gt;" in markup
    assert "klik" in page.text and "weg" in page.text
    assert not any((a.get("href") or "").startswith(("javascript", "https")) for a in page.all("a"))
    assert f"Kaart: {HOSTILE}" in page.text  # the <title>


def test_a_card_set_starts_every_card_on_its_own(kb: Kennisbank) -> None:
    chosen = [kb.cases[s] for s in ("katapult", "jet-net", "vo-ho-netwerken")]
    markup = render_card_set(
        kb,
        chosen,
        title="Kaartenset VII. Netwerkondersteuning",
        css_url="../assets/print-card.css",
        case_url=case_url,
        address=lambda c: f"https://intranet.example/kb/praktijkvoorbeelden/{c.slug}.html",
        back_url="../niveaus/vii.html",
        back_label="Terug naar Netwerkondersteuning",
    )
    page = Page(markup)
    assert_self_contained(page)
    articles = page.all("article")
    assert [a["id"] for a in articles] == ["kaart-katapult", "kaart-jet-net", "kaart-vo-ho-netwerken"]
    ids = [attrs["id"] for _, attrs in page.tags if attrs.get("id")]
    assert len(ids) == len(set(ids))
    assert len(page.all("h1")) == 1 and len(page.all("h2")) == 3
    assert "../niveaus/vii.html" in [a["href"] for a in page.all("a")]
    assert len([s for s in page.all("svg") if s.get("class") == "kb-qr"]) == 3
    assert "3 kaarten" in page.text
    assert "break-before: page" in CSS.read_text(encoding="utf-8")


def test_the_stylesheet_is_for_a4_and_reaches_nothing_outside() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css)
    assert "@media print" in css
    assert "url(" not in css and "@import" not in css and "http" not in css


# -- printed by Chromium ---------------------------------------------------------------------


def pdf_pages(data: bytes) -> list[str] | int:
    """The text of each page (pypdf), or only the number of pages without pypdf."""
    try:
        import io

        from pypdf import PdfReader
    except ImportError:
        return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def print_to_pdf(folder: Path, name: str, markup: str) -> tuple[bytes, list[str]]:
    """`markup` opened from file:// (nothing outside the folder allowed) and printed to PDF."""
    from playwright.sync_api import sync_playwright

    (folder / "assets").mkdir(exist_ok=True)
    shutil.copy(CSS, folder / "assets" / "print-card.css")
    (folder / "kaarten").mkdir(exist_ok=True)
    path = folder / "kaarten" / f"{name}.html"
    path.write_text(markup, encoding="utf-8")
    allowed = folder.as_uri() + "/"
    blocked: list[str] = []

    def guard(route) -> None:
        if route.request.url.startswith((allowed, "data:")):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.route("**/*", guard)
            loaded: list[str] = []
            page.on("requestfinished", lambda r: loaded.append(r.url))
            page.goto(path.as_uri())
            assert any(u.endswith("/assets/print-card.css") for u in loaded), "the stylesheet did not load"
            data = page.pdf(prefer_css_page_size=True)
        finally:
            browser.close()
    return data, blocked


@pytest.fixture
def browser_ready() -> None:
    require_browser()
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium ontbreekt (/usr/bin/chromium)")


@pytest.mark.usefixtures("browser_ready")
def test_a_printed_card_fills_one_or_two_a4_pages(kb: Kennisbank, tmp_path: Path) -> None:
    case = with_extras(kb.cases["jet-net"])
    markup = render_card(kb, case, case_url=case_url(case), css_url="../assets/print-card.css", address=ADDRESS)
    data, blocked = print_to_pdf(tmp_path, "jet-net", markup)
    assert blocked == []
    pages = pdf_pages(data)
    count = pages if isinstance(pages, int) else len(pages)
    assert 1 <= count <= 2, count
    if isinstance(pages, list):
        text = "".join("".join(p.split()) for p in pages)
        assert "".join(ADDRESS.split()) in text
        assert "Jet-Net" in pages[0]
        assert "Druk af met" not in text  # the screen's hint is not printed


@pytest.mark.usefixtures("browser_ready")
def test_a_printed_card_set_gives_each_case_one_or_two_pages(kb: Kennisbank, tmp_path: Path) -> None:
    chosen = [with_extras(kb.cases[s]) for s in ("katapult", "jet-net", "vo-ho-netwerken")]
    markup = render_card_set(
        kb,
        chosen,
        title="Kaartenset VII. Netwerkondersteuning",
        css_url="../assets/print-card.css",
        case_url=case_url,
        address=lambda c: f"https://intranet.example/kb/praktijkvoorbeelden/{c.slug}.html",
    )
    data, blocked = print_to_pdf(tmp_path, "niveau-vii", markup)
    assert blocked == []
    pages = pdf_pages(data)
    count = pages if isinstance(pages, int) else len(pages)
    assert 3 <= count <= 6, count
    if isinstance(pages, list):
        # Every card starts at the top of a page of its own.
        starts = [i for i, text in enumerate(pages) if text.lstrip().upper().startswith("PRAKTIJKVOORBEELD")]
        assert len(starts) == 3, starts
        for index, case in zip(starts, chosen, strict=True):
            assert case.title in pages[index]
        assert starts[0] == 0
        assert all(b - a in (1, 2) for a, b in zip(starts, [*starts[1:], count], strict=True))
