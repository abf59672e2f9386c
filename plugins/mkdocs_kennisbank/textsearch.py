"""Full-text search on the command line: a small adapter around Whoosh (Whoosh-Reloaded).

The index lives in a cache folder outside the site (default `.cache/kennisbank/` next to the
content folder). It is incremental: a sidecar file records a digest per entry, and only new,
changed or removed files are written. A missing, corrupt or outdated cache is rebuilt.
Queries never go through Whoosh's query parser (see `query.py`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import highlight, index
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, Or, Query, Term
from whoosh.scoring import BM25F

from .analysis import analyzer, plain_text, terms
from .errors import UsageError, display_path
from .model import Case, Entry, Kennisbank
from .query import clean
from .suggest import did_you_mean

SCHEMA_VERSION = "4"
DIGESTS = "digests.json"
# Search filter option -> (index field, taxonomy facet)
FILTERS = {
    "niveau": ("niveau", "interventieniveaus"),
    "fase": ("fase", "fase"),
    "onderwijs": ("onderwijs", "onderwijs"),
    "thema": ("thema", "thema"),
}
# One indexed field holds title, description and text; repeating the title (3x) and the
# description (2x) weighs them like field boosts, at a third of the cost per query word.
TITLE_REPEAT, DESCRIPTION_REPEAT = 3, 2
SNIPPET_SOURCE_CHARS = 2000
KIND_LABELS = {"praktijkvoorbeelden": "praktijkvoorbeeld", "lessen": "les"}


def _schema() -> Schema:
    text = analyzer()
    return Schema(
        slug=ID(stored=True, unique=True),
        kind=ID(stored=True),
        path=STORED,
        title=STORED,
        description=STORED,
        body=STORED,  # the opening of the text, for snippets
        content=TEXT(analyzer=text),
        niveau=KEYWORD(stored=True, commas=True),
        fase=KEYWORD(stored=True, commas=True),
        onderwijs=KEYWORD(stored=True, commas=True),
        thema=KEYWORD(stored=True, commas=True),
    )


@dataclass
class Hit:
    slug: str
    kind: str
    title: str
    description: str
    path: str
    score: float
    snippet: str
    facets: dict[str, list[str]] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "slug": self.slug,
            "soort": KIND_LABELS.get(self.kind, self.kind),
            "title": self.title,
            "description": self.description,
            "path": self.path,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            **self.facets,
        }


@dataclass
class Results:
    hits: list[Hit]
    total: int
    notes: list[str]
    exact: bool = True


@dataclass
class UpdateStats:
    written: int
    removed: int
    rebuilt: bool


class _Marker(highlight.Formatter):
    """Matched words between « and », readable in a terminal and in JSON."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return "«" + highlight.get_text(text, token, replace) + "»"


