"""Full-text search on the command line: a small adapter around Whoosh (Whoosh-Reloaded).

The index lives in a cache folder outside the site (default `.cache/kennisbank/` next to the
content folder). It is incremental: a sidecar file records a digest per entry, and only new,
changed or removed files are written. A missing, corrupt or outdated cache is rebuilt, and so is
one built with another Dutch analysis (`dutch.analysis_version()`).
Queries never go through Whoosh's query parser (see `query.py`).

Words are analysed by `dutch.py` (the analysis every search surface shares). Ranking is
most-words-first: a page that matches all words of a query comes before one that matches most of
them, and that before one that matches some; within a tier, BM25 decides (title and description
count as several occurrences, see `TITLE_REPEAT`). A query word matches a page through its own
normal form or, for a compound, through its parts (each part counts for its share of the word,
and weighs less in BM25). A page that shares no normalised word with the query is never a hit;
stop words never count.

Speed (figures in the README): Whoosh stores the index; the scoring is ours, over Whoosh's stored
postings (`_Snapshot`, `_rank`), because Whoosh's matchers and BM25F cost several Python calls per
posting and a common word has a posting in nearly every page. Here a posting list is decoded a
block at a time, BM25's length factor is computed once per document and index generation, decoded
lists stay in memory while the index is open (least recently used dropped first,
`POSTINGS_BUDGET`), and BM25 is computed only where it decides one of the first `limit` places:
for the few pages in the tiers above the cut, and in the tier at the cut with the cheapest loop
that tier allows. Writing, the content field keeps frequencies only (snippets find their words
themselves) and is counted straight from `dutch.terms` (`DutchText`), and Whoosh's writer keeps
the postings in memory instead of spilling them to disk (`WRITER_LIMIT_MB`).
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import math
import shutil
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import accumulate, repeat
from pathlib import Path

from whoosh import highlight, index
from whoosh.analysis import Analyzer, Token
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound
from whoosh.system import pack_uint

from ..content.model import Case, Entry, Kennisbank
from ..content.suggest import did_you_mean
from ..errors import UsageError, display_path
from . import dutch
from .analysis import plain_text
from .query import clean

SCHEMA_VERSION = "8"
DIGESTS = "digests.json"
ANALYSIS = "analysis.txt"  # dutch.analysis_version() the index was built with
# One keyword field holds every filter value as "<filter name>=<value id>" ("niveau=III"), so
# the index schema does not depend on which facets the taxonomy declares (`zoeken: ja`).
FACETS_FIELD = "facets"
# One indexed field holds title, description and text; repeating the title (3x) and the
# description (2x) weighs them like field boosts, at a third of the cost per query word.
TITLE_REPEAT, DESCRIPTION_REPEAT = 3, 2
SNIPPET_SOURCE_CHARS = 2000
KIND_LABELS = {"praktijkvoorbeelden": "praktijkvoorbeeld", "lessen": "les"}
# BM25 (Robertson/Sparck Jones, as Whoosh's BM25F): term-frequency saturation and length normalisation.
BM25_K1, BM25_B = 1.2, 0.75
# A compound part found in a page weighs this much of the word itself in BM25, and a word matched
# only through its parts covers at most this much of a word (so the word itself ranks first).
PART_WEIGHT = 0.5
PART_COVERAGE = 0.9
# Decoded postings kept in memory per opened index, least recently used dropped first. With the
# per-document scores made from them, about 200 bytes each: at most about 200 MB, while a query
# on 10,000 pages reads some 10,000 to 50,000 postings.
POSTINGS_BUDGET = 1_000_000
# `kennisbank new`: how many cases (those with most of the new title's words first) have their
# titles compared with the new one, and how many similar ones are shown.
SIMILAR_CANDIDATES, SIMILAR_SHOWN = 200, 5
# The postings writer's memory budget, in Whoosh's own estimate. Above it Whoosh spills sorted runs
# to disk and merges them, which took twice as long at 10,000 cases (22.7 s at 256, 11.7 s here,
# measured); 10,000 cases fit (peak 430 MB for the whole process, 300 MB of it the writer).
WRITER_LIMIT_MB = 512


class DutchAnalyzer(Analyzer):
    """`dutch.tokens` as a Whoosh analyzer: normal forms and compound parts, with positions and offsets.

    Compound parts share the position and characters of their word, so highlighting marks the
    whole word. Whoosh pickles the schema into the index, so this class must stay importable here
    (moving it makes old indexes unreadable, which only means they are rebuilt).
    """

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for term, start, end, number in dutch.tokens(value):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = value[start:end]
            if positions:
                token.pos = start_pos + number
            if chars:
                token.startchar = start_char + start
                token.endchar = start_char + end
            yield token


# Posting values for a term frequency, shared between postings (the writer keeps them all in memory).
_FREQUENCIES: dict[int, tuple[int, float, bytes]] = {}
_TERM_BYTES: dict[str, bytes] = {}


class DutchText(TEXT):
    """The content field: term frequencies without positions, analysed by `dutch.terms`.

    Exactly what `TEXT(analyzer=DutchAnalyzer(), phrase=False)` indexes (a test holds them
    equal), but counted straight from `dutch.terms` instead of one Whoosh token object per word.
    Like `DutchAnalyzer`, it must stay importable here.
    """

    def __init__(self) -> None:
        super().__init__(analyzer=DutchAnalyzer(), phrase=False)

    def index(self, value, **kwargs):
        if kwargs or not isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        frequencies, term_bytes = _FREQUENCIES, _TERM_BYTES
        for term, count in Counter(dutch.terms(value)).items():
            encoded = term_bytes.get(term)
            if encoded is None:
                if len(term_bytes) > 500_000:
                    term_bytes.clear()
                encoded = term_bytes[term] = term.encode("utf-8")
            values = frequencies.get(count)
            if values is None:
                values = frequencies[count] = (count, float(count), pack_uint(count))
            yield encoded, values[0], values[1], values[2]


def _schema() -> Schema:
    return Schema(
        slug=ID(stored=True, unique=True),
        kind=ID(stored=True),
        path=STORED,
        title=STORED,
        description=STORED,
        body=STORED,  # the opening of the text, for snippets
        content=DutchText(),
        facets=KEYWORD(stored=True, commas=True),
    )


def _facet_tokens(entry: Entry, kb: Kennisbank) -> str:
    """The entry's filter values (`Kennisbank.search_terms`: a lesson also those of the cases
    behind it), as the index stores them: "niveau=III,fase=pilotfase"."""
    return ",".join(
        f"{facet.filter}={value}" for facet in kb.taxonomy.searchable for value in kb.search_terms(entry, facet.key)
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
    # Misspelled query word -> the kennisbank word it probably meant ("Bedoelde je ...?")
    suggestions: dict[str, str] = field(default_factory=dict)


# A search surface for the benchmark (`scripts/search_benchmark.py`): query -> slugs, best first.
SearchFunction = Callable[[str], list[str]]


@dataclass
class UpdateStats:
    written: int
    removed: int
    rebuilt: bool


class SearchIndex:
    def __init__(self, cache_dir: Path) -> None:
        self.dir = cache_dir / f"whoosh-v{SCHEMA_VERSION}"
        self.cache_dir = cache_dir
        self._snap: _Snapshot | None = None

    def close(self) -> None:
        """Close the opened index (searching again opens it again)."""
        if self._snap is not None:
            self._snap.close()
            self._snap = None

    # -- writing -----------------------------------------------------------------------------

    def _open_or_create(self) -> tuple[index.Index, dict[str, str], bool]:
        try:
            ix = index.open_dir(str(self.dir))
            digests = json.loads((self.dir / DIGESTS).read_text(encoding="utf-8"))
            if not isinstance(digests, dict) or ix.doc_count() != len(digests):
                raise ValueError("digests do not match the index")
            if (self.dir / ANALYSIS).read_text(encoding="utf-8") != dutch.analysis_version():
                raise ValueError("built with another Dutch analysis")
            return ix, digests, False
        except Exception:  # noqa: BLE001 - any damage to the cache means: start again
            # Only our own folders (this and older index versions), never anything else in the cache.
            for old in [self.dir, *self.cache_dir.glob("whoosh-v*")]:
                shutil.rmtree(old, ignore_errors=True)
            self.dir.mkdir(parents=True, exist_ok=True)
            (self.dir / ANALYSIS).write_text(dutch.analysis_version(), encoding="utf-8")
            return index.create_in(str(self.dir), _schema()), {}, True

    def update(self, kb: Kennisbank, root: Path) -> UpdateStats:
        """Bring the index in line with `kb`: write changed entries, remove deleted ones."""
        self.close()
        ix, digests, rebuilt = self._open_or_create()
        entries: dict[str, Entry] = {**kb.cases, **kb.lessons}
        wanted = {slug: _digest(entry, kb) for slug, entry in entries.items()}
        changed = [slug for slug, digest in wanted.items() if digests.get(slug) != digest]
        removed = [slug for slug in digests if slug not in wanted]
        if changed or removed:
            writer = ix.writer(limitmb=WRITER_LIMIT_MB)
            for slug in removed:
                writer.delete_by_term("slug", slug)
            for slug in sorted(changed):
                document = _document(entries[slug], kb, root)
                if slug in digests:
                    writer.update_document(**document)
                else:  # new: nothing to delete first
                    writer.add_document(**document)
            writer.commit()
            (self.dir / DIGESTS).write_text(json.dumps(wanted, sort_keys=True), encoding="utf-8")
        ix.close()
        return UpdateStats(len(changed), len(removed), rebuilt)

    # -- reading -----------------------------------------------------------------------------

    def _snapshot(self) -> _Snapshot:
        """The opened index, reopened when another generation has been committed since."""
        snap = self._snap
        if snap is not None:
            with contextlib.suppress(Exception):  # the folder changed under us: open it again
                if snap.ix.latest_generation() == snap.generation:
                    return snap
            self.close()
        self._snap = _Snapshot(self.dir)
        return self._snap

    def search(self, text: str, kb: Kennisbank, filters: dict[str, str] | None = None, limit: int = 10) -> Results:
        query = clean(text)
        pairs = dutch.query_groups(" ".join(query.words))
        words = [word for word, _ in pairs]
        groups = [alternatives for _, alternatives in pairs]
        if not groups:
            raise UsageError(
                "de zoekopdracht bevat alleen veelvoorkomende woorden (zoals 'de', 'het', 'en'); gebruik een inhoudelijk woord"
            )
        notes = list(query.notes)
        restriction = self._filter(filters or {}, kb)
        snap = self._snapshot()
        allowed = snap.allowed(restriction)
        ranked, total, unknown = _rank(snap, groups, allowed, limit)
        suggestions = _suggestions(snap, [words[n] for n in unknown]) if unknown else {}
        if suggestions:
            notes.append("; ".join(f"geen pagina bevat '{w}': bedoelde je '{s}'?" for w, s in suggestions.items()))
        for number, group in enumerate(groups if not ranked else []):  # only when nothing was found
            if number in unknown or len(group) < 2 or snap.postings(group[0]).ids:
                continue
            found = [snap.postings(part).ids for part in group[1:]]
            if any(found) and not set.intersection(*map(set, found)):
                parts = "' of '".join(group[1:])
                notes.append(f"geen pagina bevat '{words[number]}' of al zijn delen; zoek op een deel: '{parts}'")
        if ranked and ranked[0][0] <= len(groups) - 1:  # a whole word missing, not only a compound's part
            notes.append(
                "geen resultaten met alle woorden; dit zijn resultaten met een deel van de woorden, de meeste eerst"
            )
        matched = sorted({t for group in groups for t in group})
        hits = [self._hit(snap.stored_fields(docnum), score, matched) for _, score, docnum in ranked]
        return Results(hits, total, notes, True, suggestions)

    def similar_cases(self, title: str) -> list[Hit]:
        """Existing cases whose title shares at least half of its words with `title`.

        Candidates are the cases that match most of the title's words (the ranking of `search`,
        normal forms only); the titles of the first `SIMILAR_CANDIDATES` are compared.
        """
        groups = [[group[0]] for group in dutch.query_terms(title)]
        wanted = {group[0] for group in groups}
        if not wanted or not (self.dir / DIGESTS).exists():
            return []
        snap = self._snapshot()
        ranked, _, _ = _rank(snap, groups, snap.allowed([("kind", Case.kind)]), SIMILAR_CANDIDATES)
        found = []
        for _, score, docnum in ranked:
            fields = snap.stored_fields(docnum)
            theirs = {group[0] for group in dutch.query_terms(fields["title"])}
            if len(wanted & theirs) / len(wanted | theirs) >= 0.5:
                found.append(self._hit(fields, score, None))
        return found[:SIMILAR_SHOWN]

    @staticmethod
    def _filter(filters: dict[str, str], kb: Kennisbank) -> list[tuple[str, str]]:
        """(index field, token) per filter (filter name -> value id); `UsageError` for a filter
        or a value the taxonomy does not have."""
        clauses = []
        by_name = {facet.filter: facet for facet in kb.taxonomy.searchable}
        for name, value in filters.items():
            facet = by_name.get(name)
            if facet is None:
                raise UsageError(f"--{name}: onbekend filter; de filters zijn: {', '.join(by_name)}")
            if facet.get(value) is None:
                hint = did_you_mean(value, {t.id: t.label for t in facet.terms})
                raise UsageError(f"--{name}: onbekende waarde '{value}'{hint}; kies uit: {', '.join(facet.ids)}")
            clauses.append((FACETS_FIELD, f"{name}={value}"))
        return clauses

    @staticmethod
    def _hit(fields: dict, score: float, matched: list[str] | None) -> Hit:
        facets: dict[str, list[str]] = {}
        for token in filter(None, fields.get(FACETS_FIELD, "").split(",")):
            name, _, value = token.partition("=")
            facets.setdefault(name, []).append(value)
        text = ""
        if matched is not None:
            # Snippets come from the opening of the text, else from the description.
            text = (
                _snippet(fields["body"], matched) or _snippet(fields["description"], matched) or fields["description"]
            )
        return Hit(
            slug=fields["slug"],
            kind=fields["kind"],
            title=fields["title"],
            description=fields["description"],
            path=fields["path"],
            score=score,
            snippet=" ".join(text.split()),
            facets=facets,
        )


# -- the opened index and its postings ------------------------------------------------------------

_LENGTH_BYTES = None  # Whoosh's byte -> length table, built on first use


class _Snapshot:
    """One generation of the index, opened once, with what every query reuses.

    Document numbers are the reader's (segments one after the other). Posting lists come without
    deleted documents; BM25's length factor of every document is computed once.
    """

    def __init__(self, directory: Path) -> None:
        self.ix = index.open_dir(str(directory))
        try:
            self.generation = self.ix.latest_generation()
            self.searcher = self.ix.searcher()
            self.reader = self.searcher.reader()
            self.total = self.reader.doc_count_all()
            self.leaves = list(self.reader.leaf_readers())
            self.deleted = frozenset(
                offset + d for leaf, offset in self.leaves if leaf.has_deletions() for d in _deleted(leaf)
            )
        except Exception:
            self.ix.close()
            raise
        self._norms: list[float] | None = None
        self._postings: OrderedDict[tuple[str, str], _Postings] = OrderedDict()
        self._cached = 0
        self.vocabulary: dict[str, int] | None = None

    def close(self) -> None:
        self.searcher.close()
        self.ix.close()

    def stored_fields(self, docnum: int) -> dict:
        return self.searcher.stored_fields(docnum)

    def norms(self) -> list[float]:
        """Per document BM25's length factor: k1 * (1 - b + b * length / average length)."""
        if self._norms is None:
            average = self.searcher.avg_field_length("content", 1.0) or 1.0
            lengths: list[int] = []
            for leaf, _ in self.leaves:
                lengths.extend(_field_lengths(leaf, "content"))
            self._norms = [BM25_K1 * (1 - BM25_B + BM25_B * (n / average)) for n in lengths]
        return self._norms

    def postings(self, term: str, fieldname: str = "content") -> _Postings:
        key = (fieldname, term)
        found = self._postings.get(key)
        if found is not None:
            self._postings.move_to_end(key)
            return found
        ids: list[int] = []
        frequencies: list[float] = []
        for leaf, offset in self.leaves:
            try:
                matcher = leaf.postings(fieldname, term)
            except TermNotFound:
                continue
            _read_postings(matcher, offset, ids, frequencies)
        if self.deleted and ids:
            deleted = self.deleted
            kept = [(d, f) for d, f in zip(ids, frequencies, strict=True) if d not in deleted]
            ids, frequencies = [d for d, _ in kept], [f for _, f in kept]
        found = _Postings(ids, frequencies)
        self._postings[key] = found
        self._cached += len(ids) + 1
        while self._cached > POSTINGS_BUDGET and len(self._postings) > 1:
            _, dropped = self._postings.popitem(last=False)
            self._cached -= len(dropped.ids) + 1
        return found

    def allowed(self, clauses: list[tuple[str, str]]) -> set[int] | None:
        """The documents that have every (field, value), or None for no restriction."""
        allowed: set[int] | None = None
        for fieldname, value in clauses:
            docs = self.postings(value, fieldname).docs()
            allowed = set(docs) if allowed is None else allowed & docs
        return allowed


