"""Full-text search on the command line: a small adapter around Whoosh (Whoosh-Reloaded).

The index lives in a cache folder outside the site (default `.cache/kennisbank/` next to the
content folder). It is incremental: a sidecar file records a digest per entry, and only new,
changed or removed files are written. A missing, corrupt or outdated cache is rebuilt.
Queries never go through Whoosh's query parser (see `query.py`).

Words are analysed by `dutch.py` (the analysis every search surface shares), wrapped as a Whoosh
analyzer. Ranking is most-words-first: a page that matches all words of a query comes before one
that matches most of them, and that before one that matches some; within a tier, BM25 decides
(title and description count as several occurrences, see `TITLE_REPEAT`). A query word matches
a page through its own normal form or, for a compound, through its parts (each part counts for
its share of the word, and weighs less in BM25). A page that shares no normalised word with the
query is never a hit; stop words never count.
"""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import highlight, index
from whoosh.analysis import Analyzer, Token
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.query import And, Or, Query, Term

from . import dutch
from .analysis import plain_text
from .errors import UsageError, display_path
from .model import Case, Entry, Kennisbank
from .query import clean
from .suggest import did_you_mean

SCHEMA_VERSION = "5"
DIGESTS = "digests.json"
ANALYSIS = "analysis.txt"  # dutch.analysis_version() the index was built with
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
# BM25 (Robertson/Sparck Jones, as Whoosh's BM25F): term-frequency saturation and length normalisation.
BM25_K1, BM25_B = 1.2, 0.75
# A compound part found in a page weighs this much of the word itself in BM25, and a word matched
# only through its parts covers at most this much of a word (so the word itself ranks first).
PART_WEIGHT = 0.5
PART_COVERAGE = 0.9


