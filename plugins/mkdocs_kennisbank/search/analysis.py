"""Markdown reduced to plain text, for search snippets, records and related cases.

The Dutch word analysis itself lives in `dutch.py` (one analysis for every surface).
"""

from __future__ import annotations

import re

# Every pattern runs in linear time, also on 512 KB of `[`, `![`, `<a` or blank lines: a
# negated class also excludes the character that starts the next attempt (so no attempt scans
# past it), and nothing spans lines where a run of line starts could rescan the same text.
_MARKDOWN_NOISE = [
    (re.compile(r"```.*?```", re.DOTALL), " "),
    (re.compile(r"!\[[^\[\]]*\]\([^)\[]*\)"), " "),
    (re.compile(r"\[([^\[\]]*)\]\([^)\[]*\)"), r"\1"),
    (re.compile(r"<[^<>]+>"), " "),
    (re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*\w+(?:[ \t]+\"([^\"\n]*)\")?", re.MULTILINE), r"\1"),
    (re.compile(r"[#*_`>|~]+"), " "),
    (re.compile(r"\s+"), " "),
]


def plain_text(markdown: str) -> str:
    """Markdown reduced to readable text (for search snippets and the offline index)."""
    text = markdown
    for pattern, replacement in _MARKDOWN_NOISE:
        text = pattern.sub(replacement, text)
    return text.strip()
