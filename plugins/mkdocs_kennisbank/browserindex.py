"""Search data for the browser: the served site (Pagefind) and a file share (file://).

Both browser surfaces use the kennisbank's one Dutch analysis (`dutch.py`) and the command
line's ranking (`textsearch.py`). The JavaScript (`assets/search-dutch.js`) cannot run Python,
so the build ships what it needs, computed here:

- **A word map**: every word of the kennisbank, the dictionary forms of its lemmas and of its
  compound parts (so "windturbines" is known when a page says "windturbine") -> the word's
  index terms, plus the index terms themselves. It is cut into shards of a few KB named by the
  folded word's first letters: a query loads only the shards of its own words. A word that is
  not in the map is split over the map's words with the decompounder's rules (`rules()`, taken
  from dutch.py, so the two cannot drift; a test compares them on the benchmark's word list).
- **Pagefind records** (`record`): the visible text with, after every word, its index terms as
  tokens (`token`): the term plus a marker no term contains, so Pagefind's prefix search cannot
  reach another term (a term in very many pages gets one token per partition of the pages, see
  `PARTITION_PAGES`). Records are written as language `zxx` (no linguistic content): Pagefind
  indexes them without a stemmer, so its stemmer (which changed between 1.4 and 1.5) is never
  used. The visible words stay in the text for excerpts; queries only ask for tokens.
- **For file://** (browsers refuse fetch there): an inverted index of terms -> (document,
  weighted frequency) with the command line's weights (title 3x, description 2x), document
  lengths, and per document its title, description, facets and URL, all as scripts in shards
  that the page loads with <script> tags when a query needs them.
- **Suggestions**: the kennisbank's own words and how often they occur, by first and by second
  letter (`dutch.suggest` only considers words that share one of them with the typo).

Everything here is deterministic (sorted), so two builds of the same content are identical.
The core never imports MkDocs.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from . import dutch

# Where the search data lives in the site. The manifest keeps its old name (offline-index.js).
DATA_DIR = "assets/kennisbank/zoekdata"
# A term's token in Pagefind's index ends with this ("q", a partition number, "x"); "q" inside a
# term is doubled, so no token is the beginning of another (Pagefind matches words by prefix).
MARKER = "qx"
# Pagefind's search costs the square of the pages a word is in (it scans all of them once per
# result: 0.5 to 0.9 s for a word in all 10,000 pages). A term in more pages than this is indexed
# as one token per partition of the pages (page number modulo the number of partitions), and the
# page asks for each; it puts the partitions' answers together and corrects their idf.
PARTITION_PAGES = 600
# Written before the body's text in a record, so the page can tell it from title and description.
BODY_SENTINEL = MARKER
# Shard sizes (characters of data per file): a query loads a few word shards, and on file://
# the postings of its terms.
WORD_SHARD_CHARS = 6_000
POSTING_SHARD_CHARS = 48_000
DOC_SHARD_SIZE = 100
MAX_PREFIX = 4
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


@dataclass(frozen=True)
class Record:
    """What a Pagefind record indexes: title, description and body with inline tokens."""

    title: str
    description: str
    body: str


def token(term: str, partition: int | None = None) -> str:
    """The word Pagefind indexes for a term: letters and digits, "q" doubled, then "q", the
    partition's number for a term in many pages (see `PARTITION_PAGES`), and "x"."""
    kept = "".join(ch for ch in term if ch.isalnum())
    if not kept:
        return ""
    return kept.replace("q", "qq") + "q" + ("" if partition is None else str(partition)) + "x"


def _shard_key(word: str) -> str:
    """The folded word with every character outside a-z and 0-9 as "_" (shard names are file names)."""
    return re.sub(r"[^a-z0-9]", "_", dutch.fold(word))


def _ranking() -> dict[str, float]:
    from .textsearch import BM25_B, BM25_K1, DESCRIPTION_REPEAT, PART_COVERAGE, PART_WEIGHT, TITLE_REPEAT

    return {
        "partWeight": PART_WEIGHT, "partCoverage": PART_COVERAGE, "k1": BM25_K1, "b": BM25_B,
        "titleWeight": TITLE_REPEAT, "descriptionWeight": DESCRIPTION_REPEAT,
    }


def record_weights() -> dict[str, int]:
    """Pagefind weights of a record's title and description (the command line's repetitions)."""
    ranking = _ranking()
    return {"title": int(ranking["titleWeight"]), "description": int(ranking["descriptionWeight"])}


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


