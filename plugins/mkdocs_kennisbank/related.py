"""Related cases ("more like this"): deterministic, linear in the number of cases.

Each case is described by its most distinctive stemmed words (tf-idf over title, description,
programme and the opening of the text) plus its facets. Two cases are similar when they share
distinctive words and facet values. Candidates come from an inverted index of those few words
only, so the cost grows with the number of cases, not with its square, and no search engine
query runs per page. Ties are broken by slug, so two builds give the same lists.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter, defaultdict
from pathlib import Path

from .analysis import plain_text, terms
from .model import Case, Kennisbank

KEY_TERMS = 8
# Per word, only the cases for which it weighs most are candidates: a word shared by thousands
# of cases says little, and uncapped lists would make the work grow with the square of the cases.
MAX_POSTINGS = 16
# Facet overlap only reorders the best text matches; computing it for every candidate costs more than it adds.
RERANK = 12
BODY_CHARS = 600
RELATED_CACHE = "related-words-v1.json"
FACET_WEIGHTS = {"interventieniveaus": 0.6, "fase": 0.3, "onderwijs": 0.2, "thema": 0.5, "regio": 0.1}


def _words(case: Case) -> list[str]:
    text = " ".join(
        [case.title, case.title, case.description, case.programme or "", plain_text(case.body[:BODY_CHARS])]
    )
    return terms(text)


def _key(case: Case) -> str:
    text = f"{case.title}\0{case.description}\0{case.programme}\0{case.body[:BODY_CHARS]}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def load_word_cache(path: Path) -> dict[str, list[str]]:
    """Analysed words from an earlier build; empty when missing or unreadable (it is only a cache)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_word_cache(path: Path, cache: dict[str, list[str]], kb: Kennisbank) -> None:
    """Keep only the entries of current cases, so the cache never grows without bound."""
    current = {_key(case) for case in kb.cases.values()}
    for key in [k for k in cache if k not in current]:
        del cache[key]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(cache, separators=(",", ":"), sort_keys=True), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only checkout still builds; it only misses the speed-up


def related_cases(kb: Kennisbank, limit: int = 4, cache: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """slug -> up to `limit` related case slugs, most similar first.

    `cache` maps a case's content key to its analysed words; pass the same dict to later calls
    (as `mkdocs serve` does) so unchanged cases are not analysed again.
    """
    cases = sorted(kb.cases.values(), key=lambda c: c.slug)
    words: dict[str, Counter[str]] = {}
    for case in cases:
        key = _key(case)
        if cache is not None and key in cache:
            analysed = cache[key]
        else:
            analysed = _words(case)
            if cache is not None:
                cache[key] = analysed
        words[case.slug] = Counter(analysed)

    df: Counter[str] = Counter()
    for counts in words.values():
        df.update(counts.keys())
    total = len(cases)
    vectors: dict[str, dict[str, float]] = {}
    postings: dict[str, list[str]] = defaultdict(list)
    for case in cases:
        counts = words[case.slug]
        weighted = {t: (1 + math.log(n)) * math.log((1 + total) / (1 + df[t])) for t, n in counts.items() if df[t] > 1}
        top = sorted(weighted.items(), key=lambda item: (-item[1], item[0]))[:KEY_TERMS]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        vectors[case.slug] = {t: w / norm for t, w in top}
        for t, _ in top:
            postings[t].append(case.slug)
    for t, slugs in postings.items():
        if len(slugs) > MAX_POSTINGS:
            slugs.sort(key=lambda slug: (-vectors[slug][t], slug))
            del slugs[MAX_POSTINGS:]

    facet_values = {
        case.slug: {(facet, value) for facet in FACET_WEIGHTS for value in case.terms(facet)} for case in cases
    }
    result: dict[str, list[str]] = {}
    for case in cases:
        vector = vectors[case.slug]
        scores: dict[str, float] = defaultdict(float)
        for t, w in vector.items():
            for other in postings[t]:
                if other != case.slug:
                    scores[other] += w * vectors[other][t]
        best = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:RERANK]
        mine = facet_values[case.slug]
        ranked = sorted(
            ((other, score + sum(FACET_WEIGHTS[facet] for facet, _ in mine & facet_values[other]) / 4) for other, score in best),
            key=lambda item: (-item[1], item[0]),
        )
        result[case.slug] = [slug for slug, _ in ranked[:limit]]
    return result
