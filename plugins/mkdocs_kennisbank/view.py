"""What the HTML templates see of the kennisbank (as `kb`).

Templates only ask questions (`kb.cases_with(...)`, `kb.url(case)`); they never compute. URLs
come from the host (MkDocs) through `url_for`, so the templates do not depend on the URL style.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .model import Case, Entry, Kennisbank, Lesson
from .schema import CASE_FIELDS, CONTACT_KEYS, LESSON_FIELDS, SOURCE_KEYS, STATUSES, Field
from .sitemap import CASES_INDEX, LESSONS_INDEX, src_uri
from .taxonomy import Facet, Term

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


class SiteView:
    def __init__(self, kb: Kennisbank, url_for: Callable[[str], str | None], contribute_src: str | None) -> None:
        self.kb = kb
        self._url_for = url_for
        self.contribute_url = url_for(contribute_src) if contribute_src else None
        self.cases_url = url_for(CASES_INDEX)
        self.lessons_url = url_for(LESSONS_INDEX)

    # -- navigation --------------------------------------------------------------------------

    def url(self, obj: Any) -> str:
        found = self._url_for(obj if isinstance(obj, str) else src_uri(obj))
        assert found is not None, obj
        return found

    @property
    def facets(self) -> list[Facet]:
        return list(self.kb.taxonomy.facets.values())

    @property
    def levels(self) -> list[Term]:
        return self.kb.taxonomy.levels.terms

    @property
    def phases(self) -> list[Term]:
        return self.kb.taxonomy.phases.terms

    def facet(self, key: str) -> Facet:
        return self.kb.taxonomy.facets[key]

    def term(self, facet: str, term_id: str) -> Term:
        return self.kb.taxonomy.term(facet, term_id)

    # -- content -----------------------------------------------------------------------------

    @property
    def cases(self) -> list[Case]:
        return self.kb.sorted_cases()

    @property
    def lessons(self) -> list[Lesson]:
        return self.kb.sorted_lessons()

    def matrix(self) -> list[tuple[Term, list[tuple[Term, int]]]]:
        return self.kb.matrix()

    def count(self, term: Term) -> int:
        return self.kb.count(term.facet, term.id)

    def cases_with(self, term: Term) -> list[Case]:
        return self.kb.cases_with(term.facet, term.id)

    def lessons_with(self, term: Term) -> list[Lesson]:
        return self.kb.lessons_with(term.facet, term.id)

    def cases_by_phase(self, level: Term) -> list[tuple[Term, list[Case]]]:
        cases = self.cases_with(level)
        return [(phase, [c for c in cases if c.phase == phase.id]) for phase in self.phases]

    def lessons_by_level(self) -> list[tuple[Term, list[Lesson]]]:
        return [(level, self.lessons_with(level)) for level in self.levels]

    def lessons_of(self, case: Case) -> list[Lesson]:
        return self.kb.lessons_of(case)

    def cases_of(self, lesson: Lesson) -> list[Case]:
        return self.kb.cases_of(lesson)

    def facet_terms(self, entry: Entry) -> list[tuple[Facet, list[Term]]]:
        """The entry's facet values grouped per facet, in taxonomy order, empty facets left out."""
        groups = []
        for facet in self.facets:
            ids = entry.terms(facet.key)
            terms = [t for t in facet.terms if t.id in ids]
            if terms:
                groups.append((facet, terms))
        return groups

    # -- schema (for the field reference page) ------------------------------------------------

    case_fields = CASE_FIELDS
    lesson_fields = LESSON_FIELDS

    def allowed(self, field: Field) -> list[tuple[str, str]]:
        """(value, explanation) pairs a field accepts, for the contributor reference."""
        if field.facet:
            return [(t.id, t.label) for t in self.facet(field.facet).terms]
        if field.kind == "enum":
            return [(c, STATUSES.get(c, "")) for c in field.choices]
        if field.kind == "sources":
            return [(k, "verplicht" if r else "optioneel") for k, r in SOURCE_KEYS.items()]
        if field.kind == "contact":
            return [(k, "verplicht" if r else "optioneel") for k, r in CONTACT_KEYS.items()]
        return []

    # -- formatting --------------------------------------------------------------------------

    @staticmethod
    def status_label(status: str | None) -> str:
        return STATUSES.get(status or "", "")

    @staticmethod
    def date(value: dt.date | None) -> str:
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}" if value else ""

    @staticmethod
    def iso(value: dt.date | None) -> str:
        return value.isoformat() if value else ""
