"""Audit of issue 11: what visitors read and hear is Dutch, the breadcrumb lines up, and each
listing that the other tests leave open shows exactly its entries."""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs_kennisbank.content.loader import load
from tests.browser import browser_page, require_browser, serve

REPO = Path(__file__).resolve().parent.parent


def html(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_landmark_labels_are_dutch(shipped_site) -> None:
    """Screen readers announce the header and the tabs by their label; Material's Dutch
    translation leaves "Header" and "Tabs" in English."""
    for rel in ("index.html", "praktijkvoorbeelden/jet-net.html", "404.html"):
        labels = set(re.findall(r'<nav[^>]*aria-label="([^"]*)"', html(shipped_site, rel)))
        assert {"Sitekop", "Hoofdmenu"} <= labels, (rel, labels)
        assert not labels & {"Header", "Tabs", "Navigation", "Table of contents"}, (rel, labels)


def test_heading_links_say_what_they_are_in_dutch(shipped_site) -> None:
    page = html(shipped_site, "praktijkvoorbeelden/jet-net.html")
    titles = set(re.findall(r'<a class="headerlink" href="#[^"]*" title="([^"]*)"', page))
    assert titles == {"Vaste link naar dit kopje"}


def test_lessons_overview_lists_per_level_exactly_its_lessons(shipped_site) -> None:
    kb = load(REPO / "kennisbank", root=REPO)
    page = html(shipped_site, "lessen/index.html")
    for level in kb.taxonomy.levels.terms:
        start = page.index(f'<h2 id="niveau-{level.slug}"')
        end = page.find("<h2 ", start + 1)
        part = page[start : end if end > 0 else None]
        shown = sorted(set(re.findall(r'href="(?!\.\./)([a-z0-9-]+)\.html"', part)))
        expected = sorted(l.slug for l in kb.lessons.values() if level.id in l.levels)
        assert shown == expected, level.id
        assert f"({len(expected)})</h2>" in part, level.id


def test_long_lists_are_cut_to_the_newest_with_a_way_to_all(project) -> None:
    """With more cases than list_limit the overview shows the newest ones only, and a level's
    phase list the first ones, each with a link to all of them in search."""
    project.write(
        "mkdocs.yml",
        project.read("mkdocs.yml").replace(
            "      contribute_page: bijdragen.md\n", "      contribute_page: bijdragen.md\n      list_limit: 2\n"
        ),
    )
    for slug, day in (("oud", "2020-01-01"), ("nieuw", "2026-11-28")):
        path = project.case(slug, slug.capitalize(), levels="[I]", fase="vroege-volgers")
        path.write_text(
            path.read_text(encoding="utf-8").replace("gepubliceerd: 2026-11-27", f"gepubliceerd: {day}"),
            encoding="utf-8",
        )
    site = project.build()
    card = re.compile(r'<h3 class="kb-card__title"><a href="([^"]+)">')
    overview = html(site, "praktijkvoorbeelden/index.html")
    newest = overview[overview.index('<h2 id="nieuwste">De 2 nieuwste</h2>') :]
    assert card.findall(newest) == ["nieuw/", "netwerk-scholen/"]  # newest first; equal dates by title
    assert "Alle 5 praktijkvoorbeelden bekijken in Zoeken" in newest
    level = html(site, "niveaus/i/index.html")
    # A list cut short is not filtered in the page (its counts would be wrong): search does it.
    assert "data-kb-listing" not in level
    phase = level[
        level.index('<h3 id="fase-vroege-volgers">Vroege volgers (<span data-kb-group-count>3</span>)</h3>') :
    ]
    phase = phase[: re.search(r"<h[23] id=", phase[1:]).start() + 1]
    assert card.findall(phase) == ["../../praktijkvoorbeelden/nieuw/", "../../praktijkvoorbeelden/oud/"]
    assert "Alle 3 praktijkvoorbeelden bekijken in Zoeken" in phase


def test_breadcrumb_steps_line_up(shipped_site) -> None:
    """Each step sits right after its separator: Material's list indent must not apply."""
    require_browser()
    with serve(shipped_site) as base, browser_page(base) as (page, blocked):
        page.goto(base + "praktijkvoorbeelden/jet-net.html")
        margins = page.evaluate(
            "[...document.querySelectorAll('.kb-breadcrumb li')].map(li => getComputedStyle(li).marginLeft)"
        )
        assert margins and set(margins) == {"0px"}, margins
        left = page.evaluate("""[document.querySelector('.kb-breadcrumb li'), document.querySelector('h1')]
            .map(e => Math.round(e.getBoundingClientRect().left))""")
        assert left[0] == left[1], "the breadcrumb starts where the title starts"
        assert blocked == []
