"""What the search page and the search index need to know of the facets (as `kb.search` in
templates): the filters, their values in taxonomy order, and per page what it is found under."""

from __future__ import annotations

import json
from typing import Any

from ..content.model import Entry, Kennisbank
from ..content.taxonomy import Facet, Term

KINDS = ["Praktijkvoorbeeld", "Les", "Interventieniveau"]  # the "soort" filter's values


def grouped(facets: list[Facet], ids_of: Any) -> list[tuple[Facet, list[Term]]]:
    """(facet, its terms among `ids_of(facet)`) in taxonomy order, empty facets left out."""
    groups = []
    for facet in facets:
        ids = set(ids_of(facet))
        terms = [t for t in facet.terms if t.id in ids]
        if terms:
            groups.append((facet, terms))
    return groups


class SearchView:
    def __init__(self, kb: Kennisbank) -> None:
        self.kb = kb
        self.facets = list(kb.taxonomy.facets.values())

    def filter_order(self) -> str:
        """JSON: per search filter, its values in taxonomy order (the search page sorts by it)."""
        order = {f.filter: [t.shown for t in f.terms] for f in self.facets if f.searchable}
        order["soort"] = KINDS
        return json.dumps(order, ensure_ascii=False)

    def facets_json(self) -> str:
        """JSON: the search page's filters, [name, legend] in display order (soort first)."""
        return json.dumps(
            [["soort", "Soort"], *([f.filter, f.label] for f in self.facets if f.searchable)], ensure_ascii=False
        )

    def borrowed(self) -> list[Facet]:
        """The filters under which a lesson counts with the cases behind it (`lessen:
        van-praktijkvoorbeelden`), for the search page's note."""
        return [f for f in self.facets if f.searchable and f.lessons == "van-praktijkvoorbeelden"]

    def summary(self, entry: Entry) -> str:
        """One line of facet values, for search results: 'III · Pilotfase · Havo en vwo, Wo' (the
        facets a case card shows, `kaart: ja`)."""
        parts = []
        for facet, terms in grouped([f for f in self.facets if f.on_card], lambda f: entry.terms(f.key)):
            if facet.display == "id-en-label":  # ids are short enough for one line: III, V
                parts.append(", ".join(t.id for t in terms))
            else:
                parts.append(", ".join(t.label for t in terms))
        return " · ".join(parts)

    def filters(self, spec: Any) -> list[tuple[str, str]]:
        """(filter name, value) pairs a searchable page (`PageSpec`) is found under: its kind, and
        for a case or lesson every facet value of `facet_terms`."""
        if spec.kind == "level":
            return [("soort", "Interventieniveau"), (self.kb.taxonomy.levels.filter, spec.obj.shown)]
        pairs = [("soort", "Praktijkvoorbeeld" if spec.kind == "case" else "Les")]
        for facet, terms in self.facet_terms(spec.obj):
            pairs += [(facet.filter, term.shown) for term in terms]
        return pairs

    def facet_terms(self, entry: Entry) -> list[tuple[Facet, list[Term]]]:
        """The facet values a page can be filtered on (`Kennisbank.search_terms`: a lesson also
        those of the cases behind it, as its facet's `lessen` setting says)."""
        return grouped([f for f in self.facets if f.searchable], lambda f: self.kb.search_terms(entry, f.key))
