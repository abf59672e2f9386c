"""Turning what a visitor types into a safe search: words only, bounded.

Whoosh's query parser would accept wildcards, ranges, fuzzy terms, boosts and field names,
each of which can cost seconds on a large index. We never parse user syntax: we keep the
words, drop everything else (and say so), and cap the length and the number of words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UsageError

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
_SYNTAX = re.compile(r"[*?~^:\[\]{}()\"+!\\/]|\b(?:AND|OR|NOT|TO)\b")


@dataclass(frozen=True)
class CleanQuery:
    words: list[str]
    notes: list[str]  # Dutch remarks for the user about what was ignored


def clean(text: str) -> CleanQuery:
    """The words of a query; `UsageError` (a Dutch message) for a query we refuse."""
    if len(text) > MAX_QUERY_LENGTH:
        raise UsageError(
            f"de zoekopdracht is {len(text)} tekens lang; het maximum is {MAX_QUERY_LENGTH}. Gebruik minder en kortere woorden"
        )
    notes = []
    if _SYNTAX.search(text):
        notes.append(
            'zoektekens als * ? ~ ^ : " ( ) [ ] en AND/OR/NOT worden niet gebruikt; er wordt gezocht op de gewone woorden'
        )
    words = [w.lower() for w in _WORD.findall(_SYNTAX.sub(" ", text))]
    if not words:
        raise UsageError(
            "de zoekopdracht bevat geen woorden; typ een of meer woorden, bijvoorbeeld: gesprekken docenten"
        )
    if len(words) > MAX_WORDS:
        notes.append(f"alleen de eerste {MAX_WORDS} woorden worden gebruikt")
        words = words[:MAX_WORDS]
    return CleanQuery(words, notes)
