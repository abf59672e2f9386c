"""Atom feeds and the "Nieuw en bijgewerkt" data (site/feeds.py), read back with feedparser.

Expectations come from the model (which entries have a level or theme, their dates), never
from counts written here; a small kennisbank with hostile text checks the escaping.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from mkdocs_kennisbank.content.loader import load
from mkdocs_kennisbank.content.model import Case, Entry, Kennisbank, sort_key
from mkdocs_kennisbank.site.feeds import (
    ALL_FEED,
    FEED_FACETS,
    NEW,
    UPDATED,
    atom_feeds,
    changed,
    feed_path,
    feeds_available,
    plan_feeds,
    recent_changes,
)
from mkdocs_kennisbank.site.pages import src_uri

REPO = Path(__file__).resolve().parent.parent
SITE = "https://kennisbank.example.nl/pbt/"
HOSTILE_TITLE = '<15 leerlingen & "meer"'
HOSTILE_DESCRIPTION = "Een <script>alert(1)</script> & ]]> met 'quotes' en \"meer\"; ook <b>vet</b>."

HOSTILE_CASE = """\
---
title: '<15 leerlingen & "meer"'
description: 'Een <script>alert(1)</script> & ]]> met ''quotes'' en "meer"; ook <b>vet</b>.'
interventieniveaus: [III, V]
fase: pilotfase
onderwijs: [vmbo]
thema: [techniekdocenten]
gepubliceerd: 2025-01-10
bijgewerkt: 2026-12-01
organisaties: ['School "De Brug" & partners', 'Bedrijf, B.V.']
bronnen:
  - titel: 'Rapport <2024> & "bijlage"'
    url: https://example.org/rapport?a=1&b=2
contact:
  naam: Anna de Vries
  organisatie: 'O&O, "samen"'
---

## Aanleiding

Tekst.
"""

OLD_CASE = """\
---
title: Oude aanpak
description: Van lang geleden.
interventieniveaus: [III]
fase: late-volgers
onderwijs: [po]
gepubliceerd: 2020-05-01
bijgewerkt: 2020-05-01
---

Tekst.
"""

# No date at all, no theme of its own: it takes the theme of its case in search (the theme
# facet's `lessen` setting), so it belongs in that theme's feed once dated.
UNDATED_LESSON = """\
---
title: Zonder datum
description: Een les zonder publicatiedatum.
interventieniveaus: [II]
praktijkvoorbeelden: [vijftien-leerlingen]
---

Tekst.
"""

LINKED_LESSON = """\
---
title: Aan de hand van de pilot
description: Een les die haar thema van haar praktijkvoorbeeld krijgt.
interventieniveaus: [III]
praktijkvoorbeelden: [vijftien-leerlingen]
gepubliceerd: 2026-11-30
---

Tekst.
"""


def hostile_kennisbank(project) -> Kennisbank:
    """The test project's kennisbank plus cases and lessons with hostile text and varied dates."""
    project.write("kennisbank/praktijkvoorbeelden/vijftien-leerlingen.md", HOSTILE_CASE)
    project.write("kennisbank/praktijkvoorbeelden/oude-aanpak.md", OLD_CASE)
    project.write("kennisbank/lessen/zonder-datum.md", UNDATED_LESSON)
    project.write("kennisbank/lessen/aan-de-hand-van-de-pilot.md", LINKED_LESSON)
    return load(project.content, root=project.root)


def shipped() -> Kennisbank:
    return load(REPO / "kennisbank", root=REPO)


def url_of(obj) -> str:
    """Site-relative URLs as MkDocs writes them with use_directory_urls: false."""
    return src_uri(obj).removesuffix(".md") + ".html"


def feeds(kb: Kennisbank, limit: int | None = None, site_url: str = SITE) -> dict[str, bytes]:
    return atom_feeds(kb, site_url=site_url, url_of=url_of, title="Testkennisbank", limit=limit)