class _Postings:
    """One term's live postings: document numbers (ascending) and term frequencies.

    Its BM25 contribution to a document is `contribution`; `scores` computes it for every
    document at once (and keeps it), for tiers that hold most of the term's documents.
    """

    __slots__ = ("_docs", "_idf", "_scores", "_tf", "frequencies", "ids")

    def __init__(self, ids: list[int], frequencies: list[float]) -> None:
        self.ids = ids
        self.frequencies = frequencies
        self._docs: frozenset[int] | None = None
        self._tf: dict[int, float] | None = None
        self._scores: dict[int, float] | None = None
        self._idf: float | None = None

    def docs(self) -> frozenset[int]:
        if self._docs is None:
            self._docs = frozenset(self.ids)
        return self._docs

    def idf(self, snap: _Snapshot) -> float:
        if self._idf is None:
            df = len(self.ids)
            self._idf = math.log(1 + (max(snap.total, 1) - df + 0.5) / (df + 0.5))
        return self._idf

    def contribution(self, docnum: int, snap: _Snapshot) -> float | None:
        """This term's BM25 contribution to one document (before PART_WEIGHT), None without the term."""
        if self._scores is not None:
            return self._scores.get(docnum)
        if self._tf is None:
            self._tf = dict(zip(self.ids, self.frequencies, strict=True))
        tf = self._tf.get(docnum)
        if tf is None:
            return None
        return self.idf(snap) * tf * (BM25_K1 + 1) / (tf + snap.norms()[docnum])

    def scores(self, snap: _Snapshot) -> dict[int, float]:
        """Document -> `contribution`, for every document with the term."""
        if self._scores is None:
            idf, norms, saturation = self.idf(snap), snap.norms(), BM25_K1 + 1
            self._scores = {
                d: idf * tf * saturation / (tf + norms[d]) for d, tf in zip(self.ids, self.frequencies, strict=True)
            }
        return self._scores


