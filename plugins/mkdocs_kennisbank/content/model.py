"""The kennisbank as objects: cases, lessons, levels, and the links between them.

Links between cases and lessons may be written on either side (`lessen:` in a case,
`praktijkvoorbeelden:` in a lesson); the model joins both so every page shows them both ways.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar

from .schema import EFFECTS, REVIEW_STATUSES
from .taxonomy import Taxonomy, Term


def sort_key(text: str) -> str:
    """Dutch-friendly, locale-free sort key: accents ignored, case folded."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None = None


@dataclass(frozen=True)
class Contact:
    name: str
    organisation: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Figures:
    """Figures per year for one indicator of a case (`cijfers` in the front matter)."""

    indicator: str
    points: tuple[tuple[int, float], ...]  # (year, value), ascending years
    unit: str | None = None  # "leerlingen", "%"
    source: str | None = None  # where the figures come from


@dataclass(frozen=True)
class Effect:
    """What a case claims about the effect of its approach (`effect`), and from which source."""

    claim: str  # schema.EFFECTS
    source: str | None = None

    @property
    def label(self) -> str:
        return EFFECTS.get(self.claim, self.claim)


@dataclass(frozen=True)
class Review:
    status: str
    by: str | None = None
    date: dt.date | None = None
    next: dt.date | None = None

    def overdue(self, today: dt.date) -> bool:
        return self.next is not None and self.next < today

    @property
    def label(self) -> str:
        """The status as the badge shows it: Concept, In review, Goedgekeurd."""
        return REVIEW_STATUSES.get(self.status, self.status)


@dataclass
class Entry:
    """What cases and lessons share."""

    slug: str
    path: Path
    title: str
    description: str
    body: str
    # facet key -> the entry's own values, as its front matter gives them (one for a one-value
    # facet such as fase); every facet field of the schema, generically.
    values: dict[str, list[str]] = field(default_factory=dict)
    published: dt.date | None = None
    updated: dt.date | None = None
    sources: list[Source] = field(default_factory=list)
    declared_links: list[str] = field(default_factory=list)  # slugs on the other side, as written
    questions: list[str] = field(default_factory=list)  # discussion questions for a team meeting
    links: list[str] = field(default_factory=list)  # both directions joined, sorted by title

    kind: ClassVar[str] = ""  # the content folder: praktijkvoorbeelden or lessen

    def terms(self, facet: str) -> list[str]:
        """The entry's own values of a facet (key as in the taxonomy)."""
        return self.values.get(facet, [])

    # The two facets the framework is built around (the level pages and the level x phase
    # matrix), by name for templates.
    @property
    def levels(self) -> list[str]:
        return self.terms("interventieniveaus")

    @property
    def themes(self) -> list[str]:
        return self.terms("thema")


@dataclass
class Case(Entry):
    programme: str | None = None
    organisations: list[str] = field(default_factory=list)
    period: str | None = None
    status: str | None = None
    contact: Contact | None = None
    indicators: list[str] = field(default_factory=list)
    figures: list[Figures] = field(default_factory=list)
    as_of: str | None = None  # `peildatum`: when what the case says held (2017-03)
    stop_reason: str | None = None  # `waarom-gestopt`
    sourced: dict[str, list[str]] = field(default_factory=dict)  # `volgens-bron`: facet -> values from the source
    effect: Effect | None = None
    review: Review | None = None

    kind = "praktijkvoorbeelden"

    @property
    def phase(self) -> str:
        found = self.terms("fase")
        return found[0] if found else ""

    def from_source(self, facet: str, value: str) -> bool:
        """Whether the source gives this value (`volgens-bron`); else it is the editors' classification."""
        return value in self.sourced.get(facet, ())


@dataclass
class Lesson(Entry):
    kind = "lessen"


@dataclass
class LevelText:
    level: str
    path: Path
    body: str
    description: str | None = None