_B36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_SMALL_B36 = [a + b for a in ["", *_B36[1:]] for b in _B36]  # 0 .. 1295


def _js(call: str, *arguments: object) -> str:
    """A script line that hands data to the page; "</" never appears raw (it could end a script)."""
    payload = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for a in arguments)
    return f"KBSearchData({json.dumps(call)},{payload});\n".replace("</", "<\\/")


def _b36(number: int) -> str:
    if number < 1296:
        return _SMALL_B36[number]
    out = ""
    while number:
        number, rest = divmod(number, 36)
        out = _B36[rest] + out
    return out


def shard_table(sizes: dict[str, int], limit: int) -> dict[str, list[str]]:
    """Cut keys into shards of about `limit` characters by their first letters.

    Returns prefix -> keys. A key belongs to the longest prefix in the table that it starts
    with; a group grows a letter at a time (up to `MAX_PREFIX`) while it is too large.
    """
    table: dict[str, list[str]] = {}

    def place(prefix: str, keys: list[str]) -> None:
        depth = len(prefix)
        if depth and (sum(sizes[k] for k in keys) <= limit or depth >= MAX_PREFIX):
            table[prefix] = keys
            return
        groups: dict[str, list[str]] = defaultdict(list)
        rest = []
        for key in keys:
            (groups[key[: depth + 1]] if len(key) > depth else rest).append(key)
        if rest and depth:
            table[prefix] = rest
        for child in sorted(groups):
            place(child, groups[child])

    place("", sorted(sizes))
    return table


class _ChunkTerms(dict):
    """Whitespace-separated chunk -> the terms of its words; chunks repeat a lot across pages."""

    def __missing__(self, chunk: str) -> tuple[str, ...]:
        found = self[chunk] = tuple(dutch.terms(chunk))
        return found