def _read_postings(matcher, offset: int, ids: list[int], frequencies: list[float]) -> None:
    """Append a matcher's document numbers (+ offset) and weights, a whole block at a time.

    For Whoosh's own block format (W3) the block is unpickled once and its delta-coded numbers
    summed in C; any other matcher is read posting by posting. Deleted documents are left to the
    caller (the FilterMatcher Whoosh wraps around them is taken off).
    """
    if isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if type(matcher) is W3LeafMatcher and not matcher._byteids:
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            deltas, weights = matcher._data[0], matcher._data[1]
            count = matcher._blocklength
            ids.extend(map(offset.__add__, accumulate(deltas)) if offset else accumulate(deltas))
            if weights is None:
                frequencies.extend(repeat(1.0, count))
            elif isinstance(weights, float):
                frequencies.extend(repeat(weights, count))
            else:
                frequencies.extend(weights)
            matcher._next_block()
        return
    while matcher.is_active():  # inlined postings (rare terms), other codecs
        ids.append(matcher.id() + offset)
        frequencies.append(matcher.weight())
        matcher.next()


def _deleted(leaf) -> frozenset[int]:
    found = getattr(leaf, "deleted_docs_set", None)  # a segment reader's own set
    if isinstance(found, frozenset):
        return found
    return frozenset(d for d in range(leaf.doc_count_all()) if leaf.is_deleted(d))


