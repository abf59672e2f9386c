"""What a visitor discovers beyond the pages: "Voorbeelden zoals mijn school", what is new (a
page and Atom feeds), the open data, and a printable card per case and per level.

`DiscoveryView` is what templates see (as `kb.discovery`); `extra_files` is every file these
features add to the site (feeds, data, cards), built once per build from the model and the
view's URLs. Both are framework-free: the MkDocs plugin only adds the files.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import posixpath
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..content.model import Case, Kennisbank
from ..content.taxonomy import Term
from ..contribute.decap import script_json
from ..search.fit import fit_data
from . import feeds
from .cards import render_card, render_card_set
from .charts import figures_block
from .markup import collapse_whitespace
from .opendata import DATA_DIR, PACKAGE_FILE, open_data
from .qrcode import absolute_url, qr_svg

if TYPE_CHECKING:
    from .view import SiteView

LIKE_MINE_SCRIPT = "assets/kennisbank/like-mine.js"
CARD_CSS = "assets/kennisbank/print-card.css"
CARD_DIR = "kaarten"  # one card per case
QR_VERSION = "1"  # part of a cached code's key: a change to qrcode.py that alters the SVG bumps it
QR_CACHE = "qr-codes-v1.json"
CARD_SET_DIR = "kaartensets"  # one set per level (a folder of its own: no case slug can clash)
# The open data a visitor downloads from the open-data page: file -> what it holds.
DATA_FILES = (
    ("praktijkvoorbeelden.csv", "alle praktijkvoorbeelden, een rij per praktijkvoorbeeld"),
    ("lessen.csv", "alle lessen, een rij per les"),
    ("koppelingen.csv", "welke praktijkvoorbeelden welke lessen onderbouwen"),
    ("bronnen.csv", "de bronnen, een rij per bron"),
    ("cijfers.csv", "de cijfers per jaar van praktijkvoorbeelden"),
    ("facetten.csv", "de facetten van de taxonomie"),
    ("waarden.csv", "de toegestane waarden van elk facet"),
    ("velden.csv", "het gegevenswoordenboek: elk veld en wat het betekent"),
    ("praktijkvoorbeelden.json", "hetzelfde als JSON, met lijsten en blokken zoals in de bestanden"),
    ("lessen.json", "de lessen als JSON"),
    ("taxonomie.json", "de taxonomie als JSON"),
    ("datapackage.json", "de beschrijving van alle bestanden (Frictionless Data Package)"),
)


def card_path(obj: Case | Term) -> str:
    """The site-relative path of a case's card, or of a level's card set."""
    if isinstance(obj, Case):
        return f"{CARD_DIR}/{obj.slug}.html"
    return f"{CARD_SET_DIR}/{obj.slug}.html"


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _case_url(view: SiteView, page: str, case: Case) -> str:
    return _relative(view.url(case), page)


class DiscoveryView:
    like_mine_script = LIKE_MINE_SCRIPT
    data_dir = DATA_DIR
    data_files = DATA_FILES
    package_file = PACKAGE_FILE

    def __init__(
        self, kb: Kennisbank, url_of: Any, *, site_url: str | None, licence: str | None, card_set_limit: int = 50
    ) -> None:
        self.kb = kb
        self.card_set_limit = card_set_limit
        self._url_of = url_of
        self.site_url = site_url
        self.licence = licence
        self.feeds_available = feeds.feeds_available(site_url)

    @cached_property
    def like_mine(self) -> dict[str, Any]:
        return fit_data(self.kb, self._url_of)

    @cached_property
    def like_mine_json(self) -> Markup:
        """The like-mine data for a <script type="application/json"> element (escaped there)."""
        return Markup(script_json(self.like_mine))

    def changes(self, limit: int | None = None) -> list[feeds.Change]:
        return feeds.recent_changes(self.kb, limit)

    @cached_property
    def feed_list(self) -> list[feeds.Feed]:
        """Every feed the site has (none without `site_url`)."""
        return feeds.plan_feeds(self.kb, title="") if self.feeds_available else []

    def feed_of(self, term: Term | None = None) -> str | None:
        """The feed of everything, or of one level or theme, when the site has feeds."""
        if not self.feeds_available:
            return None
        if term is None:
            return feeds.ALL_FEED
        facet = self.kb.taxonomy.facets[term.facet]
        path = feeds.feed_path(facet, term)
        return path if any(f.path == path for f in self.feed_list) else None

    def card(self, obj: Case | Term) -> str:
        return card_path(obj)

    def has_card_set(self, level: Term) -> bool:
        """A level gets a card set to print while it has at most `list_limit` cases (a set of
        thousands of sheets is no one's team meeting; its list can be filtered in search)."""
        return 0 < self.kb.count(level.facet, level.id) <= self.card_set_limit

    def figures(self, case: Case) -> list[Markup]:
        """Each figure series of a case as a chart (SVG, no script) with its table beside it."""
        return [figures_block(f, f"cijfers-{number}") for number, f in enumerate(case.figures, start=1)]


def extra_files(kb: Kennisbank, view: SiteView, *, site_name: str) -> dict[str, bytes]:
    """Feeds and open data: site-relative path -> content (added with the site's files)."""
    discovery = view.discovery
    files: dict[str, bytes] = {}
    files |= feeds.atom_feeds(kb, site_url=discovery.site_url, url_of=view.url, title=site_name)
    files |= open_data(kb, view.case_fields, view.lesson_fields, title=site_name, licence=discovery.licence)
    return files


class QrCache:
    """QR codes by address and label, kept between builds (segno takes ~12 ms per code): a
    JSON file in the cache folder, rewritten with only this build's codes."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.used: dict[str, str] = {}
        self.known: dict[str, str] = {}
        if path is not None:
            with contextlib.suppress(OSError, ValueError, RecursionError, MemoryError):
                data = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(data, dict):
                    self.known = {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}

    def __call__(self, url: str, label: str) -> Markup | None:
        key = f"{QR_VERSION}\0{url}\0{label}"
        svg = self.used.get(key) or self.known.get(key)
        if svg is None:
            made = qr_svg(url, label)
            if made is None:
                return None
            svg = str(made)
        self.used[key] = svg
        return Markup(svg)

    def save(self) -> None:
        """Never fails: a cache that cannot be written only costs the speed-up."""
        if self.path is None:
            return
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(json.dumps(self.used, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def card_files(
    kb: Kennisbank,
    view: SiteView,
    *,
    site_name: str,
    html_of: Callable[[Case], str | None],
    qr: Callable[[str, str], Markup | None],
) -> dict[str, bytes]:
    """The print cards of every case and the card sets of the levels that have one: path ->
    content. `html_of` gives a case page's rendered content (the build renders every case
    anyway; the cards reuse it rather than render the Markdown again)."""
    discovery = view.discovery
    files: dict[str, bytes] = {}

    def address(case: Case) -> str | None:
        return absolute_url(discovery.site_url, view.url(case))

    for case in kb.sorted_cases():
        page = card_path(case)
        html = render_card(
            kb,
            case,
            case_url=_relative(view.url(case), page),
            css_url=_relative(CARD_CSS, page),
            address=address(case),
            site_name=site_name,
            html=html_of(case),
            qr=qr,
        )
        files[page] = collapse_whitespace(html).encode("utf-8")
    for level in kb.taxonomy.levels.terms:
        if not discovery.has_card_set(level):
            continue
        page = card_path(level)
        html = render_card_set(
            kb,
            kb.cases_with(level.facet, level.id),
            title=f"Kaartenset {level.shown}",
            css_url=_relative(CARD_CSS, page),
            case_url=functools.partial(_case_url, view, page),
            address=address,
            back_url=_relative(view.url(level), page),
            back_label="Terug naar het interventieniveau",
            description=f"Alle praktijkvoorbeelden van interventieniveau {level.shown}, elk op een eigen blad.",
            site_name=site_name,
            html=html_of,
            qr=qr,
        )
        files[page] = collapse_whitespace(html).encode("utf-8")
    return files


def write_files(site_dir: Path, files: dict[str, bytes]) -> None:
    """Write files the build makes after the pages (the cards) into the site folder. An OSError
    (a full disk) ends the build like any other: the staged site is dropped, the old one kept."""
    for uri, content in files.items():
        target = site_dir / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