class BrowserSearch:
    """The browser's search data for one build: records for Pagefind, files for the site."""

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
        self._annotated: dict[tuple[str, int], str] = {}
        self.partitions = max(1, -(-len(self.documents) // PARTITION_PAGES))
        # Only terms that every partition has: asking Pagefind for a word it lacks would give the
        # pages of the longest word it has that begins the same way.
        self.partitioned = {
            term for term, found in self.postings.items()
            if self.partitions > 1 and len(found) > PARTITION_PAGES
            and len({number % self.partitions for number, _ in found}) == self.partitions
        }
        # The kennisbank's own words and how often they occur (dutch.vocabulary_of, from the chunks).
        self.surface: Counter[str] = Counter()
        self.vocabulary: set[str] = set()
        for chunk, count in chunk_counts.items():
            for word in dutch._TOKEN.findall(chunk.lower()):
                self.vocabulary.add(word)
                if len(word) >= 3 and word.isalpha() and word not in dutch.STOP_WORDS:
                    self.surface[word] += count
        self.words = self._word_map()

    # -- Pagefind records ------------------------------------------------------------------------

    def record(self, key: str) -> Record:
        number = self.numbers[key]
        doc = self.documents[number]
        partition = number % self.partitions
        return Record(*(self._annotate(text, partition) for text in (doc.title, doc.description, doc.text)))

    def _annotate(self, text: str, partition: int = 0) -> str:
        """The text with, after every whitespace-separated chunk, the tokens of its words' terms."""
        annotated = self._annotated
        split = self.partitioned
        out = []
        for chunk in text.split():
            line = annotated.get((chunk, partition))
            if line is None:
                tokens = [token(t, partition if t in split else None) for t in self._chunks[chunk]]
                line = annotated[(chunk, partition)] = " ".join([chunk, *filter(None, tokens)])
            out.append(line)
        return " ".join(out)

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
                    related.add(piece[:-1] if piece.endswith("s") and piece[:-1] in known and piece not in known else piece)
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
            found = words.get(word)
            if not found or len(word) < 3 or not word.isalpha():
                continue
            for form in sorted(_inflections(word)):
                if form not in words:
                    analysed = dutch._word_terms(form)
                    if analysed and analysed[0] == found[0]:
                        words[form] = analysed
        return words

    def _word_shards(self) -> tuple[dict[str, str], dict[str, str], list[str]]:
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
            entries[_shard_key(word)].append(line)
        terms_by_key: dict[str, list[str]] = defaultdict(list)
        for term in self.postings:
            terms_by_key[_shard_key(term)].append(term + "*" if term in self.partitioned else term)
        sizes = {k: sum(len(x) + 1 for x in entries.get(k, ())) + sum(len(t) + 1 for t in terms_by_key.get(k, ()))
                 for k in {*entries, *terms_by_key}}
        table = shard_table(sizes, WORD_SHARD_CHARS)
        words_out, terms_out = {}, {}
        for prefix, keys in table.items():
            words_out[prefix] = "\n".join(sorted(line for k in keys for line in entries.get(k, ())))
            terms_out[prefix] = " ".join(sorted(t for k in keys for t in terms_by_key.get(k, ())))
        return words_out, terms_out, sorted(table)

    # -- files ---------------------------------------------------------------------------------------

    def files(self, manifest_uri: str) -> dict[str, str]:
        """Every search data file of the site: uri -> script text."""
        out: dict[str, str] = {}
        words, terms, word_prefixes = self._word_shards()
        for prefix in word_prefixes:
            out[f"{DATA_DIR}/w-{prefix}.js"] = _js("words", prefix, words[prefix], terms[prefix])
        # Suggestions: by first and by second letter of the folded word.
        first: dict[str, list[str]] = defaultdict(list)
        second: dict[str, list[str]] = defaultdict(list)
        for word, count in sorted(self.surface.items()):
            key = _shard_key(word)
            line = word if count == 1 else f"{word} {count}"
            first[key[:1]].append(line)
            if len(key) > 1:
                second[key[1]].append(line)
        for letter, found in first.items():
            out[f"{DATA_DIR}/v1-{letter}.js"] = _js("vocabulary", 1, letter, "\n".join(found))
        for letter, found in second.items():
            out[f"{DATA_DIR}/v2-{letter}.js"] = _js("vocabulary", 2, letter, "\n".join(found))
        # file://: postings, lengths, documents.
        encoded: dict[str, str] = {}
        for term, found in self.postings.items():
            previous, entries = 0, []
            for number, count in found:
                entries.append(_b36(number - previous) + ("" if count == 1 else "." + _b36(count)))
                previous = number
            encoded[term] = term + "=" + ",".join(entries)
        by_key: dict[str, list[str]] = defaultdict(list)
        for term in encoded:
            by_key[_shard_key(term)].append(term)
        sizes = {k: sum(len(encoded[t]) + 1 for t in ts) for k, ts in by_key.items()}
        posting_table = shard_table(sizes, POSTING_SHARD_CHARS)
        for prefix, keys in posting_table.items():
            body = "\n".join(sorted(encoded[t] for k in keys for t in by_key[k]))
            out[f"{DATA_DIR}/p-{prefix}.js"] = _js("postings", prefix, body)
        for start in range(0, len(self.documents), DOC_SHARD_SIZE):
            rows = [[d.url, d.title, d.description, d.facets, d.kind] for d in self.documents[start : start + DOC_SHARD_SIZE]]
            out[f"{DATA_DIR}/d-{start // DOC_SHARD_SIZE}.js"] = _js("documents", start // DOC_SHARD_SIZE, rows)
        out[f"{DATA_DIR}/lengths.js"] = _js("lengths", ",".join(_b36(n) for n in self.lengths))
        manifest = {
            "version": dutch.analysis_version(),
            "rules": rules(),
            "ranking": _ranking(),
            "words": word_prefixes,
            "postings": sorted(posting_table),
            "vocabulary": [sorted(first), sorted(second)],
            "documents": {"count": len(self.documents), "shard": DOC_SHARD_SIZE},
            "partitions": self.partitions,
        }
        out[manifest_uri] = _js("manifest", manifest)
        return out


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


def annotate(text: str) -> str:
    """The text with, after every whitespace-separated chunk, the tokens of its words' terms."""
    return BrowserSearch([])._annotate(text)


def compact_js(source: str) -> str:
    """Our own scripts without their comments and indentation (a third fewer bytes per visitor).

    Only whole-line comments go (`//` lines and `/* ... */` blocks that start a line), so this is
    safe for code written that way, as assets/search*.js are; nothing inside a line changes.
    """
    out: list[str] = []
    in_block = False
    for line in source.splitlines():
        stripped = line.strip()
        if in_block or stripped.startswith("/*"):
            in_block = "*/" not in stripped
            rest = "" if in_block else stripped.split("*/", 1)[1].strip()
            if rest:
                out.append(rest)
        elif stripped and not stripped.startswith("//"):
            out.append(stripped)
    return "\n".join(out) + "\n"
