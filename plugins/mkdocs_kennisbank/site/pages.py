"""Which pages the kennisbank adds to the site, with their source paths and templates.

Pure data: the MkDocs plugin turns each `PageSpec` into a generated file. Source paths end in
`.md` so MkDocs renders them like any page (search, nav, links) and chooses the URL style.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.model import Case, Kennisbank, Lesson
from ..content.taxonomy import LEVELS_FACET, Facet, Term

CASES_INDEX = "praktijkvoorbeelden/index.md"
FIELDS_PAGE = "velden.md"
SEARCH_PAGE = "zoeken.md"
SEARCH_SCRIPT = "assets/kennisbank/search.js"
# The Dutch analysis and ranking in the browser; the search page loads it before SEARCH_SCRIPT.
SEARCH_ANALYSIS = "assets/kennisbank/search-dutch.js"
LESSONS_INDEX = "lessen/index.md"
LIKE_MINE_PAGE = "zoals-mijn-school.md"
CHANGES_PAGE = "nieuw.md"
OPEN_DATA_PAGE = "open-data.md"
EVIDENCE_PAGE = "betrouwbaarheid.md"


@dataclass
class PageSpec:
    src_uri: str
    kind: (
        str  # case, lesson, level, term, facet, cases, lessons, fields, search, like-mine, changes, open-data, evidence
    )
    title: str
    description: str
    body: str  # Markdown shown as the page content (the templates add everything else)
    obj: Any = None
    source: Path | None = None  # the content file the body comes from, for error messages

    @property
    def template(self) -> str:
        return f"kennisbank/{self.kind}.html"

    @property
    def in_nav(self) -> bool:
        """Only overview and level pages may go in the nav: a nav of thousands of pages makes builds quadratic."""
        return self.kind in (
            "level",
            "facet",
            "cases",
            "lessons",
            "fields",
            "search",
            "like-mine",
            "changes",
            "open-data",
        )


def src_uri(obj: Any) -> str:
    if isinstance(obj, Case):
        return f"praktijkvoorbeelden/{obj.slug}.md"
    if isinstance(obj, Lesson):
        return f"lessen/{obj.slug}.md"
    if isinstance(obj, Term):
        return f"{obj.path}/{obj.slug}.md"
    if isinstance(obj, Facet):
        return f"{obj.path}/index.md"
    raise TypeError(f"no page for {obj!r}")


def plan(kb: Kennisbank, *, search: bool = True) -> list[PageSpec]:
    """Every page the kennisbank generates, in a stable order."""
    pages: list[PageSpec] = []
    if search:
        pages.append(PageSpec(SEARCH_PAGE, "search", "Zoeken", "Zoek in alle praktijkvoorbeelden en lessen.", "", None))
    for facet in kb.taxonomy.facets.values():
        pages.append(PageSpec(src_uri(facet), "facet", facet.plural, facet.description, "", facet))
        for term in facet.terms:
            if facet.key == LEVELS_FACET:
                text = kb.level_texts.get(term.id)
                description = (text.description if text else None) or term.description
                body = text.body if text else ""
                source = text.path if text else None
                pages.append(
                    PageSpec(src_uri(term), "level", f"{term.id}. {term.label}", description, body, term, source)
                )
            else:
                pages.append(PageSpec(src_uri(term), "term", term.label, term.description, "", term))
    pages.append(
        PageSpec(CASES_INDEX, "cases", "Praktijkvoorbeelden", "Alle praktijkvoorbeelden in de kennisbank.", "", None)
    )
    pages.append(
        PageSpec(
            FIELDS_PAGE,
            "fields",
            "Velden van een praktijkvoorbeeld",
            "Alle velden van praktijkvoorbeelden en lessen, met hun betekenis en toegestane waarden.",
            "",
            None,
        )
    )
    pages.append(PageSpec(LESSONS_INDEX, "lessons", "Lessen", "Alle lessen, per interventieniveau.", "", None))
    pages.append(
        PageSpec(
            LIKE_MINE_PAGE,
            "like-mine",
            "Voorbeelden zoals mijn school",
            "Kies je onderwijssoort, regio, thema en fase en zie de praktijkvoorbeelden die het best passen.",
            "",
            None,
        )
    )
    pages.append(
        PageSpec(
            CHANGES_PAGE,
            "changes",
            "Nieuw en bijgewerkt",
            "De praktijkvoorbeelden en lessen die het laatst zijn toegevoegd of bijgewerkt.",
            "",
            None,
        )
    )
    pages.append(
        PageSpec(
            EVIDENCE_PAGE,
            "evidence",
            "Hoe betrouwbaar is een voorbeeld?",
            "Waar de indeling vandaan komt, hoe volledig een voorbeeld is beschreven en wat er bekend is over effect.",
            "",
            None,
        )
    )
    pages.append(
        PageSpec(
            OPEN_DATA_PAGE,
            "open-data",
            "Open data",
            "De hele kennisbank als CSV en JSON, met een beschrijving van elk veld.",
            "",
            None,
        )
    )
    for case in kb.sorted_cases():
        pages.append(PageSpec(src_uri(case), "case", case.title, case.description, case.body, case, case.path))
    for lesson in kb.sorted_lessons():
        pages.append(
            PageSpec(src_uri(lesson), "lesson", lesson.title, lesson.description, lesson.body, lesson, lesson.path)
        )
    return pages