def parse(content: bytes):
    parsed = feedparser.parse(content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def expected_members(kb: Kennisbank, facet: str | None, term_id: str | None) -> list[Entry]:
    """Dated entries of a feed, from the model: own values of a case, search values of a lesson."""
    entries: list[Entry] = [*kb.cases.values(), *kb.lessons.values()]
    if facet is not None:
        entries = [
            e for e in entries if term_id in (e.terms(facet) if isinstance(e, Case) else kb.search_terms(e, facet))
        ]
    return [e for e in entries if (e.updated or e.published) is not None]


def page(entry: Entry) -> str:
    return SITE + url_of(entry)


# -- availability ------------------------------------------------------------------------------


@pytest.mark.parametrize("site_url", [None, "", "   ", "kennisbank/", "/pbt/", "ftp://example.nl/", "https://"])
def test_without_an_absolute_site_url_there_are_no_feeds(site_url) -> None:
    assert not feeds_available(site_url)
    assert atom_feeds(shipped(), site_url=site_url, url_of=url_of, title="K") == {}


@pytest.mark.parametrize("site_url", ["https://kennisbank.example.nl", "http://intranet/kb/", SITE])
def test_with_an_absolute_site_url_there_are_feeds(site_url) -> None:
    assert feeds_available(site_url)
    made = feeds(shipped(), site_url=site_url)
    assert ALL_FEED in made
    for content in made.values():
        for link in parse(content).feed.links:
            assert link.href.startswith(site_url.rstrip("/") + "/"), link.href


# -- which feeds, which entries ----------------------------------------------------------------


def test_a_feed_of_everything_and_one_per_level_and_theme() -> None:
    kb = shipped()
    expected = {ALL_FEED}
    for key in FEED_FACETS:
        facet = kb.taxonomy.facets[key]
        expected |= {feed_path(facet, term) for term in facet.terms}
    made = feeds(kb)
    assert set(made) == expected
    assert len(expected) == 1 + sum(len(kb.taxonomy.facets[k].terms) for k in FEED_FACETS)
    # Named after the facet's filter and the value's slug, in Dutch.
    assert "feeds/niveau-iii.xml" in made
    assert "feeds/thema-techniekdocenten.xml" in made
    assert [f.path for f in plan_feeds(kb, title="T")] == list(made)


def test_each_feed_lists_exactly_its_entries_newest_first(project) -> None:
    for kb in (shipped(), hostile_kennisbank(project)):
        made = feeds(kb)
        plans = {f.path: f for f in plan_feeds(kb, title="Testkennisbank", limit=None)}
        for path, content in made.items():
            plan = plans[path]
            facet = plan.facet.key if plan.facet else None
            term = plan.term.id if plan.term else None
            members = expected_members(kb, facet, term)
            parsed = parse(content)
            assert sorted(e.id for e in parsed.entries) == sorted(page(m) for m in members), path
            dates = [e.updated_parsed for e in parsed.entries]
            assert dates == sorted(dates, reverse=True), path


def test_entries_have_absolute_links_stable_ids_and_their_dates(project) -> None:
    kb = hostile_kennisbank(project)
    by_url = {page(e): e for e in [*kb.cases.values(), *kb.lessons.values()]}
    seen_ids: dict[str, str] = {}
    for path, content in feeds(kb).items():
        parsed = parse(content)
        assert parsed.feed.id == SITE + path
        assert parsed.feed.language == "nl"
        assert [link.href for link in parsed.feed.links if link.rel == "self"] == [SITE + path]
        ids = [e.id for e in parsed.entries]
        assert len(ids) == len(set(ids)), path
        for item in parsed.entries:
            entry = by_url[item.link]
            assert item.link.startswith(SITE)
            assert item.id == item.link
            assert seen_ids.setdefault(entry.slug, item.id) == item.id  # the same id in every feed
            assert item.updated_parsed[:3] == (entry.updated or entry.published).timetuple()[:3]
            if entry.published:
                assert item.published_parsed[:3] == entry.published.timetuple()[:3]
        if parsed.entries:
            assert parsed.feed.updated_parsed == max(e.updated_parsed for e in parsed.entries)


def test_the_hostile_case_is_escaped_and_round_trips_exactly(project) -> None:
    kb = hostile_kennisbank(project)
    content = feeds(kb)["feeds/thema-techniekdocenten.xml"]
    ET.fromstring(content)  # well-formed XML
    assert b"&lt;15 leerlingen &amp;" in content
    assert b"<script>" not in content and b"<b>" not in content
    parsed = parse(content)
    item = next(e for e in parsed.entries if e.link == SITE + "praktijkvoorbeelden/vijftien-leerlingen.html")
    assert item.title == HOSTILE_TITLE
    assert item.title_detail.type == "text/plain"
    assert item.summary == HOSTILE_DESCRIPTION
    # Categories: the kind and the case's own values, labelled as the site shows them.
    labels = {t.label for t in item.tags}
    assert {"Praktijkvoorbeeld", "III. Pilotgerichte interventies", "Techniekdocenten"} <= labels


def test_lessons_are_in_a_theme_feed_as_search_finds_them(project) -> None:
    kb = hostile_kennisbank(project)
    lesson = kb.lessons["aan-de-hand-van-de-pilot"]
    assert not lesson.themes and "techniekdocenten" in kb.search_terms(lesson, "thema")
    ids = {e.id for e in parse(feeds(kb)["feeds/thema-techniekdocenten.xml"]).entries}
    assert page(lesson) in ids
    assert page(kb.lessons["zonder-datum"]) not in ids  # no date: in no feed
    assert all(page(kb.lessons["zonder-datum"]) not in c.decode() for c in feeds(kb).values())


def test_a_limit_keeps_the_newest(project) -> None:
    kb = hostile_kennisbank(project)
    newest = [change.entry for change in recent_changes(kb)]
    parsed = parse(feeds(kb, limit=2)[ALL_FEED])
    assert [e.id for e in parsed.entries] == [page(e) for e in newest[:2]]
    assert parsed.entries[0].id == page(kb.cases["vijftien-leerlingen"])  # updated 2026-12-01


def test_a_feed_without_entries_is_valid_and_dated_by_the_kennisbank(project) -> None:
    kb = hostile_kennisbank(project)
    empty = [f for f in plan_feeds(kb, title="T") if not f.entries]
    assert empty, "the test project leaves some level or theme without entries"
    newest = max(d for e in [*kb.cases.values(), *kb.lessons.values()] if (d := changed(e)))
    for feed in empty:
        parsed = parse(feeds(kb)[feed.path])
        assert parsed.entries == []
        assert parsed.feed.updated_parsed[:3] == newest.timetuple()[:3]


# -- reproducible ------------------------------------------------------------------------------


def test_feeds_are_byte_identical_for_the_same_content() -> None:
    first = feeds(shipped())
    again = atom_feeds(
        load(REPO / "kennisbank", root=REPO, today=dt.date(2031, 1, 1)),
        site_url=SITE,
        url_of=url_of,
        title="Testkennisbank",
        limit=None,
    )
    assert first == again
    assert all(content.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n') for content in first.values())


# -- recent changes ----------------------------------------------------------------------------


def test_recent_changes_are_newest_first_with_a_kind(project) -> None:
    kb = hostile_kennisbank(project)
    changes = recent_changes(kb)
    dated = [e for e in [*kb.cases.values(), *kb.lessons.values()] if e.published or e.updated]
    assert sorted(c.entry.slug for c in changes) == sorted(e.slug for e in dated)
    assert [c.date for c in changes] == sorted((c.date for c in changes), reverse=True)
    for date, kind, entry in changes:  # plain tuples
        assert date == max(d for d in (entry.published, entry.updated) if d)
        assert kind == (UPDATED if entry.updated and entry.updated > (entry.published or dt.date.min) else NEW)
    assert changes[0][:2] == (dt.date(2026, 12, 1), UPDATED)
    assert changes[0].entry.slug == "vijftien-leerlingen"
    assert changes[-1][1:] == (NEW, kb.cases["oude-aanpak"])  # updated the day it was published: new
    assert recent_changes(kb, limit=3) == changes[:3]


def test_recent_changes_break_ties_deterministically() -> None:
    """The shipped entries share one date: the order must still be total and the same every time."""
    kb = shipped()
    changes = recent_changes(kb)
    assert len(changes) == sum(1 for e in [*kb.cases.values(), *kb.lessons.values()] if changed(e))
    reloaded = recent_changes(shipped())
    assert [c.entry.slug for c in changes] == [c.entry.slug for c in reloaded]
    same_day = [c for c in changes if c.date == changes[0].date]
    assert len(same_day) > 1
    keys = [(sort_key(c.entry.title), c.entry.slug) for c in same_day]
    assert keys == sorted(keys)