@dataclass
class Kennisbank:
    taxonomy: Taxonomy
    cases: dict[str, Case]
    lessons: dict[str, Lesson]
    level_texts: dict[str, LevelText]
    warnings: list = field(default_factory=list)  # Problems with severity "waarschuwing"
    today: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        self._join_links()
        self._sorted_cases: list[Case] | None = None
        self._sorted_lessons: list[Lesson] | None = None
        self._by_term: dict[tuple[str, str], list[Case]] | None = None
        self._lessons_by_term: dict[tuple[str, str], list[Lesson]] | None = None

    def _join_links(self) -> None:
        for case in self.cases.values():
            case.links = []
        for lesson in self.lessons.values():
            lesson.links = []
        pairs = {(c.slug, s) for c in self.cases.values() for s in c.declared_links if s in self.lessons}
        pairs |= {(s, l.slug) for l in self.lessons.values() for s in l.declared_links if s in self.cases}
        for case_slug, lesson_slug in pairs:
            self.cases[case_slug].links.append(lesson_slug)
            self.lessons[lesson_slug].links.append(case_slug)
        for case in self.cases.values():
            case.links.sort(key=lambda s: sort_key(self.lessons[s].title))
        for lesson in self.lessons.values():
            lesson.links.sort(key=lambda s: sort_key(self.cases[s].title))

    # -- queries used by pages and templates -------------------------------------------------

    # The kennisbank does not change after loading, so the listings below are computed once:
    # templates ask for them on every page.

    def sorted_cases(self) -> list[Case]:
        if self._sorted_cases is None:
            self._sorted_cases = sorted(self.cases.values(), key=lambda c: (sort_key(c.title), c.slug))
        return self._sorted_cases

    def sorted_lessons(self) -> list[Lesson]:
        if self._sorted_lessons is None:
            self._sorted_lessons = sorted(self.lessons.values(), key=lambda l: (sort_key(l.title), l.slug))
        return self._sorted_lessons

    def newest_cases(self, limit: int) -> list[Case]:
        dated = sorted(self.sorted_cases(), key=lambda c: c.published or dt.date.min, reverse=True)
        return dated[:limit]

    def lessons_of(self, case: Case) -> list[Lesson]:
        return [self.lessons[s] for s in case.links]

    def cases_of(self, lesson: Lesson) -> list[Case]:
        return [self.cases[s] for s in lesson.links]

    def search_terms(self, entry: Entry, facet: str) -> list[str]:
        """The values of `facet` a page can be filtered on in search (browser and command line).

        A case: its own. A lesson as its facet's `lessen` setting in taxonomie.yml says: its own
        values, those of the cases that back it (links in either direction; a lesson has no phase,
        school type or region, so a school-type filter keeps the lessons its cases support), its
        own or else its cases', or none. Sorted in taxonomy order.
        """
        ids = set(entry.terms(facet))
        if isinstance(entry, Lesson):
            rule = self.taxonomy.facets[facet].lessons
            if rule == "geen":
                ids = set()
            elif rule == "van-praktijkvoorbeelden" or (rule == "eigen-anders-van-praktijkvoorbeelden" and not ids):
                ids |= {value for case in self.cases_of(entry) for value in case.terms(facet)}
        return [t for t in self.taxonomy.facets[facet].ids if t in ids]

    def cases_with(self, facet: str, term_id: str) -> list[Case]:
        if self._by_term is None:
            self._by_term = {}
            for case in self.sorted_cases():
                for key in self.taxonomy.facets:
                    for value in case.terms(key):
                        self._by_term.setdefault((key, value), []).append(case)
        return self._by_term.get((facet, term_id), [])

    def lessons_with(self, facet: str, term_id: str) -> list[Lesson]:
        if self._lessons_by_term is None:
            self._lessons_by_term = {}
            for lesson in self.sorted_lessons():
                for key, values in lesson.values.items():  # the facets a lesson names itself
                    for value in values:
                        self._lessons_by_term.setdefault((key, value), []).append(lesson)
        return self._lessons_by_term.get((facet, term_id), [])

    def count(self, facet: str, term_id: str) -> int:
        return len(self.cases_with(facet, term_id))

    def overdue_reviews(self) -> list[Case]:
        return [c for c in self.sorted_cases() if c.review is not None and c.review.overdue(self.today)]

    def matrix(self) -> list[tuple[Term, list[tuple[Term, int, int]]]]:
        """Rows of (level, [(phase, number of cases, how many of them the source puts there)])
        for the level x phase overview: a case counts as "from the source" in a cell when the
        source gives both its level and its phase (`volgens-bron`)."""
        levels, phases = self.taxonomy.levels.key, self.taxonomy.phases.key
        rows = []
        for level in self.taxonomy.levels.terms:
            cells = []
            for phase in self.taxonomy.phases.terms:
                here = [c for c in self.cases.values() if level.id in c.levels and c.phase == phase.id]
                sourced = sum(1 for c in here if c.from_source(levels, level.id) and c.from_source(phases, phase.id))
                cells.append((phase, len(here), sourced))
            rows.append((level, cells))
        return rows

    def sourced_count(self, facet: str, term_id: str) -> int:
        """How many of the cases with this value have it from the source (`volgens-bron`)."""
        return sum(1 for c in self.cases_with(facet, term_id) if c.from_source(facet, term_id))
