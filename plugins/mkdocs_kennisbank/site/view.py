"""What the HTML templates see of the kennisbank (as `kb`).

Templates only ask questions (`kb.cases_with(...)`, `kb.url(case)`); they never compute. URLs
come from the host (MkDocs) through `url_for`, so the templates do not depend on the URL style.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from ..content.model import Case, Entry, Kennisbank, Lesson
from ..content.provenance import DOCUMENTED, Documentation, documentation
from ..content.schema import (
    CASES,
    CONTACT_KEYS,
    EFFECTS,
    FIGURE_KEYS,
    LESSONS,
    POINT_KEYS,
    REVIEW_KEYS,
    REVIEW_STATUSES,
    SOURCE_KEYS,
    STATUSES,
    Field,
    fields_of,
)
from ..content.taxonomy import Facet, Term
from ..search.browserindex import DATA_DIR
from ..search.fit import Rules
from ..search.query import MAX_QUERY_LENGTH
from ..search.sitesearch import OFFLINE_INDEX
from .discovery import DiscoveryView
from .fragments import FragmentCache
from .listingview import ListingView
from .pages import (
    CASES_INDEX,
    CHANGES_PAGE,
    LESSONS_INDEX,
    LIKE_MINE_PAGE,
    OPEN_DATA_PAGE,
    SEARCH_ANALYSIS,
    SEARCH_PAGE,
    SEARCH_SCRIPT,
    src_uri,
)
from .searchview import SearchView, grouped


class SiteView:
    max_query_length = MAX_QUERY_LENGTH

    def __init__(
        self,
        kb: Kennisbank,
        url_for: Callable[[str], str | None],
        contribute_src: str | None,
        related: dict[str, list[str]] | None = None,
        list_limit: int = 50,
        *,
        site_url: str | None = None,
        licence: str | None = None,
    ) -> None:
        self.list_limit = list_limit
        self.fragments = FragmentCache()  # nav and tabs rendered once per folder
        self.search = SearchView(kb)  # the search page's filters and what each page is found under
        self._fit_rules: Rules | None = None
        self.listing = ListingView(kb)  # filters and sorting on listing pages
        # Like my school, what is new, open data, print cards.
        self.discovery = DiscoveryView(kb, self.url, site_url=site_url, licence=licence, card_set_limit=list_limit)
        self._urls: dict[int, str] = {}
        self.kb = kb
        self.today = kb.today  # for review badges: {{ case.review | review_text(kb.today) }}
        self._url_for = url_for
        self._related = related or {}
        self.contribute_url = url_for(contribute_src) if contribute_src else None
        self.cases_url = url_for(CASES_INDEX)
        self.lessons_url = url_for(LESSONS_INDEX)
        self.search_url = url_for(SEARCH_PAGE)
        self.like_mine_url = url_for(LIKE_MINE_PAGE)
        self.changes_url = url_for(CHANGES_PAGE)
        self.open_data_url = url_for(OPEN_DATA_PAGE)
        self.search_script = SEARCH_SCRIPT
        self.search_analysis = SEARCH_ANALYSIS
        self.search_manifest = OFFLINE_INDEX
        self.search_data_dir = DATA_DIR
        # The build's browser search data (browserindex.BrowserSearch), set by the plugin.
        self.search_data: Any = None
        self.case_fields = fields_of(CASES, kb.taxonomy)
        self.lesson_fields = fields_of(LESSONS, kb.taxonomy)
        # The facets a case card and a search result line show (`kaart: ja` in the taxonomy).
        self.card_facets = [f for f in kb.taxonomy.facets.values() if f.on_card]

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

    def matrix(self) -> list[tuple[Term, list[tuple[Term, int, int]]]]:
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

    def editorial(self, entry: Entry, term: Term) -> bool:
        """Whether a case's facet value is the editors' classification rather than the source's
        (`volgens-bron`); computed facets and lessons are neither."""
        facet = self.kb.taxonomy.facets[term.facet]
        return isinstance(entry, Case) and not facet.computed and not entry.from_source(term.facet, term.id)

    documented = tuple(name for _, name in DOCUMENTED)  # the six parts of a documented case

    def sourced_count(self, term: Term) -> int:
        return self.kb.sourced_count(term.facet, term.id)

    def documentation(self, case: Case) -> Documentation:
        return documentation(case)

    def related_reason(self, case: Case, other: Case) -> str:
        """Why `other` is like `case`, as on "Voorbeelden zoals mijn school": "zelfde fase en thema, ..."."""
        if self._fit_rules is None:
            self._fit_rules = Rules(self.kb.taxonomy)
        return self._fit_rules.case_fit(case, other).reason

    def facet_terms(self, entry: Entry) -> list[tuple[Facet, list[Term]]]:
        """The entry's classification: its facet values grouped per facet, in taxonomy order,
        empty facets left out; not the computed facets (`evidence` shows those)."""
        return grouped([f for f in self.facets if not f.computed], lambda f: entry.terms(f.key))

    def evidence(self, case: Case) -> list[tuple[Facet, Term]]:
        """The computed facets of a case (documentation label, effect claim) with its value."""
        computed = [f for f in self.facets if f.computed]
        return [(f, t) for f, terms in grouped(computed, lambda f: case.terms(f.key)) for t in terms]

    def has_editorial(self, entry: Entry) -> bool:
        return any(self.editorial(entry, t) for _, terms in self.facet_terms(entry) for t in terms)

    # -- schema (for the field reference page) ------------------------------------------------

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
        if field.kind == "effect":
            return [(value, label) for value, label in EFFECTS.items()]
        if field.kind == "sourced":
            return [(f.key, f.label) for f in self.facets if not f.computed]
        if field.kind == "figures":
            return [(k, "verplicht" if r else "optioneel") for k, r in FIGURE_KEYS.items()] + [
                (f"waarden: {k}", "verplicht") for k in POINT_KEYS
            ]
        if field.kind == "review":
            return [(k, "verplicht" if r else "optioneel") for k, r in REVIEW_KEYS.items()] + [
                (value, label) for value, label in REVIEW_STATUSES.items()
            ]
        return []
