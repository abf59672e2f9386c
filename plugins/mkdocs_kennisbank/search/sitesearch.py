"""The built site's search data: one index of our own, for every query and every filter.

The search page (assets/search.js) ranks every query, served or opened from a file share, from
the index browserindex.py computes and searchfiles.py writes as scripts (manifest
`offline-index.js`; browsers refuse `fetch` over file://, but they run scripts). The same
files hold the filters: per filter value the documents that have it.

Pagefind, which this replaced, was measured against it at 10,000 cases (README, "Search cost"):
per-term searches cost 300 to 570 KB and up to 0.9 s for a first query, and per-value filter
searches 2 to 4 s to open the filters, against 100 to 190 KB and about 0.2 s here; it needed
2 GB of memory at build time and wrote its chunks in hash-map order (no reproducible builds).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..content.model import Entry
from .analysis import plain_text

OFFLINE_INDEX = "assets/kennisbank/offline-index.js"


def search_data(
    pages: Iterable[Any],
    url_for: Callable[[str], str | None],
    summary: Callable[[Entry], str],
    filters: Callable[[Any], list[tuple[str, str]]],
):
    """The browser's search data for the pages search indexes (cases, lessons, levels: `PageSpec`s).

    Returns a `browserindex.BrowserSearch`: `.files(OFFLINE_INDEX)` are the site's search files
    (word map, suggestions, postings, documents, filters; the manifest keeps the name
    offline-index.js). `filters(spec)` gives the (filter name, value) pairs a page is found
    under. Every page is analysed once, here.
    """
    from .browserindex import BrowserSearch, SearchDocument

    documents = []
    for spec in pages:
        facets = summary(spec.obj) if isinstance(spec.obj, Entry) else f"Interventieniveau {spec.obj.id}"
        url = url_for(spec.src_uri) or ""
        documents.append(
            SearchDocument(
                spec.src_uri,
                spec.kind,
                url,
                spec.title,
                spec.description,
                plain_text(spec.body),
                facets,
                tuple(filters(spec)),
            )
        )
    return BrowserSearch(documents)
