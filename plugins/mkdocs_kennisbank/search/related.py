"""Related cases ("more like this"): deterministic, linear in the number of cases.

Each case is described by its most distinctive words (tf-idf over title, description,
programme and the opening of the text, analysed by `dutch.py` like every search surface: normal
forms plus compound parts) and its facets. Two cases are similar when they share
distinctive words and facet values (the fit of `fit.py`, as on "Voorbeelden zoals mijn school"). Candidates come from an inverted index of those few words
only, so the cost grows with the number of cases, not with its square, and no search engine
query runs per page. Ties are broken by slug, so two builds give the same lists.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import math
import os
import secrets
from collections import Counter, defaultdict
from operator import itemgetter
from pathlib import Path

from ..content.model import Case, Kennisbank
from . import dutch
from .analysis import plain_text
from .fit import Rules

KEY_TERMS = 8
# Per word, only the cases for which it weighs most are candidates: a word shared by thousands
# of cases says little, and uncapped lists would make the work grow with the square of the cases.
MAX_POSTINGS = 16
# Facet overlap only reorders the best text matches; computing it for every candidate costs more than it adds.
RERANK = 12
BODY_CHARS = 600
RELATED_CACHE = "related-words-v1.json"


def _words(case: Case) -> list[str]:
    text = " ".join(
        [case.title, case.title, case.description, case.programme or "", plain_text(case.body[:BODY_CHARS])]
    )
    return dutch.terms(text)


def _key(case: Case) -> str:
    # The analysis version is part of the key: words cached by another analysis (other rules or
    # library versions) never match, are analysed again, and drop out when the cache is saved.
    text = f"{dutch.analysis_version()}\0{case.title}\0{case.description}\0{case.programme}\0{case.body[:BODY_CHARS]}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_word_cache(path: Path) -> dict[str, list[str]]:
    """Analysed words from an earlier build; empty when missing, unreadable or malformed (it is
    only a cache: whatever is wrong with it, the build goes on without)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError, MemoryError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        key: words
        for key, words in data.items()
        if isinstance(words, list) and all(isinstance(word, str) for word in words)
    }


def save_word_cache(path: Path, cache: dict[str, list[str]], kb: Kennisbank) -> None:
    """Keep only the entries of current cases, so the cache never grows without bound."""
    current = {_key(case) for case in kb.cases.values()}
    for key in [k for k in cache if k not in current]:
        del cache[key]
    save_cache(path, cache)


def save_cache(path: Path, cache: dict[str, list[str]] | dict[str, tuple[str, ...]]) -> None:
    """Write a word cache. Never fails: a read-only or full disk, or a cache path that is a
    file, only costs the speed-up. Written to a unique temporary name and renamed, so a
    concurrent build or a kill never leaves a half-written cache, and a failed write leaves no
    temporary file behind."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(cache, separators=(",", ":"), sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass


def _keep_best(items: list[tuple], count: int) -> None:
    """Keep the `count` (key, weight) items of highest weight, ties to the lowest key, in that order.

    Only the items that can make it (weight at least the `count`-th highest, found in C) are sorted.
    """
    if len(items) > count:
        threshold = heapq.nlargest(count, map(itemgetter(1), items))[-1]
        items[:] = [item for item in items if item[1] >= threshold]
    items.sort()
    items.sort(key=itemgetter(1), reverse=True)  # stable: equal weights keep the lowest key first
    del items[count:]


def related_cases(kb: Kennisbank, limit: int = 4, cache: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """slug -> up to `limit` related case slugs, most similar first.

    `cache` maps a case's content key to its analysed words; pass the same dict to later calls
    (as `mkdocs serve` does) so unchanged cases are not analysed again.
    """
    cases = sorted(kb.cases.values(), key=lambda c: c.slug)
    words: list[Counter[str]] = []
    for case in cases:
        key = _key(case)
        if cache is not None and key in cache:
            analysed = cache[key]
        else:
            analysed = _words(case)
            if cache is not None:
                cache[key] = analysed
        words.append(Counter(analysed))

    df: Counter[str] = Counter()
    for counts in words:
        df.update(counts.keys())
    total = len(cases)
    # A word in one case only links it to nothing; the others get their idf once, not per case.
    idf = {t: math.log((1 + total) / (1 + n)) for t, n in df.items() if n > 1}
    tf = [0.0, *(1 + math.log(n) for n in range(1, max((max(c.values(), default=0) for c in words), default=0) + 1))]
    # Per case (by number, in slug order) its key words with their normalised weights.
    vectors: list[list[tuple[str, float]]] = []
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for number, counts in enumerate(words):
        top = [(t, tf[n] * idf[t]) for t, n in counts.items() if t in idf]
        _keep_best(top, KEY_TERMS)
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        vector = [(t, w / norm) for t, w in top]
        vectors.append(vector)
        for t, w in vector:
            postings[t].append((number, w))
    for found in postings.values():
        if len(found) > MAX_POSTINGS:
            found.sort(key=lambda item: (-item[1], item[0]))  # numbers follow slugs: ties go to the first slug
            del found[MAX_POSTINGS:]

    # Facets count as on "Voorbeelden zoals mijn school" (fit.py): each facet the two cases share
    # a value of adds its weight (`gewicht` in taxonomie.yml), in whole hundredths.
    rules = Rules(kb.taxonomy)

    result: dict[str, list[str]] = {}
    for number, case in enumerate(cases):
        scores: dict[int, float] = defaultdict(float)
        for t, w in vectors[number]:
            for other, theirs in postings[t]:
                scores[other] += w * theirs
        scores.pop(number, None)
        best = list(scores.items())
        _keep_best(best, RERANK)  # by score, ties to the lower number (= the first slug)
        ranked = sorted(
            ((other, score + rules.case_fit(case, cases[other]).score / 4) for other, score in best),
            key=lambda item: (-item[1], item[0]),
        )
        result[case.slug] = [cases[other].slug for other, _ in ranked[:limit]]
    return result
