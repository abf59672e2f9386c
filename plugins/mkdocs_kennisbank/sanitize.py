"""Sanitising rendered page content, and spotting what the sanitiser would remove.

Python-Markdown passes raw HTML through, so a case file could carry `<script>`, `onerror=` or a
`javascript:` link into every visitor's browser. Every page's rendered HTML goes through nh3
with an allow list that keeps what Markdown, Material and our extensions produce (admonitions,
details, tabs, highlighted code, permalinks, footnotes, tables, images) and nothing else.

`kennisbank check` warns the contributor first: `unsafe_html` finds, per line of the Markdown
body, what the sanitiser would strip, so nothing disappears without a message.
"""

from __future__ import annotations

import re

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins",
    "kbd", "label", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"name", "checked"},  # pymdownx.tabbed: radio buttons (type is limited below)
    "label": {"for"},
    "details": {"open"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "code": {"data-lang"},
}
URL_SCHEMES = {"http", "https", "mailto"}
REMOVE_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript", "textarea", "select"}


def clean(html: str) -> str:
    """Rendered HTML with everything outside the allow list removed."""
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=REMOVE_WITH_CONTENT,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
        filter_style_properties=set(),
        tag_attribute_values={"input": {"type": {"radio", "checkbox"}}},
    )


_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>")
_EVENT = re.compile(r"\son[a-z]+\s*=", re.I)
_STYLE_ATTR = re.compile(r"\sstyle\s*=", re.I)
_BAD_URL = re.compile(r"(?:href|src|action|formaction|xlink:href)\s*=\s*[\"']?\s*(?:javascript|vbscript|data):", re.I)
_MD_BAD_URL = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data):", re.I)
_JINJA = re.compile(r"\{\{|\{%")
_SUSPECT = re.compile(r"<|\{\{|\{%|script:|data:", re.I)
_FENCE = re.compile(r"^\s*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")


def unsafe_html(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, Dutch message) for each thing in a Markdown body that will not survive."""
    found: list[tuple[int, int, str]] = []
    if not _SUSPECT.search(body):
        return found  # the common case: nothing that looks like HTML, a risky URL or Jinja
    in_fence = False
    for number, line in enumerate(body.split("\n"), start=first_line):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue  # code is shown as text, never run
        line = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        for match in _TAG.finditer(line):
            if match.group(1):
                continue  # a closing tag: the opening one is already reported
            name = match.group(2).lower()
            column = match.start() + 1
            if name not in TAGS:
                found.append((number, column, f"het HTML-element <{name}> is niet toegestaan en wordt verwijderd; gebruik Markdown"))
            elif _EVENT.search(match.group(3)):
                found.append((number, column, f"<{name}> heeft een on...-attribuut (JavaScript); dat wordt verwijderd"))
            elif _STYLE_ATTR.search(match.group(3)):
                found.append((number, column, f"<{name}> heeft een style-attribuut; opmaak gaat via Markdown, dit wordt verwijderd"))
        for pattern in (_BAD_URL, _MD_BAD_URL):
            for match in pattern.finditer(line):
                found.append((number, match.start() + 1, "links met javascript:, vbscript: of data: zijn niet toegestaan; gebruik https://"))
        for match in _JINJA.finditer(line):
            found.append((number, match.start() + 1, "'{{' en '{%' worden niet uitgevoerd maar letterlijk getoond; haal ze weg als dat niet de bedoeling is"))
    return found
