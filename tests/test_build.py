"""Real MkDocs builds of a tiny kennisbank into a temp dir, asserting on the HTML."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from mkdocs_kennisbank.cli import main

REQUEST_ATTRS = re.compile(
    r"<(?:script|img|iframe|source|audio|video|embed)\b[^>]*\ssrc=\"([^\"]+)\"|<link\b[^>]*\shref=\"([^\"]+)\""
)


@pytest.fixture
def site(project, caplog) -> Path:
    caplog.set_level(logging.WARNING, logger="mkdocs")
    built = project.build()
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    return built


def html(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_home_matrix(site) -> None:
    page = html(site, "index.html")
    assert "Aantal praktijkvoorbeelden per interventieniveau en fase" in page
    cell = re.search(
        r'<td class="kb-matrix__cell"><a href="niveaus/iii/#fase-pilotfase"[^>]*>'
        r'<span class="kb-matrix__phase" aria-hidden="true">Pilotfase</span>1 '
        r'<span class="kb-matrix__sourced" aria-hidden="true">0 bron</span></a></td>',
        page,
    )
    assert cell, "the III x pilotfase cell links to the level page's phase section"
    empty = re.findall(r'kb-matrix__cell--empty"><a href="bijdragen/"', page)
    assert len(empty) == 28 - 4  # four filled cells, the rest invite a contribution
    assert page.count("<tr>") == 1 + 7


def test_level_page(site) -> None:
    page = html(site, "niveaus/i/index.html")
    assert "<h1>Financiële middelen</h1>" in page
    assert "Uitleg over niveau I." in page
    assert (
        '<a class="kb-list__title" href="../../lessen/combineer-geld-en-kennis/">Combineer geld en kennis</a>' in page
    )
    assert '<h3 id="fase-vroege-volgers">Vroege volgers (<span data-kb-group-count>1</span>)</h3>' in page
    assert '<a href="../../praktijkvoorbeelden/regionale-aanpak/">Regionale aanpak</a>' in page
    assert '<h2 id="praktijkvoorbeelden">Praktijkvoorbeelden (1)</h2>' in page


def test_case_page_links_both_ways(site) -> None:
    case = html(site, "praktijkvoorbeelden/pilot-docenten/index.html")
    assert "<h1>Pilot docenten</h1>" in case
    assert '<a class="kb-list__title" href="../../lessen/begin-klein/">Begin klein</a>' in case
    assert 'href="../../fase/pilotfase/">Pilotfase</a>' in case
    # No `volgens-bron` in the fixture: every value is the editors' classification, marked so.
    assert (
        'href="../../onderwijs/havo-vwo/">Havo en vwo<span class="kb-sr-only"> (indeling door de redactie)</span></a>'
        in case
    )
    assert "Gestippeld omrand: de indeling van de redactie" in case
    assert 'href="../../niveaus/iii/">III. Pilotgerichte interventies</a>' in case
    lesson = html(site, "lessen/begin-klein/index.html")
    assert '<a href="../../praktijkvoorbeelden/pilot-docenten/">Pilot docenten</a>' in lesson


def test_material_gets_only_its_own_keys(site) -> None:
    """Our `status: lopend` is shown as our badge, never as Material's page status."""
    case = html(site, "praktijkvoorbeelden/pilot-docenten/index.html")
    assert '<span class="kb-status kb-status--lopend">Lopend in november 2026</span>' in case
    assert "md-status" not in case
    assert '<meta name="description" content="Een korte samenvatting.">' in case
    assert "<title>Pilot docenten - Testkennisbank</title>" in case


def test_term_and_facet_pages(site) -> None:
    term = html(site, "onderwijs/mbo/index.html")
    assert '<h2 id="praktijkvoorbeelden">Praktijkvoorbeelden (2)</h2>' in term
    overview = html(site, "onderwijs/index.html")
    assert re.search(
        r'href="mbo/">Mbo</a>\s*<span class="kb-count">2 praktijkvoorbeelden, 0 volgens de bron</span>', overview
    )
    assert re.search(
        r'href="po/">Primair onderwijs</a>\s*<span class="kb-count">0 praktijkvoorbeelden</span>', overview
    )
    for facet in ("fase", "onderwijs", "thema", "regio", "niveaus"):
        assert (site / facet / "index.html").exists()
    assert (site / "regio" / "landelijk" / "index.html").exists()
    assert (site / "velden" / "index.html").exists()


