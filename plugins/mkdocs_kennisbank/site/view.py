"""What the HTML templates see of the kennisbank (as `kb`).

Templates only ask questions (`kb.cases_with(...)`, `kb.url(case)`); they never compute. URLs
come from the host (MkDocs) through `url_for`, so the templates do not depend on the URL style.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from ..content.model import Case, Entry, Kennisbank, Lesson
from ..content.schema import (
    CASE_FIELDS,
    CONTACT_KEYS,
    LESSON_FIELDS,
    REVIEW_KEYS,
    REVIEW_STATUSES,
    SOURCE_KEYS,
    STATUSES,
    Field,
)
from ..content.taxonomy import Facet, Term
from ..search.browserindex import DATA_DIR
from ..search.query import MAX_QUERY_LENGTH
from ..search.sitesearch import OFFLINE_INDEX
from .pages import CASES_INDEX, LESSONS_INDEX, SEARCH_ANALYSIS, SEARCH_PAGE, SEARCH_SCRIPT, PageSpec, src_uri


class SiteView:
    max_query_length = MAX_QUERY_LENGTH

    def __init__(
        self,
        kb: Kennisbank,
        url_for: Callable[[str], str | None],
        contribute_src: str | None,
        related: dict[str, list[str]] | None = None,
        list_limit: int = 50,
    ) -> None:
        self.list_limit = list_limit
        self._fragments: dict[str, str] = {}
        self._urls: dict[int, str] = {}
        self.kb = kb
        self.today = kb.today  # for review badges: {{ case.review | review_text(kb.today) }}
        self._url_for = url_for
        self._related = related or {}
        self.contribute_url = url_for(contribute_src) if contribute_src else None
        self.cases_url = url_for(CASES_INDEX)
        self.lessons_url = url_for(LESSONS_INDEX)
        self.search_url = url_for(SEARCH_PAGE)
        self.search_script = SEARCH_SCRIPT
        self.search_analysis = SEARCH_ANALYSIS
        self.search_manifest = OFFLINE_INDEX
        self.search_data_dir = DATA_DIR
        # The build's browser search data (browserindex.BrowserSearch), set by the plugin.
        self.search_data: Any = None

    # -- rendering once what many pages share ------------------------------------------------

    @staticmethod
    def fragment_key(name: str, page: Any, spec: Any) -> str | None:
        """A cache key for a fragment that only depends on the page's folder, or None.

        Only generated pages that are not in the nav qualify: nothing in the nav is active for
        them, and relative links only depend on their folder.
        """
        if not isinstance(spec, PageSpec) or spec.in_nav or page is None:
            return None
        return f"{name}:{page.url.rsplit('/', 1)[0] if '/' in page.url else ''}"

    def cached(self, key: str | None, caller: Callable[[], str]) -> str:
        if key is None:
            return caller()
        if key not in self._fragments:
            self._fragments[key] = caller()
        return self._fragments[key]

    # -- navigation --------------------------------------------------------------------------

    def url(self, obj: Any) -> str:
        """The site-relative URL of a page or an object that has one (templates pipe it to `url`)."""
        if isinstance(obj, str):
            found = self._url_for(obj)
        else:
            found = self._urls.get(id(obj))
            if found is None:
                found = self._url_for(src_uri(obj))
                if found is not None:
                    self._urls[id(obj)] = found
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

    def search_link(self, *terms: Term, kind: str = "Praktijkvoorbeeld") -> str | None:
        """The search page, filtered to these facet values (to see a list that was cut short)."""
        if not self.search_url:
            return None
        query = [("soort", kind)] + [(self.kb.taxonomy.facets[t.facet].filter, t.shown) for t in terms]
        return self.search_url + "?" + urlencode(query)

    def newest_cases(self) -> list[Case]:
        return self.kb.newest_cases(self.list_limit)

    def related(self, case: Case) -> list[Case]:
        return [self.kb.cases[slug] for slug in self._related.get(case.slug, [])]

    def filter_order(self) -> str:
        """JSON: per search filter, its values in taxonomy order (the search page sorts by it)."""
        order = {f.filter: [t.shown for t in f.terms] for f in self.facets}
        order["soort"] = ["Praktijkvoorbeeld", "Les", "Interventieniveau"]
        return json.dumps(order, ensure_ascii=False)

    def search_facets(self) -> str:
        """JSON: the search page's filters, [name, legend] in display order (soort first)."""
        return json.dumps([["soort", "Soort"], *([f.filter, f.label] for f in self.facets)], ensure_ascii=False)

    def summary(self, entry: Entry) -> str:
        """One line of facet values, for search results: 'III · Pilotfase · Havo en vwo, Wo'."""
        parts = []
        for facet, terms in self.facet_terms(entry):
            if facet.display == "id-en-label":  # ids are short enough for one line: III, V
                parts.append(", ".join(t.id for t in terms))
            elif facet.key != "regio":
                parts.append(", ".join(t.label for t in terms))
        return " · ".join(parts)

    def search_filters(self, spec: Any) -> list[tuple[str, str]]:
        """(filter name, value) pairs a searchable page is found under on the search page: its
        kind, and for a case or lesson every facet value of `search_facet_terms`."""
        if spec.kind == "level":
            levels = self.kb.taxonomy.levels
            return [("soort", "Interventieniveau"), (levels.filter, spec.obj.shown)]
        pairs = [("soort", "Praktijkvoorbeeld" if spec.kind == "case" else "Les")]
        for facet, terms in self.search_facet_terms(spec.obj):
            pairs += [(facet.filter, term.shown) for term in terms]
        return pairs

    def search_facet_terms(self, entry: Entry) -> list[tuple[Facet, list[Term]]]:
        """The facet values a page can be filtered on in search (`Kennisbank.search_terms`)."""
        groups = []
        for facet in self.facets:
            ids = set(self.kb.search_terms(entry, facet.key))
            terms = [t for t in facet.terms if t.id in ids]
            if terms:
                groups.append((facet, terms))
        return groups

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
        if field.kind == "review":
            return [(k, "verplicht" if r else "optioneel") for k, r in REVIEW_KEYS.items()] + [
                (value, label) for value, label in REVIEW_STATUSES.items()
            ]
        return []
