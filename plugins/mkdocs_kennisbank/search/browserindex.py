"""Search data for the browser: one index of our own for every query and filter, served and file://.

Both browser surfaces use the kennisbank's one Dutch analysis (`dutch.py`) and the command
line's ranking (`textsearch.py`). The JavaScript (`assets/search-dutch.js`) cannot run Python,
so the build ships what it needs, computed here:

- **A word map**: every word of the kennisbank, the dictionary forms of its lemmas and of its
  compound parts (so "windturbines" is known when a page says "windturbine") -> the word's
  index terms, plus the index terms themselves. It is cut into shards of a few KB named by the
  folded word's first letters: a query loads only the shards of its own words. A word that is
  not in the map is split over the map's words with the decompounder's rules (`rules()`, taken
  from dutch.py, so the two cannot drift; a test compares them on the benchmark's word list).
- **A page's number** (`numbers`): documents are numbered in the order ties are broken in
  (slug order, level pages last); postings and filters refer to pages by it.
- **Our own inverted index** (written by searchfiles.py): terms -> (document, weighted
  frequency) with the command line's weights (title 3x, description 2x), document lengths, the
  words that carry each term, per document its title, description, facets, URL and text, and
  per filter value its documents, all as scripts that the page loads with <script> tags when a
  query needs them (served and file://, where browsers refuse fetch).
- **Suggestions**: the kennisbank's own words and how often they occur, by first and by second
  letter (`dutch.suggest` only considers words that share one of them with the typo).

Everything here is deterministic (sorted), so two builds of the same content are identical.
The core never imports MkDocs.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from . import dutch
from .searchfiles import shard_table

# Where the search data lives in the site. The manifest keeps its old name (offline-index.js).
DATA_DIR = "assets/kennisbank/zoekdata"
DOC_KINDS = ("case", "lesson", "level")


@dataclass(frozen=True)
class SearchDocument:
    """One searchable page: a case, a lesson or a level page."""

    key: str  # the page's source path in the site (unique)
    kind: str  # case | lesson | level
    url: str  # relative to the site's root
    title: str
    description: str
    text: str  # plain text of the body
    facets: str = ""  # one line of facet values, shown in results
    filters: tuple[tuple[str, str], ...] = ()  # (filter name, value) pairs the page is found under


_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def excerpt_word(chunk: str) -> str:
    """A whitespace-separated chunk of text as the page compares it when it marks an excerpt:
    lowercased, without punctuation at either end (search.js does the same)."""
    return _EDGE.sub("", chunk.lower())


def shard_key(word: str) -> str:
    """The folded word with every character outside a-z and 0-9 as "_" (shard names are file names)."""
    return re.sub(r"[^a-z0-9]", "_", dutch.fold(word))


def _ranking() -> dict[str, float]:
    from .textsearch import BM25_B, BM25_K1, DESCRIPTION_REPEAT, PART_COVERAGE, PART_WEIGHT, TITLE_REPEAT

    return {
        "partWeight": PART_WEIGHT,
        "partCoverage": PART_COVERAGE,
        "k1": BM25_K1,
        "b": BM25_B,
        "titleWeight": TITLE_REPEAT,
        "descriptionWeight": DESCRIPTION_REPEAT,
    }


def rules() -> dict:
    """The analysis rules the JavaScript port needs, taken from dutch.py (never copied by hand)."""
    return {
        "stop": sorted(dutch.STOP_WORDS),
        "notFirst": sorted(dutch._NOT_FIRST),
        "notLast": sorted(dutch._NOT_LAST),
        "particles": list(dutch._PARTICLES),
        "diminutives": list(dutch._DIMINUTIVES),
        "noSplitEndings": list(dutch._NO_SPLIT_ENDINGS),
        "derived": ["heid", "ing", "schap"],
        "minPart": dutch.MIN_PART,
        "minPartLength": dutch.MIN_PART_LENGTH,
        "minCompound": dutch.MIN_COMPOUND,
        "maxParts": dutch.MAX_PARTS,
        "keepWhole": {word: list(parts) for word, parts in sorted(dutch.KEEP_WHOLE.items())},
    }


@functools.cache
def _forms_of() -> dict[str, tuple[str, ...]]:
    """simplemma's Dutch dictionary turned around: lemma -> its inflected forms."""
    lexicon = dutch._lexicon()
    raw = getattr(lexicon, "_dict", None)  # simplemma keeps bytes -> bytes; decoding all of it is slow
    if isinstance(raw, dict):
        found: dict[bytes, list[bytes]] = defaultdict(list)
        for form, lemma in raw.items():
            found[lemma].append(form)
        return _DecodedForms(found)
    forms: dict[str, list[str]] = defaultdict(list)
    for form, lemma in lexicon.items():
        forms[lemma].append(form)
    return {lemma: tuple(found) for lemma, found in forms.items()}


