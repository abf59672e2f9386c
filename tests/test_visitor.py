"""What a visitor sees: the 404 page under any sub-path, the footer, the matrix on a phone, the
way back from a case, its table of contents, the navigation and the print header."""

from __future__ import annotations

import contextlib
import functools
import html as html_lib
import re
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser import browser_page, require_browser
from tests.conftest import REPO


def html(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


@pytest.fixture
def site(project) -> Path:
    text = project.read("kennisbank/praktijkvoorbeelden/pilot-docenten.md").replace(
        "status: lopend",
        'status: lopend\nperiode: "2024-"\nindicatoren: [Aantal docenten]\n'
        "bronnen:\n  - titel: Rapport\ncontact:\n  naam: An de Vries",
    )
    project.write("kennisbank/praktijkvoorbeelden/pilot-docenten.md", text)
    return project.build()


# -- 404 ----------------------------------------------------------------------------------------


def test_404_is_dutch_with_search_and_relative_urls(site) -> None:
    page = html(site, "404.html")
    assert "<h1>Pagina niet gevonden</h1>" in page
    assert "404 - Not found" not in page
    assert 'role="search"' in page and 'name="q"' in page
    assert "Naar de startpagina" in page
    urls = re.findall(r'(?:href|src)="([^"]+)"', page)
    assert urls and not [u for u in urls if u.startswith("/")], "no root-absolute URL: they break under a sub-path"


class _NotFoundHandler(SimpleHTTPRequestHandler):
    """Serves the site under /kb/ and answers every missing file with its 404.html, as a web
    server configured with an error page does."""

    prefix = "/kb/"
    site: Path

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return "/nonexistent"
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code, message=None, explain=None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve_with_404(site: Path) -> Iterator[str]:
    handler = functools.partial(type("H", (_NotFoundHandler,), {"site": site}), directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/kb/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    "missing",
    [
        "bestaat-niet.html",  # at the top: found without asking the server
        "praktijkvoorbeelden/verplaatst/oud.html",  # under a folder of the site
        "onbekend/diep/pad/",  # no folder of the site in it: the script asks the server
    ],
)
def test_404_works_at_any_depth_under_a_sub_path(site, missing) -> None:
    require_browser()
    with serve_with_404(site) as base, browser_page(base) as (page, blocked):
        page.goto(base + missing)
        assert page.locator("h1").inner_text() == "Pagina niet gevonden"
        assert page.evaluate("document.baseURI") == base
        # Styled: Material's stylesheet loaded, so the logo is header-sized, not full screen.
        height = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().height")
        assert 0 < height < 120
        page.get_by_role("link", name="Naar de startpagina").click()
        page.wait_for_load_state()
        assert page.url.startswith(base) and "Welkom." in page.content()
        assert blocked == []


# -- footer --------------------------------------------------------------------------------------


def test_footer_without_settings_shows_only_the_date(site) -> None:
    page = html(site, "index.html")
    assert "Made with" not in page and "Material for MkDocs" not in page
    assert "Een kennisbank van" not in page and "Vragen of een fout gezien?" not in page
    assert re.search(r'Laatst bijgewerkt: <time datetime="2026-11-27">27 november 2026</time>', page)


def test_footer_shows_owner_contact_and_date_from_mkdocs_yml(project) -> None:
    project.write(
        "mkdocs.yml",
        project.read("mkdocs.yml").replace(
            "      contribute_page: bijdragen.md\n",
            "      contribute_page: bijdragen.md\n      owner: Stichting <Voorbeeld>\n"
            "      contact: vragen@example.org\n      updated: 2026-12-01\n",
        ),
    )
    page = html(project.build(), "praktijkvoorbeelden/pilot-docenten/index.html")
    assert "Een kennisbank van Stichting &lt;Voorbeeld&gt;" in page
    assert '<a href="mailto:vragen@example.org">vragen@example.org</a>' in page
    assert '<time datetime="2026-12-01">1 december 2026</time>' in page


def test_footer_contact_as_web_page_and_bad_date(project) -> None:
    from mkdocs.exceptions import Abort

    yml = project.read("mkdocs.yml")
    project.write(
        "mkdocs.yml",
        yml.replace(
            "      contribute_page: bijdragen.md\n",
            "      contribute_page: bijdragen.md\n      contact: https://example.org/contact\n",
        ),
    )
    assert '<a href="https://example.org/contact">Neem contact op</a>' in html(project.build(), "index.html")
    project.write(
        "mkdocs.yml",
        yml.replace(
            "      contribute_page: bijdragen.md\n", "      contribute_page: bijdragen.md\n      updated: 1 december\n"
        ),
    )
    with pytest.raises(Abort):
        project.build(site=project.root / "site2")


def test_shipped_config_invents_no_contact(shipped_site) -> None:
    page = html(shipped_site, "index.html")
    assert "Vragen of een fout gezien?" not in page and "mailto:" not in page
    assert "Made with" not in page


# -- the matrix ----------------------------------------------------------------------------------


def test_matrix_says_cases_count_per_level_and_names_phases_in_cells(site) -> None:
    page = html(site, "index.html")
    assert "telt dan mee in de cel van elk van die niveaus" in page
    assert page.count('<span class="kb-matrix__phase" aria-hidden="true">') == 28


def test_matrix_reads_on_a_phone(shipped_site) -> None:
    require_browser()
    from tests.browser import serve

    with serve(shipped_site) as base, browser_page(base) as (page, blocked):
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(base + "index.html")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Every phase label and level name on one line's width: no word is broken.
        broken = page.evaluate("""() => [...document.querySelectorAll('.kb-matrix__phase, .kb-matrix tbody th')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)""")
        assert broken == []
        labels = page.evaluate("""() => [...document.querySelectorAll('.kb-matrix tbody tr:first-child .kb-matrix__phase')]
            .map(e => getComputedStyle(e).display)""")
        assert labels == ["block"] * 4
        rows = page.evaluate("""() => [...document.querySelectorAll('.kb-matrix tbody tr')]
            .map(r => Math.round(r.getBoundingClientRect().width))""")
        assert len(rows) == 7 and all(width > 300 for width in rows), "one full-width block per level"
        assert blocked == []


# -- case page -----------------------------------------------------------------------------------


def test_case_breadcrumb_period_and_toc(site) -> None:
    page = html(site, "praktijkvoorbeelden/pilot-docenten/index.html")
    crumb = re.search(r'<nav class="kb-breadcrumb" aria-label="Kruimelpad">(.*?)</nav>', page, re.DOTALL).group(1)
    assert '<a href="../..">Home</a>' in crumb or '<a href="../../">Home</a>' in crumb
    assert '<a href="../../niveaus/iii/">III. Pilotgerichte interventies</a>' in crumb
    assert '<a href="../../fase/pilotfase/">Pilotfase</a>' in crumb
    assert '<li aria-current="page">Pilot docenten</li>' in crumb
    assert "<dd>sinds 2024</dd>" in page
    toc = re.search(r'<nav class="md-nav md-nav--secondary"(.*?)</nav>\s*</div>', page, re.DOTALL).group(1)
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert anchors == [
        "aanleiding",
        "lessen-uit-dit-voorbeeld",
        "indicatoren",
        "bronnen",
        "contact",
        "vergelijkbare-praktijkvoorbeelden",
    ]
    for anchor in anchors:
        assert f'id="{anchor}"' in page


def test_period_with_end_year(project) -> None:
    text = project.read("kennisbank/praktijkvoorbeelden/pilot-docenten.md").replace(
        "status: lopend", 'status: lopend\nperiode: "2010-2015"'
    )
    project.write("kennisbank/praktijkvoorbeelden/pilot-docenten.md", text)
    assert "<dd>2010–2015</dd>" in html(project.build(), "praktijkvoorbeelden/pilot-docenten/index.html")


def test_breadcrumbs_on_lesson_level_and_term_pages(site) -> None:
    lesson = html(site, "lessen/begin-klein/index.html")
    assert '<a href="../">Lessen</a>' in lesson and '<li aria-current="page">Begin klein</li>' in lesson
    level = html(site, "niveaus/i/index.html")
    assert '<a href="../">Interventieniveaus</a>' in level
    assert '<li aria-current="page">I. Financiële middelen</li>' in level
    term = html(site, "onderwijs/mbo/index.html")
    assert '<a href="../">Onderwijssoorten</a>' in term and '<li aria-current="page">Mbo</li>' in term


def test_lesson_toc_lists_generated_sections(site) -> None:
    page = html(site, "lessen/begin-klein/index.html")
    toc = re.search(r'<nav class="md-nav md-nav--secondary"(.*?)</nav>\s*</div>', page, re.DOTALL).group(1)
    assert re.findall(r'href="#([^"]+)"', toc) == ["waarom", "onderbouwing"]


def test_cards_keep_chips_compact(shipped_site) -> None:
    require_browser()
    from tests.browser import serve

    with serve(shipped_site) as base, browser_page(base) as (page, blocked):
        page.goto(base + "praktijkvoorbeelden/index.html")
        heights = page.evaluate("""() => [...document.querySelectorAll('.kb-card .kb-card__facets')]
            .map(e => e.getBoundingClientRect().height)""")
        cases = len(list((REPO / "kennisbank" / "praktijkvoorbeelden").glob("*.md")))
        assert len(heights) == cases and max(heights) < 110, heights  # one block per facet was up to 190 px
        assert blocked == []


# -- navigation and print ------------------------------------------------------------------------


def test_navigation_sections(shipped_site) -> None:
    page = html(shipped_site, "index.html")
    nav = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>\s*</div>', page, re.DOTALL).group(0)
    labels = [
        html_lib.unescape(re.sub(r"\s+", " ", t).strip())
        for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', nav, re.DOTALL)
    ]
    assert labels[labels.index("Zoeken op kenmerk") + 1 :][:4] == ["Fasen", "Onderwijssoorten", "Thema's", "Regio's"]
    meewerken = labels.index("Meewerken")
    assert [label.split()[0] for label in labels[meewerken + 1 : meewerken + 4]] == ["Bijdragen", "Velden", "Beheer"]
    over = labels.index("Over deze kennisbank")
    assert not [label for label in labels[over:meewerken] if label.startswith(("Beheer", "Velden", "Bijdragen"))]


def test_print_header_has_site_name_address_and_date(site) -> None:
    page = html(site, "praktijkvoorbeelden/pilot-docenten/index.html")
    header = re.search(r'<div class="kb-print-only kb-print-header">(.*?)</div>', page, re.DOTALL).group(1)
    assert "<strong>Testkennisbank</strong>" in header
    assert "praktijkvoorbeelden/pilot-docenten/" in header and "location.href" in header
    assert "stand van 27 november 2026" in header


def test_print_layout(shipped_site) -> None:
    require_browser()
    from tests.browser import serve

    with serve(shipped_site) as base, browser_page(base) as (page, blocked):
        page.goto(base + "praktijkvoorbeelden/jet-net.html")
        page.emulate_media(media="print")
        assert page.locator(".kb-print-header").is_visible()
        assert base in page.locator(".kb-print-url").inner_text()
        assert not page.locator(".kb-list__description").first.is_visible()
        assert blocked == []