def _field_lengths(leaf, fieldname: str) -> list[int]:
    """Every document's length in one field of one segment, as Whoosh's `doc_field_length` gives it.

    Whoosh keeps lengths as one byte per document in a column; it is read in one piece here (a
    test holds the result equal to asking Whoosh document by document).
    """
    global _LENGTH_BYTES
    count = leaf.doc_count_all()
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
        from whoosh.util.numeric import byte_to_length

        column = leaf._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return [0] * count
        if _LENGTH_BYTES is None:
            _LENGTH_BYTES = [byte_to_length(b) for b in range(256)]
        stored = min(column._count, count)
        table = _LENGTH_BYTES
        return [table[b] for b in column._dbfile.get(column._basepos, stored)] + [0] * (count - stored)
    except Exception:  # noqa: BLE001 - another codec or Whoosh version: ask per document
        return [leaf.doc_field_length(d, fieldname, 0) or 0 for d in range(count)]


# -- ranking --------------------------------------------------------------------------------------


def _rank(
    snap: _Snapshot, groups: list[list[str]], allowed: set[int] | None, limit: int
) -> tuple[list[tuple[float, float, int]], int, list[int]]:
    """The best `limit` pages as (coverage, BM25 score, docnum), the number of hits, and the
    indexes of query words that no (allowed) page contains.

    Coverage counts the query words a page matches: 1 for the word's own normal form, for a
    compound matched only through its parts `PART_COVERAGE` times the share of its parts found.
    Pages sort by coverage (all words before most before some), then by BM25 over every matched
    term, then by document number. BM25 is computed only where it decides a place among the
    first `limit`: for the few pages in tiers above the cut, and within the tier at the cut. Its
    idf counts the pages of the whole index, also under filters (as Whoosh's BM25F does).
    """
    postings = {term: snap.postings(term) for group in groups for term in group}
    coverage: Counter[int] = Counter()  # whole words matched, per page
    extra: dict[int, float] = defaultdict(float)  # fractions for compounds matched by all their parts
    unknown = []
    for number, group in enumerate(groups):
        whole = postings[group[0]]
        parts = [postings[t] for t in group[1:]]
        if allowed is None:
            present = any(p.ids for p in (whole, *parts))
        else:
            present = any(not allowed.isdisjoint(p.ids) for p in (whole, *parts) if p.ids)
        if not present:
            unknown.append(number)
            continue
        coverage.update(whole.ids)
        if parts:
            # A compound no page has as a whole counts only where a page has all of its parts
            # (lerarentekort: leraar and tekort); one part alone (bedrijf of bedrijfsbezoek) is no hit.
            found: Counter[int] = Counter()
            for part in parts:
                found.update(part.ids)
            mine = whole.docs()
            for docnum, count in found.items():
                if docnum not in mine and count == len(parts):
                    extra[docnum] += PART_COVERAGE
    hits = coverage.keys() | extra.keys() if extra else coverage.keys()
    if allowed is not None:
        hits = hits & allowed
    if not hits:
        return [], 0, unknown
    if extra:
        levels: dict[int, float] = {d: round(coverage[d] + extra.get(d, 0.0), 3) for d in hits}
    else:
        levels = {d: coverage[d] for d in hits}

    # Whole tiers from the top while they fit in `limit`; the first tier that does not fit is the cut.
    room = min(limit, len(levels))
    taken: set[float] = set()
    count_taken = 0
    cut: float | None = None
    for level, count in sorted(Counter(levels.values()).items(), reverse=True):
        if count_taken + count > room:
            cut = level
            break
        taken.add(level)
        count_taken += count
        if count_taken == room:
            break
    tops, boundary = [], []
    for docnum, level in levels.items():
        if level in taken:
            tops.append(docnum)
        elif level == cut:
            boundary.append(docnum)

    weighted = [
        (1.0 if position == 0 else PART_WEIGHT, postings[term])
        for group in groups
        for position, term in enumerate(group)
        if postings[term].ids
    ]
    scored = [(levels[d], _score(d, weighted, snap), d) for d in tops]
    if boundary and cut is not None:
        scored += [(cut, score, d) for score, d in _best(boundary, room - len(tops), weighted, snap)]
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    return scored[:limit], len(hits), unknown