class _DecodedForms(dict):
    """lemma -> forms over simplemma's bytes, decoded when asked."""

    def __init__(self, raw: dict[bytes, list[bytes]]) -> None:
        super().__init__()
        self.raw = raw

    def get(self, lemma: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:  # type: ignore[override]
        found = self.raw.get(lemma.encode())
        return tuple(f.decode() for f in found) if found else default


class _ChunkTerms(dict):
    """Whitespace-separated chunk -> the terms of its words; chunks repeat a lot across pages."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        found = self[chunk] = tuple(dutch.terms(chunk))
        return found


class BrowserSearch:
    """The browser's search data for one build (the site's files: `files`)."""

    def __init__(self, documents: Iterable[SearchDocument]) -> None:
        # Ties in ranking are broken by document number, as the command line does (its documents
        # are numbered in slug order); level pages come last.
        order = {kind: n for n, kind in enumerate(DOC_KINDS)}
        self.documents = sorted(
            documents, key=lambda d: (d.kind == "level", d.key.rsplit("/", 1)[-1].removesuffix(".md"), order[d.kind])
        )
        self.numbers = {doc.key: n for n, doc in enumerate(self.documents)}
        ranking = _ranking()
        weights = (int(ranking["titleWeight"]), int(ranking["descriptionWeight"]), 1)
        self._chunks = _ChunkTerms()  # whitespace-separated chunk -> its terms
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: list[int] = []
        chunk_counts: Counter[str] = Counter()
        terms_of = self._chunks.__getitem__
        postings = self.postings
        for number, doc in enumerate(self.documents):
            found: list[str] = []
            for text, weight in zip((doc.title, doc.description, doc.text), weights, strict=True):
                chunks = text.split()
                chunk_counts.update(chunks)
                found.extend(list(chain.from_iterable(map(terms_of, chunks))) * weight)
            self.lengths.append(len(found))
            for term, count in Counter(found).items():
                postings[term].append((number, count))
        # The kennisbank's own words and how often they occur (dutch.vocabulary_of, from the chunks),
        # and per term the words of the text that carry it, as the page marks them in excerpts.
        self.surface: Counter[str] = Counter()
        self.vocabulary: set[str] = set()
        self.forms: dict[str, Counter[str]] = defaultdict(Counter)
        for chunk, count in chunk_counts.items():
            form = excerpt_word(chunk)
            if form:
                for term in set(terms_of(chunk)):
                    self.forms[term][form] += count
            for word in dutch._TOKEN.findall(chunk.lower()):
                self.vocabulary.add(word)
                if len(word) >= 3 and word.isalpha() and word not in dutch.STOP_WORDS:
                    self.surface[word] += count
        self.words = self._word_map()

    # -- the word map ------------------------------------------------------------------------------

    def _word_map(self) -> dict[str, tuple[str, ...]]:
        """Word (lowercased, and folded) -> its index terms, for every word a query can use."""
        index_terms = self.postings
        vocabulary = self.vocabulary
        words: dict[str, tuple[str, ...]] = {}

        def add(word: str, *, always: bool) -> None:
            for form in (word, dutch.fold(word)):
                if form in words or not dutch._TOKEN.fullmatch(form):
                    continue
                found = dutch._word_terms(form)
                if found and (always or any(t in index_terms for t in found)):
                    words[form] = found

        for word in sorted(vocabulary):
            add(word, always=True)
        # The analysis' own lists: parts the decompounder always knows, words it treats specially.
        for word in sorted({*dutch.DOMAIN_WORDS, *dutch.IRREGULAR, *dutch.KEEP_WHOLE}):
            add(word, always=True)
        lexicon, forms_of = dutch._lexicon(), _forms_of()
        known = dutch._known()
        for word in sorted(vocabulary):
            found = dutch._word_terms(word)
            if not found:
                continue
            related = {word}
            lemma = dutch._lemma(word)
            if len(found) > 1:
                # Compound parts, as the decompounder cut them (linking s dropped), and their forms.
                for piece in dutch._segments(lemma) or ():
                    related.add(
                        piece[:-1] if piece.endswith("s") and piece[:-1] in known and piece not in known else piece
                    )
            for item in sorted(related):
                for base in {item, lexicon.get(item), lexicon.get(dutch.fold(item)), dutch._lemma(item)}:
                    if base:
                        related.add(base)
                        related.update(forms_of.get(base, ()))
            for form in sorted(related):
                add(form.lower(), always=False)
        # Regular inflections the dictionary does not list under the same lemma (klas -> klassen),
        # kept when dutch.py gives them the word's own normal form.
        for word in sorted(vocabulary):
            own = words.get(word)
            if not own or len(word) < 3 or not word.isalpha():
                continue
            for form in sorted(_inflections(word)):
                if form not in words:
                    analysed = dutch._word_terms(form)
                    if analysed and analysed[0] == own[0]:
                        words[form] = analysed
        return words

    def word_shards(self, limit: int) -> tuple[dict[str, str], dict[str, str], list[str]]:
        """Shard prefix -> (the shard's word lines, its index terms), and the prefix table."""
        known = dutch._known()
        lines: dict[str, str] = {}
        for word, found in self.words.items():
            flags = "K" if dutch.fold(word) in known else ""
            own = dutch._stem(dutch._lemma(word))
            fields = ["" if found == (word,) else ",".join(found), flags, "" if own == found[0] else own]
            while fields and not fields[-1]:
                fields.pop()
            lines[word] = "|".join([word, *fields])
        entries: dict[str, list[str]] = defaultdict(list)  # shard key -> lines and terms
        for word, line in lines.items():
            entries[shard_key(word)].append(line)
        terms_by_key: dict[str, list[str]] = defaultdict(list)
        for term in self.postings:
            terms_by_key[shard_key(term)].append(term)
        sizes = {
            k: sum(len(x) + 1 for x in entries.get(k, ())) + sum(len(t) + 1 for t in terms_by_key.get(k, ()))
            for k in {*entries, *terms_by_key}
        }
        table = shard_table(sizes, limit)
        words_out, terms_out = {}, {}
        for prefix, keys in table.items():
            words_out[prefix] = "\n".join(sorted(line for k in keys for line in entries.get(k, ())))
            terms_out[prefix] = " ".join(sorted(t for k in keys for t in terms_by_key.get(k, ())))
        return words_out, terms_out, sorted(table)

    # -- files ---------------------------------------------------------------------------------------

    def files(self, manifest_uri: str) -> dict[str, str]:
        """Every search data file of the site: uri -> script text (see searchfiles.py)."""
        from .searchfiles import site_files

        manifest = {
            "version": dutch.analysis_version(),
            "rules": rules(),
            "ranking": _ranking(),
        }
        return site_files(self, DATA_DIR, manifest_uri, manifest)


_VOWELS = "aeiou"


def _inflections(word: str) -> set[str]:
    """Candidate plural and inflected forms of a word by the spelling rules (checked by the caller)."""
    found = {word + ending for ending in ("en", "n", "s", "'s", "e", "es")}
    if len(word) >= 3 and word[-1] not in _VOWELS and word[-2] in _VOWELS and word[-3] not in _VOWELS:
        found |= {word + word[-1] + ending for ending in ("en", "e")}  # klas -> klassen
    voiced = {"f": "v", "s": "z"}
    if len(word) >= 4 and word[-1] not in _VOWELS and word[-2] == word[-3] and word[-2] in _VOWELS:
        found |= {word[:-2] + voiced.get(word[-1], word[-1]) + ending for ending in ("en", "e")}  # school -> scholen
    if word[-1] in voiced:
        found |= {word[:-1] + voiced[word[-1]] + ending for ending in ("en", "e")}  # bedrijf -> bedrijven
    if word.endswith("heid"):
        found.add(word[:-4] + "heden")
    if word.endswith("e"):
        found.add(word[:-1] + "en")
    return found
