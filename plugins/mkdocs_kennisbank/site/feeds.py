"""Atom 1.0 feeds of what is new or updated, and the data of the "Nieuw en bijgewerkt" page.

Pure: the kennisbank, the site's address and a function giving each page's site-relative URL
in; file contents out. No clock is read, so the same content gives byte-identical feeds (an
entry's date is its `bijgewerkt` or else `gepubliceerd` date; a feed's date is its newest
entry's).

A feed reader needs absolute addresses, and a kennisbank without `site_url` has only relative
links (it works under any sub-path). Without `site_url` there are no feeds: `feeds_available`
says so, `atom_feeds` returns nothing and the plugin says why (`NO_FEEDS`).

Feeds: `feeds/alles.xml` with every case and lesson, and one per value of the level and theme
facets, named after the facet's filter and the value (`feeds/niveau-iii.xml`,
`feeds/thema-techniekdocenten.xml`). A lesson is in a value's feed when search finds it under
that value (`Kennisbank.search_terms`, the facet's `lessen` setting in taxonomie.yml).
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from ..content.model import Case, Entry, Kennisbank, sort_key
from ..content.schema import CASES, LESSONS
from ..content.taxonomy import Facet, Term

ATOM = "http://www.w3.org/2005/Atom"
FEED_DIR = "feeds"
ALL_FEED = f"{FEED_DIR}/alles.xml"
FEED_FACETS: tuple[str, ...] = ("interventieniveaus", "thema")  # a feed per value of these
FEED_LIMIT = 50  # entries per feed: the newest; a reader keeps what it has seen
MEDIA_TYPE = "application/atom+xml"
GENERATOR = "Kennisbank"
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>\n'
# The date of a feed without entries (a kennisbank without dated content): fixed, not today.
EPOCH = dt.date(1970, 1, 1)

NO_FEEDS = (
    "geen feeds: een feed heeft volledige adressen nodig; zet site_url in mkdocs.yml "
    "(bijvoorbeeld https://kennisbank.example.nl/) om ze te maken"
)

NEW = "nieuw"
UPDATED = "bijgewerkt"

# Characters XML 1.0 cannot carry at all, not even escaped. The validator refuses control
# characters in content already; this keeps a feed well-formed whatever reaches it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class Change(NamedTuple):
    """One line of the "Nieuw en bijgewerkt" page: when, what happened, to which entry."""

    date: dt.date
    kind: str  # NEW or UPDATED
    entry: Entry


@dataclass(frozen=True)
class Feed:
    """One feed: its file, its Dutch title and subtitle, and what it lists (newest first)."""

    path: str  # site-relative: feeds/alles.xml
    title: str
    subtitle: str
    entries: list[Entry]
    facet: Facet | None = None  # None: the feed of everything
    term: Term | None = None


def feeds_available(site_url: str | None) -> bool:
    """Whether the site can have feeds: only with an absolute http(s) `site_url`."""
    if not site_url or not site_url.strip():
        return False
    parts = urlsplit(site_url.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def changed(entry: Entry) -> dt.date | None:
    """The entry's date in feeds and on the page of changes: its latest of updated and published."""
    dates = [d for d in (entry.updated, entry.published) if d is not None]
    return max(dates) if dates else None


def change_kind(entry: Entry) -> str:
    """`bijgewerkt` when the entry has an update after (or without) its publication, else `nieuw`."""
    if entry.updated is not None and (entry.published is None or entry.updated > entry.published):
        return UPDATED
    return NEW


def _newest_first(entries: Iterable[Entry]) -> list[Entry]:
    """Dated entries, newest first; on the same date by title, then slug (unique): a total order."""
    dated = [(date, e) for e in entries if (date := changed(e)) is not None]
    dated.sort(key=lambda pair: (-pair[0].toordinal(), sort_key(pair[1].title), pair[1].slug))
    return [e for _, e in dated]


def recent_changes(kb: Kennisbank, limit: int | None = None) -> list[Change]:
    """What is new or updated, newest first (cases and lessons together); undated entries are left out."""
    entries = _newest_first([*kb.cases.values(), *kb.lessons.values()])
    if limit is not None:
        entries = entries[:limit]
    changes: list[Change] = []
    for entry in entries:
        date = changed(entry)
        assert date is not None  # _newest_first keeps dated entries only
        changes.append(Change(date, change_kind(entry), entry))
    return changes


def feed_path(facet: Facet | None = None, term: Term | None = None) -> str:
    """The site-relative path of a feed: `feeds/alles.xml`, or `feeds/<filter>-<value>.xml`."""
    if facet is None or term is None:
        return ALL_FEED
    return f"{FEED_DIR}/{facet.filter}-{term.slug}.xml"


