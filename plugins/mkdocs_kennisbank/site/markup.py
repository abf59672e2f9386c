"""HTML fragments that are printed as they are: headings turned into titles and toc entries.

Every template is autoescaped (the plugin switches it on for the whole theme), so plain values
are always printed as text. The few values that already are HTML, a heading's rendered text,
are reduced to text without any tag here and then marked as safe.
"""

from __future__ import annotations

import re

import nh3


def clean_inline(html: str) -> str:
    """A heading's HTML as escaped text: every tag removed, entities kept escaped."""
    return nh3.clean(html, tags=set(), attributes={}, strip_comments=True, clean_content_tags={"script", "style"})


EDITORIAL_CLASS = "kb-redactie"
# A heading the content marks as the editors' words (`## Wanneer wel { .kb-redactie }`), as the
# sanitiser leaves it: its attributes, its text, and the permalink MkDocs' toc adds.
_EDITORIAL_HEADING = re.compile(
    r'(<h([2-6])\b[^>]*\bclass="[^"]*\b'
    + EDITORIAL_CLASS
    + r'\b[^"]*"[^>]*>)(.*?)(<a class="headerlink"[^>]*>.*?</a>)?(</h\2>)',
    re.DOTALL,
)
EDITORIAL_LABEL = '<span class="kb-label" title="Dit deel is van de redactie, niet uit de bron">redactie</span>'


def label_editorial(html: str) -> str:
    """Give every heading marked as the editors' words a visible label "redactie" (after its
    text, before the permalink), so a reader sees which sections are not the source's."""
    return _EDITORIAL_HEADING.sub(lambda m: f"{m[1]}{m[3]} {EDITORIAL_LABEL}{m[4] or ''}{m[5]}", html)


# Elements whose whitespace is content (or code): left exactly as they are.
_KEEP = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_BLANK_LINES = re.compile(r"[ \t]*\n\s*")


def collapse_whitespace(html: str) -> str:
    """A page without the indentation and blank lines the theme's templates leave (about a
    third of a page's bytes): every run of whitespace that holds a line break becomes one
    line break. A line break is whitespace to HTML like the run it replaces, so nothing
    rendered changes; `pre`, `textarea`, `script` and `style` are kept as they are."""
    out = []
    last = 0
    for match in _KEEP.finditer(html):
        out.append(_BLANK_LINES.sub("\n", html[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_BLANK_LINES.sub("\n", html[last:]))
    return "".join(out)