def test_small_nav(site) -> None:
    """Cases and lessons are not in the nav: a nav of thousands of pages makes builds quadratic."""
    home = html(site, "index.html")
    nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
    assert "Interventieniveaus" in nav
    assert "praktijkvoorbeelden/pilot-docenten/" not in nav


def test_no_request_leaves_the_site(site) -> None:
    # 404.html is served at any depth, so MkDocs writes it with root-absolute paths; it is the one
    # page that needs `site_url` to style itself under a sub-path (see README). It loads nothing external.
    for page in site.rglob("*.html"):
        absolute_ok = page.name == "404.html"
        for match in REQUEST_ATTRS.finditer(page.read_text(encoding="utf-8")):
            url = match.group(1) or match.group(2)
            assert not re.match(r"^(https?:)?//", url), f"{page.relative_to(site)} loads {url}"
            assert absolute_ok or not url.startswith("/"), f"{page.relative_to(site)} uses an absolute path {url}"
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert "@import" not in text or "fonts.googleapis" not in text
        for url in re.findall(r"url\(\s*['\"]?([^)'\"]+)", text):
            assert not re.match(r"^(https?:)?//", url), f"{css.relative_to(site)} loads {url}"


def test_content_error_fails_build_and_keeps_last_site(project, site, caplog, capsys, monkeypatch) -> None:
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    project.case("kapot", "Kapot", fase="pilot", onderwijs="[basisschool]")
    caplog.clear()
    with pytest.raises(Abort):
        project.build()
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before

    monkeypatch.chdir(project.root)  # restored after the test
    main(["check"])
    check_lines = capsys.readouterr().out.splitlines()
    assert errors[0].splitlines() == ["De kennisbank bevat 2 fouten; er is niets gebouwd:", *check_lines]


