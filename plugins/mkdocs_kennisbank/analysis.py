"""Dutch text analysis shared by search and related cases: Whoosh's stemming analyzer.

One analyzer for everything, so "gesprekken" and "gesprek" meet wherever words are compared.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from whoosh.analysis import Analyzer, LanguageAnalyzer

LANGUAGE = "nl"


@functools.cache
def analyzer() -> Analyzer:
    return LanguageAnalyzer(LANGUAGE)


@functools.cache
def _pipeline() -> tuple[re.Pattern[str], frozenset[str], int, Callable[[str], str]]:
    tokenizer, _lowercase, stop, stem = analyzer().items  # type: ignore[attr-defined]
    # StemFilter calls its `_stem` (the Dutch Snowball stemmer); we add our own memo.
    return tokenizer.expression, stop.stops, stop.min, functools.lru_cache(maxsize=200_000)(stem._stem)


def terms(text: str) -> list[str]:
    """Stemmed, lowercased words without Dutch stop words, in order.

    Exactly what Whoosh's analyzer yields (a test holds them equal), but without its
    token-object pipeline: related cases analyse every case on every cold build.
    """
    expression, stops, minimum, stem = _pipeline()
    found = []
    for match in expression.finditer(text):
        word = match.group(0).lower()
        if len(word) >= minimum and word not in stops:
            found.append(stem(word))
    return found


_MARKDOWN_NOISE = [
    (re.compile(r"```.*?```", re.S), " "),
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), " "),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>]+>"), " "),
    (re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*\w+(?:\s+\"([^\"]*)\")?", re.M), r"\1"),
    (re.compile(r"[#*_`>|~]+"), " "),
    (re.compile(r"\s+"), " "),
]


def plain_text(markdown: str) -> str:
    """Markdown reduced to readable text (for search snippets and the offline index)."""
    text = markdown
    for pattern, replacement in _MARKDOWN_NOISE:
        text = pattern.sub(replacement, text)
    return text.strip()
