"""What a listing page needs to filter and sort its cases in the browser (as `kb.listing` in
templates): the filters, each case's values and sort keys as data attributes, and the script.

The whole list is in the page (`assets/listing.js` filters it there, so it works from a file
share and, without JavaScript, every case simply shows). A list longer than `list_limit` is cut
short and links to the search page instead, which filters any number of cases.
"""

from __future__ import annotations

import json
from functools import cached_property

from markupsafe import Markup, escape

from ..content.model import Case, Kennisbank, sort_key
from ..content.taxonomy import Facet

LISTING_SCRIPT = "assets/kennisbank/listing.js"
SORTS = ("titel", "nieuwste", "lessen")  # listing.js SORTS; `sorteer` in the URL


class ListingView:
    script = LISTING_SCRIPT

    def __init__(self, kb: Kennisbank) -> None:
        self.kb = kb
        self.facets: list[Facet] = kb.taxonomy.searchable

    @cached_property
    def facets_json(self) -> str:
        """JSON for `data-facets`: [filter name, legend, [[value id, shown], ...]] per filter."""
        return json.dumps(
            [[f.filter, f.label, [[t.id, t.shown] for t in f.terms]] for f in self.facets],
            ensure_ascii=False,
            separators=(",", ":"),
        )

    def attributes(self, case: Case) -> Markup:
        """The data attributes of one case's card: its values per filter, date, sort title and
        number of lessons (escaped here: the values come from content)."""
        parts = [f'data-kb-slug="{escape(case.slug)}"']
        for facet in self.facets:
            values = self.kb.search_terms(case, facet.key)
            if values:
                parts.append(f'data-kb-f-{escape(facet.filter)}="{escape(" ".join(values))}"')
        date = case.updated or case.published
        if date:
            parts.append(f'data-kb-date="{date.isoformat()}"')
        parts.append(f'data-kb-title="{escape(sort_key(case.title))}"')
        parts.append(f'data-kb-lessons="{len(case.links)}"')
        return Markup(" ".join(parts))