def test_a_theme_overrides_one_section_of_a_case_page(project) -> None:
    """Page templates are named blocks: a theme replaces the contact section and keeps the rest."""
    project.write(
        "mkdocs.yml", project.read("mkdocs.yml").replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    project.write(
        "overrides/kennisbank/case.html",
        '{% extends "kennisbank/case-page.html" %}\n'
        '{% block kb_contact %}<p class="eigen-contact">Vragen? Mail de redactie over {{ case.title | e }}.</p>'
        "{% endblock %}\n",
    )
    site = project.build()
    page = html(site, "praktijkvoorbeelden/pilot-docenten/index.html")
    assert '<p class="eigen-contact">Vragen? Mail de redactie over Pilot docenten.</p>' in page
    assert "<h1>Pilot docenten</h1>" in page and 'class="kb-facts"' in page and 'class="kb-breadcrumb"' in page
    lesson = html(site, "lessen/begin-klein/index.html")
    assert "eigen-contact" not in lesson and "<h1>Begin klein</h1>" in lesson


def test_generated_page_cannot_be_shadowed(project, caplog) -> None:
    project.write("docs/fase/index.md", "# Mijn fasen\n")
    with pytest.raises(Abort):
        project.build()
    assert any("docs/fase/index.md bestaat al" in r.getMessage() for r in caplog.records)


def test_templates_can_be_overridden(project) -> None:
    project.write(
        "mkdocs.yml", project.read("mkdocs.yml").replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
    )
    project.write(
        "overrides/kennisbank/partials/case-card.html",
        '<article class="eigen-kaart">{{ case.title | e }}</article>\n',
    )
    site = project.build()
    assert '<article class="eigen-kaart">Regionale aanpak</article>' in html(site, "niveaus/i/index.html")


def test_without_directory_urls(project) -> None:
    site = project.build(use_directory_urls=False)
    page = html(site, "niveaus/i.html")
    assert 'href="../praktijkvoorbeelden/regionale-aanpak.html"' in page


def test_search_page_and_indexes(site) -> None:
    page = html(site, "zoeken/index.html")
    assert 'data-search-manifest="../assets/kennisbank/offline-index.js"' in page
    assert '<script src="../assets/kennisbank/search-dutch.js" defer></script>' in page
    home = html(site, "index.html")
    assert '<form class="kb-header-search" action="zoeken/" method="get" role="search">' in home
    assert not (site / "pagefind").exists()  # one index of our own, served and from a file share
    assert html(site, "assets/kennisbank/offline-index.js").startswith('KBSearchData("manifest",')
    # One file per document: URL, title, description, facets, kind and the text for the excerpt.
    documents = "".join(p.read_text(encoding="utf-8") for p in (site / "assets/kennisbank/zoekdata").glob("d-*.js"))
    assert '["praktijkvoorbeelden/pilot-docenten/","Pilot docenten","Een korte samenvatting."' in documents
    pages = [
        *site.glob("praktijkvoorbeelden/*/index.html"),
        *site.glob("lessen/*/index.html"),
        *site.glob("niveaus/*/index.html"),
    ]
    assert documents.count('KBSearchData("document",') == len(pages) == 12  # 3 cases, 2 lessons, 7 levels
    assert not (site / "assets" / "kennisbank" / "vendor").exists()


def test_case_page_shows_related_cases(project) -> None:
    project.case("pilot-docenten-in-het-mbo", "Pilot docenten in het mbo", levels="[III]", onderwijs="[mbo]")
    site = project.build()
    page = html(site, "praktijkvoorbeelden/pilot-docenten/index.html")
    related = page[page.index('id="vergelijkbare-praktijkvoorbeelden"') :]
    assert '<a class="kb-list__title" href="../pilot-docenten-in-het-mbo/">Pilot docenten in het mbo</a>' in related


def filter_data(site) -> dict[str, dict[str, list[int]]]:
    """The search page's filters as the build wrote them: name -> value -> document numbers."""
    from mkdocs_kennisbank.search.searchfiles import decode_gaps

    text = html(site, "assets/kennisbank/zoekdata/facets.js")
    data = json.loads(text[text.index(",") + 1 : text.rindex(")")])
    return {name: {value: decode_gaps(code) for value, code in rows} for name, rows in data.items()}


def document_numbers(site) -> dict[str, int]:
    """Page URL -> its number in the search index."""
    found = {}
    for path in (site / "assets/kennisbank/zoekdata").glob("d-*.js"):
        text = path.read_text(encoding="utf-8")
        number, row = json.loads("[" + text[text.index(",") + 1 : text.rindex(")")] + "]")
        found[row[0]] = number
    return found


def test_search_filters_give_lessons_the_facets_of_their_cases(site) -> None:
    """Every case, lesson and level is found under its kind and facet values. A lesson has no
    phase, school type or region of its own: it is filtered by those of the cases that back it."""
    filters, numbers = filter_data(site), document_numbers(site)

    def values(url: str) -> set[tuple[str, str]]:
        return {
            (name, value) for name, found in filters.items() for value, docs in found.items() if numbers[url] in docs
        }

    lesson = values("lessen/combineer-geld-en-kennis/")
    assert {("soort", "Les"), ("niveau", "I. Financiële middelen"), ("onderwijs", "Mbo")} <= lesson
    assert ("fase", "Vroege volgers") in lesson  # from regionale-aanpak
    assert ("fase", "Pilotfase") in values("lessen/begin-klein/")  # linked from pilot-docenten's side
    case = values("praktijkvoorbeelden/pilot-docenten/")
    assert {("soort", "Praktijkvoorbeeld"), ("fase", "Pilotfase")} <= case
    assert ("soort", "Les") not in case
    assert values("niveaus/iii/") == {("soort", "Interventieniveau"), ("niveau", "III. Pilotgerichte interventies")}
    # Every page is somewhere under "soort", exactly once.
    assert sorted(n for docs in filters["soort"].values() for n in docs) == sorted(numbers.values())


def test_no_sitemap_without_site_url(project, tmp_path) -> None:
    """Without site_url a sitemap would list empty addresses: it is left out; with one it is right."""
    site = project.build()
    assert not (site / "sitemap.xml").exists() and not (site / "sitemap.xml.gz").exists()
    with_url = project.build(site=tmp_path / "met-url", site_url="https://kennisbank.example/kb/")
    sitemap = (with_url / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://kennisbank.example/kb/praktijkvoorbeelden/pilot-docenten/</loc>" in sitemap
    assert "<loc></loc>" not in sitemap and "<loc>None" not in sitemap