class SearchIndex:
    def __init__(self, cache_dir: Path) -> None:
        self.dir = cache_dir / f"whoosh-v{SCHEMA_VERSION}"
        self.cache_dir = cache_dir

    # -- writing -----------------------------------------------------------------------------

    def _open_or_create(self) -> tuple[index.Index, dict[str, str], bool]:
        try:
            ix = index.open_dir(str(self.dir))
            digests = json.loads((self.dir / DIGESTS).read_text(encoding="utf-8"))
            if not isinstance(digests, dict) or ix.doc_count() != len(digests):
                raise ValueError("digests do not match the index")
            return ix, digests, False
        except Exception:  # noqa: BLE001 - any damage to the cache means: start again
            # Only our own folders (this and older index versions), never anything else in the cache.
            for old in [self.dir, *self.cache_dir.glob("whoosh-v*")]:
                shutil.rmtree(old, ignore_errors=True)
            self.dir.mkdir(parents=True, exist_ok=True)
            return index.create_in(str(self.dir), _schema()), {}, True

    def update(self, kb: Kennisbank, root: Path) -> UpdateStats:
        """Bring the index in line with `kb`: write changed entries, remove deleted ones."""
        ix, digests, rebuilt = self._open_or_create()
        entries: dict[str, Entry] = {**kb.cases, **kb.lessons}
        wanted = {slug: _digest(entry) for slug, entry in entries.items()}
        changed = [slug for slug, digest in wanted.items() if digests.get(slug) != digest]
        removed = [slug for slug in digests if slug not in wanted]
        if changed or removed:
            writer = ix.writer(limitmb=256)
            for slug in removed:
                writer.delete_by_term("slug", slug)
            for slug in sorted(changed):
                writer.update_document(**_document(entries[slug], root))
            writer.commit()
            (self.dir / DIGESTS).write_text(json.dumps(wanted, sort_keys=True), encoding="utf-8")
        ix.close()
        return UpdateStats(len(changed), len(removed), rebuilt)

    # -- reading -----------------------------------------------------------------------------

    def search(self, text: str, kb: Kennisbank, filters: dict[str, str] | None = None, limit: int = 10) -> Results:
        query = clean(text)
        stems = [stem for word in query.words for stem in terms(word)]
        if not stems:
            raise UsageError(
                "de zoekopdracht bevat alleen veelvoorkomende woorden (zoals 'de', 'het', 'en'); gebruik een inhoudelijk woord"
            )
        notes = list(query.notes)
        groups = [Term("content", stem) for stem in dict.fromkeys(stems)]
        restriction = self._filter(filters or {}, kb)
        ix = index.open_dir(str(self.dir))
        try:
            with ix.searcher(weighting=BM25F()) as searcher:
                results = searcher.search(And(groups), filter=restriction, limit=limit)
                if results.is_empty() and len(groups) > 1:
                    results = searcher.search(Or(groups), filter=restriction, limit=limit)
                    if not results.is_empty():
                        notes.append("geen resultaten met alle woorden; dit zijn resultaten met een deel van de woorden")
                results.fragmenter = highlight.ContextFragmenter(maxchars=160, surround=60)
                results.formatter = _Marker()
                hits = [self._hit(hit) for hit in results]
                # Counting every match of a common word costs more than the search itself; an
                # estimate is enough to say "about N".
                exact = (
                    results.has_exact_length()
                    or len(hits) < limit
                    or results.estimated_min_length() == results.estimated_length()
                )
                total = len(results) if exact else results.estimated_length()
                return Results(hits, total, notes, exact)
        finally:
            ix.close()

    def similar_cases(self, title: str) -> list[Hit]:
        """Existing cases whose title shares at least half of its words with `title`."""
        wanted = set(terms(title))
        if not wanted or not (self.dir / DIGESTS).exists():
            return []
        query = Or([Term("content", stem) for stem in sorted(wanted)])
        ix = index.open_dir(str(self.dir))
        try:
            with ix.searcher() as searcher:
                found = []
                for hit in searcher.search(query, filter=Term("kind", Case.kind), limit=5):
                    theirs = set(terms(hit["title"]))
                    if len(wanted & theirs) / len(wanted | theirs) >= 0.5:
                        found.append(self._hit(hit, snippet=False))
                return found
        finally:
            ix.close()

    @staticmethod
    def _filter(filters: dict[str, str], kb: Kennisbank) -> Query | None:
        clauses = []
        for name, value in filters.items():
            field_name, facet_key = FILTERS[name]
            facet = kb.taxonomy.facets[facet_key]
            if facet.get(value) is None:
                hint = did_you_mean(value, {t.id: t.label for t in facet.terms})
                raise UsageError(f"--{name}: onbekende waarde '{value}'{hint}; kies uit: {', '.join(facet.ids)}")
            clauses.append(Term(field_name, value))
        return And(clauses) if clauses else None

    @staticmethod
    def _hit(hit, snippet: bool = True) -> Hit:
        facets = {name: hit[name].split(",") for name in FILTERS if hit.get(name)}
        text = ""
        if snippet:
            # Snippets come from the opening of the text: highlighting re-analyses what it is given.
            text = (
                hit.highlights("content", text=hit["body"], top=2)
                or hit.highlights("content", text=hit["description"])
                or hit["description"]
            )
        return Hit(
            slug=hit["slug"],
            kind=hit["kind"],
            title=hit["title"],
            description=hit["description"],
            path=hit["path"],
            score=hit.score or 0.0,
            snippet=" ".join(text.split()),
            facets=facets,
        )


def _digest(entry: Entry) -> str:
    return hashlib.sha1(f"{entry.kind}\0".encode() + entry.path.read_bytes()).hexdigest()


def _document(entry: Entry, root: Path) -> dict:
    body = plain_text(entry.body)
    doc = {
        "slug": entry.slug,
        "kind": entry.kind,
        "path": display_path(entry.path, root),
        "title": entry.title,
        "description": entry.description,
        "body": body[:SNIPPET_SOURCE_CHARS],
        "content": " ".join([entry.title] * TITLE_REPEAT + [entry.description] * DESCRIPTION_REPEAT + [body]),
        "niveau": ",".join(entry.levels),
        "thema": ",".join(entry.themes),
    }
    if isinstance(entry, Case):
        doc["fase"] = entry.phase
        doc["onderwijs"] = ",".join(entry.education)
    return doc