class DutchAnalyzer(Analyzer):
    """`dutch.tokens` as a Whoosh analyzer: normal forms and compound parts, with positions and offsets.

    Compound parts share the position and characters of their word, so highlighting marks the
    whole word. Whoosh pickles the schema into the index, so this class must stay importable here
    (moving it makes old indexes unreadable, which only means they are rebuilt).
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
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


def _schema() -> Schema:
    text = DutchAnalyzer()
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
        pairs = dutch.query_groups(" ".join(query.words))
        words = [word for word, _ in pairs]
        groups = [alternatives for _, alternatives in pairs]
        if not groups:
            raise UsageError(
                "de zoekopdracht bevat alleen veelvoorkomende woorden (zoals 'de', 'het', 'en'); gebruik een inhoudelijk woord"
            )
        notes = list(query.notes)
        restriction = self._filter(filters or {}, kb)
        ix = index.open_dir(str(self.dir))
        try:
            with ix.searcher() as searcher:
                allowed = set(searcher.docs_for_query(restriction)) if restriction is not None else None
                ranked, total, unknown = _rank(searcher, groups, allowed, limit)
                suggestions = _suggestions(searcher, [words[n] for n in unknown]) if unknown else {}
                if suggestions:
                    notes.append("; ".join(f"geen pagina bevat '{w}': bedoelde je '{s}'?" for w, s in suggestions.items()))
                if ranked and ranked[0][0] <= len(groups) - 1:  # a whole word missing, not only a compound's part
                    notes.append("geen resultaten met alle woorden; dit zijn resultaten met een deel van de woorden, de meeste eerst")
                matched = sorted({t for group in groups for t in group})
                hits = [self._hit(searcher.stored_fields(docnum), score, matched) for _, score, docnum in ranked]
                return Results(hits, total, notes, True, suggestions)
        finally:
            ix.close()

    def similar_cases(self, title: str) -> list[Hit]:
        """Existing cases whose title shares at least half of its words with `title`."""
        wanted = {group[0] for group in dutch.query_terms(title)}
        if not wanted or not (self.dir / DIGESTS).exists():
            return []
        query = Or([Term("content", term) for term in sorted(wanted)])
        ix = index.open_dir(str(self.dir))
        try:
            with ix.searcher() as searcher:
                found = []
                for hit in searcher.search(query, filter=Term("kind", Case.kind), limit=5):
                    theirs = {group[0] for group in dutch.query_terms(hit["title"])}
                    if len(wanted & theirs) / len(wanted | theirs) >= 0.5:
                        found.append(self._hit(hit.fields(), hit.score or 0.0, None))
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
    def _hit(fields: dict, score: float, matched: list[str] | None) -> Hit:
        facets = {name: fields[name].split(",") for name in FILTERS if fields.get(name)}
        text = ""
        if matched is not None:
            # Snippets come from the opening of the text, else from the description.
            text = _snippet(fields["body"], matched) or _snippet(fields["description"], matched) or fields["description"]
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


def _term_postings(reader, term: str) -> tuple[list[int], list[float]]:
    """Document numbers and term frequencies of one term, read a block at a time."""
    try:
        matcher = reader.postings("content", term)
    except Exception:  # noqa: BLE001 - whoosh raises TermNotFound (a KeyError) for unknown terms
        return [], []
    ids: list[int] = []
    weights: list[float] = []
    blockwise = hasattr(matcher, "_read_ids") and hasattr(matcher, "_next_block")  # Whoosh's W3 codec
    while matcher.is_active():
        if blockwise and matcher._i == 0:
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            matcher._i = matcher._blocklength - 1
        else:
            ids.append(matcher.id())
            weights.append(matcher.weight())
        matcher.next()
    return ids, weights


def _rank(searcher, groups: list[list[str]], allowed: set[int] | None, limit: int) -> tuple[list[tuple[float, float, int]], int, list[int]]:
    """The best `limit` pages as (coverage, BM25 score, docnum), the number of hits, and the
    indexes of query words that no page contains.

    Coverage counts the query words a page matches: 1 for the word's own normal form, for a
    compound matched only through its parts `PART_COVERAGE` times the share of its parts found.
    Pages sort by coverage (all words before most before some), then by BM25 over every matched
    term; BM25 is computed only for the pages that can reach the first `limit` places.
    """
    reader = searcher.reader()
    if reader.has_deletions():
        live = set(reader.all_doc_ids())
        allowed = live if allowed is None else allowed & live
    postings: dict[str, tuple[list[int], list[float]]] = {}
    for group in groups:
        for term in group:
            if term not in postings:
                ids, weights = _term_postings(reader, term)
                if allowed is not None and ids:
                    pairs = [(d, w) for d, w in zip(ids, weights, strict=True) if d in allowed]
                    ids, weights = [d for d, _ in pairs], [w for _, w in pairs]
                postings[term] = (ids, weights)
    coverage: Counter[int] = Counter()
    unknown = []
    for number, group in enumerate(groups):
        whole = set(postings[group[0]][0])
        coverage.update(whole)
        parts = [set(postings[t][0]) for t in group[1:]]
        if not whole and not any(parts):
            unknown.append(number)
        if parts:
            share = PART_COVERAGE / len(parts)
            for docnum in set().union(*parts) - whole:
                coverage[docnum] += share * sum(docnum in found for found in parts)
    if not coverage:
        return [], 0, unknown
    order = sorted(coverage.items(), key=lambda item: -item[1])
    cut = order[min(limit, len(order)) - 1][1]
    candidates = [docnum for docnum, covered in order if covered >= cut]
    total_docs = max(reader.doc_count_all(), 1)
    average = searcher.avg_field_length("content", 1.0) or 1.0
    scores = dict.fromkeys(candidates, 0.0)
    for group in groups:
        for position, term in enumerate(group):
            ids, weights = postings[term]
            if not ids:
                continue
            idf = math.log(1 + (total_docs - len(ids) + 0.5) / (len(ids) + 0.5))
            boost = (1.0 if position == 0 else PART_WEIGHT) * idf
            frequency = dict(zip(ids, weights, strict=True))
            for docnum in candidates:
                tf = frequency.get(docnum)
                if tf:
                    length = reader.doc_field_length(docnum, "content", 1) / average
                    scores[docnum] += boost * tf * (BM25_K1 + 1) / (tf + BM25_K1 * (1 - BM25_B + BM25_B * length))
    ranked = sorted(((round(coverage[d], 3), scores[d], d) for d in candidates), key=lambda x: (-x[0], -x[1], x[2]))
    return ranked[:limit], len(coverage), unknown


_LEXICON: dict[tuple[str, int], dict[str, int]] = {}


def _suggestions(searcher, words: list[str]) -> dict[str, str]:
    """'Bedoelde je ...?' for query words that no page contains, from the kennisbank's own words.

    Candidates are the index's own terms (cached per index and size); the suggestion shown is the
    word as it is written in the first page that has the term.
    """
    reader = searcher.reader()
    key = (str(getattr(reader, "_storage", "")), reader.doc_count_all())
    vocabulary = _LEXICON.get(key)
    if vocabulary is None:
        vocabulary = {}
        for raw in reader.lexicon("content"):
            term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
            if term.isalpha():
                vocabulary[term] = reader.doc_frequency("content", term)
        _LEXICON.clear()
        _LEXICON[key] = vocabulary
    found = {}
    for word in words:
        term = dutch.suggest(dutch.normalise(word), vocabulary)
        if not term:
            continue
        ids, _ = _term_postings(reader, term)
        fields = searcher.stored_fields(ids[0]) if ids else {}
        text = " ".join([fields.get("title", ""), fields.get("description", ""), fields.get("body", "")])
        # A word whose own normal form is the term (not a compound that has it as a part).
        surface = next((text[s:e].lower() for t, s, e, _ in dutch.tokens(text) if t == term and dutch.normalise(text[s:e]) == term), None)
        if surface and dutch.fold(surface) != dutch.fold(word):
            found[word] = surface
    return found


class _Snippet(highlight.Formatter):
    """Matched words between « and », readable in a terminal and in JSON."""

    between = " … "

    def format_token(self, text, token, replace=False):
        return "«" + highlight.get_text(text, token, replace) + "»"


def _snippet(text: str, matched: list[str]) -> str:
    """Up to two fragments of `text` around words whose terms are in `matched`."""
    wanted = set(matched)
    tokens = []
    last = -1
    for term, start, end, number in dutch.tokens(text):
        if number == last:
            if term in wanted and tokens:
                tokens[-1].matched = True
            continue
        last = number
        token = Token(positions=True, chars=True)
        token.text, token.pos, token.startchar, token.endchar = term, number, start, end
        token.matched = term in wanted
        token.boost = 1.0
        tokens.append(token)
    if not any(t.matched for t in tokens):
        return ""
    fragmenter = highlight.ContextFragmenter(maxchars=160, surround=60)
    fragments = highlight.top_fragments(fragmenter.fragment_tokens(text, iter(tokens)), 2, highlight.BasicFragmentScorer(), highlight.FIRST, 1)
    return _Snippet()(text, fragments)


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
