"""Dutch text analysis shared by search and related cases: Whoosh's stemming analyzer.

One analyzer for everything, so "gesprekken" and "gesprek" meet wherever words are compared.
"""

from __future__ import annotations

import functools
import re

from whoosh.analysis import Analyzer, LanguageAnalyzer

LANGUAGE = "nl"


@functools.cache
def analyzer() -> Analyzer:
    return LanguageAnalyzer(LANGUAGE)


def terms(text: str) -> list[str]:
    """Stemmed, lowercased words without Dutch stop words, in order."""
    return [token.text for token in analyzer()(text)]


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