def _score(docnum: int, weighted: list[tuple[float, _Postings]], snap: _Snapshot) -> float:
    """BM25 over every matched term, in query order (the same sum `_best` makes)."""
    score = 0.0
    for weight, term in weighted:
        contribution = term.contribution(docnum, snap)
        if contribution is not None:
            score += contribution if weight == 1.0 else weight * contribution
    return score


def _best(
    docs: list[int], wanted: int, weighted: list[tuple[float, _Postings]], snap: _Snapshot
) -> list[tuple[float, int]]:
    """The `wanted` best (score, docnum) of `docs`: highest score first, ties to the lowest number.

    The tier at the cut can hold nearly every page (a common word). A term whose documents are
    mostly in the tier gets all its contributions at once (kept for later queries); when that
    one term decides every score in the tier, the choice is made in C. Otherwise scores add up
    term by term, each over the smaller of the tier and the term's documents.
    """
    tier = set(docs)
    ordered = sorted(tier)
    relevant = [(weight, term) for weight, term in weighted if not tier.isdisjoint(term.docs())]
    if len(relevant) == 1 and relevant[0][0] == 1.0 and tier <= relevant[0][1].docs():
        term = relevant[0][1]
        if 2 * len(tier) >= len(term.ids):
            key = term.scores(snap).__getitem__
        else:

            def key(docnum: int, term=term) -> float:
                return term.contribution(docnum, snap)

        return [(key(d), d) for d in heapq.nlargest(wanted, ordered, key=key)]
    totals = dict.fromkeys(ordered, 0.0)
    for weight, term in relevant:
        if 2 * len(tier) >= len(term.ids) or term._scores is not None:
            scores = term.scores(snap)
            if len(scores) < len(totals):
                pairs = ((d, c) for d, c in scores.items() if d in totals)
            else:
                pairs = ((d, scores[d]) for d in ordered if d in scores)
        else:
            pairs = ((d, c) for d in ordered if (c := term.contribution(d, snap)) is not None)
        for docnum, contribution in pairs:
            totals[docnum] += contribution if weight == 1.0 else weight * contribution
    best = heapq.nlargest(wanted, totals.items(), key=lambda item: item[1])  # stable: lowest number first
    return [(score, d) for d, score in best]


