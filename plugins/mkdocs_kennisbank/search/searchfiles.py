"""The browser's search data as files: scripts that hand their data to `KBSearchData(...)`.

The same files serve both browser surfaces (a served site and a file share, where browsers
refuse fetch() and only <script> tags load), so everything is JavaScript text:

- `w-PREFIX.js`: the word map (word -> index terms) and the index terms of a shard.
- `v1-L.js`, `v2-L.js`: the kennisbank's own words for "Bedoelde je ...?", by first and
  second letter.
- `p-PREFIX.js`: postings per term (documents and weighted frequencies, see `postings`) and
  the words in the text that carry the term (`forms`, to mark them in excerpts).
- `lengths.js`: every document's weighted length (BM25's length normalisation).
- `facets.js`: per filter (soort, niveau, fase, onderwijs, thema, regio) and value, the
  documents that have it; loaded when the visitor opens the filters.
- `d-N.js`: one document: URL, title, description, facets, kind and its plain text (for the
  excerpt). A query loads only the documents it shows: ten small files, not shards of many.
- the manifest (`offline-index.js`): analysis rules, ranking constants and the shard tables.

Numbers are written as variable-length codes in a 64-letter alphabet (`number_code`): a posting
in a dense list is one character. The core never imports MkDocs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .browserindex import BrowserSearch

# 64 letters that need no escaping in a JavaScript string or JSON and are none of the format's
# separators (newline, "=", "|", ","). A letter's value below 32 ends a number; 32 and up carries
# five more bits of it, most significant first.
ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
_FINAL = ALPHABET[:32]
_MORE = ALPHABET[32:]
# A posting is one number: (gap to the previous document - 1) * 8 + (count - 1) for a count
# below 8; a count of 8 or more is written as 7 followed by a second number, count - 8.
COUNT_SLOTS = 8
# At most this many words per term are listed for marking excerpts (the most frequent first).
MAX_FORMS = 64
WORD_SHARD_CHARS = 6_000
POSTING_SHARD_CHARS = 24_000
MAX_PREFIX = 4


def number_code(number: int) -> str:
    """A non-negative number in the alphabet: five bits per letter, the last one below 32."""
    out = _FINAL[number & 31]
    number >>= 5
    while number:
        out = _MORE[number & 31] + out
        number >>= 5
    return out


def decode_numbers(code: str) -> list[int]:
    """The numbers `number_code` wrote one after the other (the JavaScript does the same)."""
    values, current = [], 0
    for letter in code:
        digit = ALPHABET.index(letter)
        if digit >= 32:
            current = current * 32 + digit - 32
        else:
            values.append(current * 32 + digit)
            current = 0
    return values


def gaps_code(numbers: Iterable[int]) -> str:
    """Ascending document numbers as their gaps (gap - 1 each), like postings without counts."""
    out, previous = [], -1
    for number in numbers:
        out.append(number_code(number - previous - 1))
        previous = number
    return "".join(out)


def decode_gaps(code: str) -> list[int]:
    """The inverse of `gaps_code` (search-dutch.js decodes the same way)."""
    out, previous = [], -1
    for gap in decode_numbers(code):
        previous += gap + 1
        out.append(previous)
    return out


def postings_code(postings: Iterable[tuple[int, int]]) -> str:
    """Document numbers (ascending) and weighted counts (>= 1) as one string."""
    out, previous = [], -1
    for number, count in postings:
        gap = number - previous - 1
        previous = number
        if count < COUNT_SLOTS:
            out.append(number_code(gap * COUNT_SLOTS + count - 1))
        else:
            out.append(number_code(gap * COUNT_SLOTS + COUNT_SLOTS - 1) + number_code(count - COUNT_SLOTS))
    return "".join(out)


def decode_postings(code: str) -> list[tuple[int, int]]:
    """The inverse of `postings_code` (for tests; search-dutch.js decodes in the browser)."""
    numbers = iter(decode_numbers(code))
    out, previous = [], -1
    for value in numbers:
        gap, slot = divmod(value, COUNT_SLOTS)
        previous += gap + 1
        count = slot + 1 if slot < COUNT_SLOTS - 1 else COUNT_SLOTS + next(numbers)
        out.append((previous, count))
    return out


def js_call(call: str, *arguments: object) -> str:
    """A script line that hands data to the page; "</" never appears raw (it could end a script)."""
    payload = ",".join(json.dumps(a, ensure_ascii=False, separators=(",", ":"), sort_keys=True) for a in arguments)
    return f"KBSearchData({json.dumps(call)},{payload});\n".replace("</", "<\\/")


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
        rest: list[str] = []
        for key in keys:
            (groups[key[: depth + 1]] if len(key) > depth else rest).append(key)
        if rest and depth:
            table[prefix] = rest
        for child in sorted(groups):
            place(child, groups[child])

    place("", sorted(sizes))
    return table


def site_files(search: BrowserSearch, data_dir: str, manifest_uri: str, manifest: dict) -> dict[str, str]:
    """Every search data file of the site: uri -> script text. `manifest` gets the shard tables."""
    from .browserindex import shard_key

    out: dict[str, str] = {}
    words, terms, word_prefixes = search.word_shards(WORD_SHARD_CHARS)
    for prefix in word_prefixes:
        out[f"{data_dir}/w-{prefix}.js"] = js_call("words", prefix, words[prefix], terms[prefix])
    # Suggestions: by first and by second letter of the folded word.
    first: dict[str, list[str]] = defaultdict(list)
    second: dict[str, list[str]] = defaultdict(list)
    for word, count in sorted(search.surface.items()):
        key = shard_key(word)
        line = word if count == 1 else f"{word} {count}"
        first[key[:1]].append(line)
        if len(key) > 1:
            second[key[1]].append(line)
    for letter, found in first.items():
        out[f"{data_dir}/v1-{letter}.js"] = js_call("vocabulary", 1, letter, "\n".join(found))
    for letter, found in second.items():
        out[f"{data_dir}/v2-{letter}.js"] = js_call("vocabulary", 2, letter, "\n".join(found))
    # Postings and the words that carry each term.
    encoded: dict[str, str] = {}
    for term, posting in search.postings.items():
        forms = search.forms.get(term)
        line = term + "=" + postings_code(posting)
        if forms:
            line += "|" + ",".join(sorted(forms, key=lambda f: (-forms[f], f))[:MAX_FORMS])
        encoded[term] = line
    by_key: dict[str, list[str]] = defaultdict(list)
    for term in encoded:
        by_key[shard_key(term)].append(term)
    sizes = {k: sum(len(encoded[t]) + 1 for t in ts) for k, ts in by_key.items()}
    posting_table = shard_table(sizes, POSTING_SHARD_CHARS)
    for prefix, keys in posting_table.items():
        body = "\n".join(sorted(encoded[t] for k in keys for t in by_key[k]))
        out[f"{data_dir}/p-{prefix}.js"] = js_call("postings", prefix, body)
    for number, doc in enumerate(search.documents):
        row = [doc.url, doc.title, doc.description, doc.facets, doc.kind, doc.text]
        out[f"{data_dir}/d-{number}.js"] = js_call("document", number, row)
    out[f"{data_dir}/lengths.js"] = js_call("lengths", "".join(number_code(n) for n in search.lengths))
    out[f"{data_dir}/facets.js"] = js_call("facets", facets_data(search))
    manifest = manifest | {
        "alphabet": ALPHABET,
        "countSlots": COUNT_SLOTS,
        "words": word_prefixes,
        "postings": sorted(posting_table),
        "vocabulary": [sorted(first), sorted(second)],
        "documents": {"count": len(search.documents)},
    }
    out[manifest_uri] = js_call("manifest", manifest)
    return out


def facets_data(search: BrowserSearch) -> dict[str, list[list[str]]]:
    """Filter name -> [value, its documents as gaps] (ascending numbers, like postings without
    counts), values sorted; the page orders them by the taxonomy."""
    found: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number, doc in enumerate(search.documents):
        for name, value in dict.fromkeys(doc.filters):
            found[name][value].append(number)
    return {name: [[value, gaps_code(docs)] for value, docs in sorted(found[name].items())] for name in sorted(found)}


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