def plan_feeds(kb: Kennisbank, *, title: str, limit: int | None = FEED_LIMIT) -> list[Feed]:
    """Every feed, in a stable order (everything first, then per facet in taxonomy order).

    Independent of the site's address: also what pages link to (`feed_path`).
    """
    everything = [*kb.cases.values(), *kb.lessons.values()]
    feeds = [
        Feed(
            ALL_FEED,
            f"{title}: nieuw en bijgewerkt",
            "Nieuwe en bijgewerkte praktijkvoorbeelden en lessen.",
            _cut(_newest_first(everything), limit),
        )
    ]
    for key in FEED_FACETS:
        facet = kb.taxonomy.facets.get(key)
        if facet is None:
            continue
        members: dict[str, list[Entry]] = {term.id: [] for term in facet.terms}
        for entry in everything:
            for term_id in kb.search_terms(entry, key):  # a lesson: as search finds it
                members[term_id].append(entry)
        for term in facet.terms:
            shown = facet.shown(term)
            feeds.append(
                Feed(
                    feed_path(facet, term),
                    f"{title}: {shown}",
                    f"Nieuwe en bijgewerkte praktijkvoorbeelden en lessen. {facet.label}: {shown}.",
                    _cut(_newest_first(members[term.id]), limit),
                    facet,
                    term,
                )
            )
    return feeds


def atom_feeds(
    kb: Kennisbank,
    *,
    site_url: str | None,
    url_of: Callable[[Any], str],
    title: str,
    limit: int | None = FEED_LIMIT,
) -> dict[str, bytes]:
    """Every feed as site-relative path -> Atom XML (UTF-8); empty without a usable `site_url`.

    `url_of` gives the site-relative URL of a case, lesson, term or facet page (as MkDocs
    writes it, e.g. `praktijkvoorbeelden/jet-net.html`); `title` is the site's name.
    """
    if site_url is None or not feeds_available(site_url):
        return {}
    base = site_url.strip()
    base = base if base.endswith("/") else base + "/"

    def absolute(relative: str) -> str:
        return urljoin(base, relative.lstrip("/"))

    # The date of a feed without entries: the kennisbank's newest change, not the time of the build.
    dated = _newest_first([*kb.cases.values(), *kb.lessons.values()])
    fallback = (changed(dated[0]) if dated else None) or EPOCH
    files: dict[str, bytes] = {}
    for feed in plan_feeds(kb, title=title, limit=limit):
        alternate = absolute(url_of(feed.term)) if feed.term is not None else base
        files[feed.path] = _render(kb, feed, absolute, url_of, alternate, title, fallback)
    return files


# -- rendering ---------------------------------------------------------------------------------


def _render(
    kb: Kennisbank,
    feed: Feed,
    absolute: Callable[[str], str],
    url_of: Callable[[Any], str],
    alternate: str,
    site_title: str,
    fallback: dt.date,
) -> bytes:
    # Unprefixed names in the Atom namespace, declared once (ElementTree's namespace handling
    # would prefix every element or refuse unqualified attributes).
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "nl"})
    self_url = absolute(feed.path)
    _text(root, "id", self_url)
    _text(root, "title", feed.title)
    _text(root, "subtitle", feed.subtitle)
    newest = changed(feed.entries[0]) if feed.entries else None
    _text(root, "updated", _timestamp(newest or fallback))
    _link(root, self_url, "self", MEDIA_TYPE)
    _link(root, alternate, "alternate", "text/html")
    author = ET.SubElement(root, "author")
    _text(author, "name", site_title)
    _text(root, "generator", GENERATOR)
    for entry in feed.entries:
        _entry(kb, root, entry, absolute, url_of)
    ET.indent(root)
    return XML_DECLARATION + ET.tostring(root, encoding="unicode").encode("utf-8") + b"\n"


def _entry(
    kb: Kennisbank, root: ET.Element, entry: Entry, absolute: Callable[[str], str], url_of: Callable[[Any], str]
) -> None:
    url = absolute(url_of(entry))
    date = changed(entry)
    assert date is not None
    element = ET.SubElement(root, "entry")
    _text(element, "id", url)  # the page's address: stable as long as the site keeps its URLs
    _text(element, "title", entry.title)
    _link(element, url, "alternate", "text/html")
    if entry.published is not None:
        _text(element, "published", _timestamp(entry.published))
    _text(element, "updated", _timestamp(date))
    _text(element, "summary", entry.description)
    kind = CASES if isinstance(entry, Case) else LESSONS
    _category(element, kind.folder, kind.label)
    for key, facet in kb.taxonomy.facets.items():  # its own values, in taxonomy order
        own = set(entry.terms(key))
        for term in facet.terms:
            if term.id in own:
                _category(element, term.id, facet.shown(term), absolute(url_of(facet)))


def _clean(value: str) -> str:
    return _NOT_XML.sub("", value)


def _text(parent: ET.Element, tag: str, value: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    if tag in ("title", "subtitle", "summary"):
        element.set("type", "text")  # plain text: escaped by ElementTree, shown as typed
    element.text = _clean(value)
    return element


def _link(parent: ET.Element, href: str, rel: str, media_type: str) -> None:
    ET.SubElement(parent, "link", {"rel": rel, "type": media_type, "href": _clean(href)})


def _category(parent: ET.Element, term: str, label: str, scheme: str | None = None) -> None:
    attributes = {"term": _clean(term), "label": _clean(label)}
    if scheme:
        attributes["scheme"] = _clean(scheme)
    ET.SubElement(parent, "category", attributes)


def _timestamp(date: dt.date) -> str:
    """RFC 3339, as Atom requires: the start of the day in UTC (content has dates, not times)."""
    return f"{date.isoformat()}T00:00:00Z"


def _cut(entries: list[Entry], limit: int | None) -> list[Entry]:
    return entries if limit is None else entries[:limit]