# -- suggestions and snippets ---------------------------------------------------------------------


def _suggestions(snap: _Snapshot, words: list[str]) -> dict[str, str]:
    """'Bedoelde je ...?' for query words that no page contains, from the kennisbank's own words.

    Candidates are the index's own terms (read once per opened index); the suggestion shown is
    the word as it is written in the first page that has the term.
    """
    if snap.vocabulary is None:
        reader = snap.reader
        vocabulary = {}
        for raw in reader.lexicon("content"):
            term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if term.isalpha():
                vocabulary[term] = reader.doc_frequency("content", term)
        snap.vocabulary = vocabulary
    found = {}
    for word in words:
        term = dutch.suggest(dutch.normalise(word), snap.vocabulary)
        if not term:
            continue
        ids = snap.postings(term).ids
        fields = snap.stored_fields(ids[0]) if ids else {}
        text = " ".join([fields.get("title", ""), fields.get("description", ""), fields.get("body", "")])
        # A word whose own normal form is the term (not a compound that has it as a part).
        surface = next(
            (
                text[s:e].lower()
                for t, s, e, _ in dutch.tokens(text)
                if t == term and dutch.normalise(text[s:e]) == term
            ),
            None,
        )
        if surface and dutch.fold(surface) != dutch.fold(word):
            found[word] = surface
    return found


