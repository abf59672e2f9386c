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
    """The Whoosh analyzer of the search index: `dutch.py` behind Whoosh's interface.

    It yields exactly the terms `terms` returns (a test holds them equal). Whoosh's own Dutch
    LanguageAnalyzer (the old Porter stemmer) is no longer used anywhere.
    """
    from .textsearch import DutchAnalyzer  # textsearch imports this module

    return DutchAnalyzer()


def terms(text: str) -> list[str]:
    """Index terms of a text, in order: `dutch.terms` (normal forms, then compound parts).

    Kept for callers of the old name; new code calls `dutch.terms` directly.
    """
    from . import dutch

    return dutch.terms(text)


# Every pattern runs in linear time, also on 512 KB of `[`, `![`, `<a` or blank lines: a
# negated class also excludes the character that starts the next attempt (so no attempt scans
# past it), and nothing spans lines where a run of line starts could rescan the same text.
_MARKDOWN_NOISE = [
    (re.compile(r"```.*?```", re.S), " "),
    (re.compile(r"!\[[^\[\]]*\]\([^)\[]*\)"), " "),
    (re.compile(r"\[([^\[\]]*)\]\([^)\[]*\)"), r"\1"),
    (re.compile(r"<[^<>]+>"), " "),
    (re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*\w+(?:[ \t]+\"([^\"\n]*)\")?", re.M), r"\1"),
    (re.compile(r"[#*_`>|~]+"), " "),
    (re.compile(r"\s+"), " "),
]


def plain_text(markdown: str) -> str:
    """Markdown reduced to readable text (for search snippets and the offline index)."""
    text = markdown
    for pattern, replacement in _MARKDOWN_NOISE:
        text = pattern.sub(replacement, text)
    return text.strip()