class _Snippet(highlight.Formatter):
    """Matched words between « and », readable in a terminal and in JSON."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return "«" + highlight.get_text(text, token, replace) + "»"


class _Word:
    """The part of a Whoosh token that its fragmenter and formatter read (a Token costs far more to make)."""

    __slots__ = ("endchar", "matched", "pos", "startchar", "text")
    boost = 1.0

    def __init__(self, text: str, pos: int, startchar: int, endchar: int, matched: bool) -> None:
        self.text, self.pos, self.startchar, self.endchar, self.matched = text, pos, startchar, endchar, matched

    def copy(self) -> _Word:
        return _Word(self.text, self.pos, self.startchar, self.endchar, self.matched)


def _snippet(text: str, matched: list[str]) -> str:
    """Up to two fragments of `text` around words whose terms are in `matched`."""
    wanted = set(matched)
    if wanted.isdisjoint(dutch.terms(text)):
        return ""
    tokens: list[_Word] = []
    last = -1
    for term, start, end, number in dutch.tokens(text):
        if number == last:
            if term in wanted and tokens:
                tokens[-1].matched = True
            continue
        last = number
        tokens.append(_Word(term, number, start, end, term in wanted))
    fragmenter = highlight.ContextFragmenter(maxchars=160, surround=60)
    fragments = highlight.top_fragments(
        fragmenter.fragment_tokens(text, iter(tokens)), 2, highlight.BasicFragmentScorer(), highlight.FIRST, 1
    )
    return _Snippet()(text, fragments)


def _digest(entry: Entry, kb: Kennisbank) -> str:
    """What the indexed document depends on: the file itself and, for a lesson, the filter
    values it takes from its cases (so editing a case updates the lessons it backs)."""
    facets = _facet_tokens(entry, kb)
    return hashlib.sha1(f"{entry.kind}\0{facets}\0".encode() + entry.path.read_bytes()).hexdigest()


def _document(entry: Entry, kb: Kennisbank, root: Path) -> dict:
    body = plain_text(entry.body)
    doc = {
        "slug": entry.slug,
        "kind": entry.kind,
        "path": display_path(entry.path, root),
        "title": entry.title,
        "description": entry.description,
        "body": body[:SNIPPET_SOURCE_CHARS],
        "content": " ".join([entry.title] * TITLE_REPEAT + [entry.description] * DESCRIPTION_REPEAT + [body]),
    }
    # The same filter values as the search page: a lesson carries those of the cases behind it.
    doc[FACETS_FIELD] = _facet_tokens(entry, kb)
    return doc
