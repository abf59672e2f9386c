"""Sanitising rendered page content.

Python-Markdown passes raw HTML through, so a case file could carry `<script>`, `onerror=` or a
`javascript:` link into every visitor's browser. Every page's rendered HTML goes through nh3
with an allow list that keeps what Markdown, Material and our extensions produce (admonitions,
details, tabs, highlighted code, permalinks, footnotes, tables, images) and nothing else.

Nothing may reach outside the site either: an image source must be a path inside the site
(`//host`, `\\\\host`, `https:host` and every other form with a host or a scheme is dropped),
the class `mermaid` is dropped (Material's script loads Mermaid from unpkg.com for
`pre.mermaid`), and ids starting with `__` are dropped unless the extensions generate them
(`<h1 id="__config">` would take the place of Material's configuration, whose `base` decides
where the sitemap and search index are fetched from).

What `clean()` would remove is reported to contributors by `htmlcheck.unsafe_html`.
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ATTRIBUTES = {
    "*": {"class", "id", "title", "lang"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"name", "checked"},  # pymdownx.tabbed: radio buttons (type is limited below)
    "label": {"for"},
    "details": {"open"},
    "div": {"data-tabs"},  # pymdownx.tabbed: Material's tab bar ("1:2"); checked in _attribute
    "td": {"align", "colspan", "rowspan", "style"},  # style: only the tables extension's text-align
    "th": {"align", "colspan", "rowspan", "scope", "style"},
    "ol": {"start"},
    "code": {"data-lang"},
}
URL_SCHEMES = {"http", "https", "mailto"}
REMOVE_WITH_CONTENT = {"script", "style", "template", "iframe", "object", "embed", "noscript", "textarea", "select"}
# Classes that make Material's JavaScript fetch from outside the site: `pre.mermaid` loads
# https://unpkg.com/mermaid (components/content/mermaid in Material's bundle). Nothing else in
# the bundle that content can trigger leaves the site: link previews and instant loading only
# fetch pages listed in the site's own sitemap.
OUTSIDE_CLASSES = {"mermaid"}
# Attributes that make the browser fetch their URL while showing the page (links do not).
FETCHING = {("img", "src")}
# Ids starting with "__" belong to the theme (`#__config`, `#__search`, ...); these are the
# ones our extensions generate themselves (tabbed, highlight with line anchors).
_GENERATED_ID = re.compile(r"__(?:tabbed_\d+_\d+|codelineno-\d+-\d+|span-\d+-\d+|code_\d+)")
_TEXT_ALIGN = re.compile(r"\s*text-align\s*:\s*(?:left|right|center|justify)\s*(?:;\s*)?", re.IGNORECASE)
_DATA_TABS = re.compile(r"\d+:\d+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_URL_STRIP = "".join(map(chr, range(0x21)))  # browsers trim C0 controls and spaces


def same_site(url: str) -> bool:
    """True when a browser resolves `url` against the page's own site: no scheme, no host.

    Browsers trim spaces and control characters, drop tabs and newlines anywhere and read `\\`
    as `/`, so `\\\\host/x`, `/\\host/x` and ` //host/x` all name another host; so does
    `https:host/x` (no slashes needed for http and https).
    """
    value = url.strip(_URL_STRIP)
    for char in "\t\n\r":
        value = value.replace(char, "")
    value = value.replace("\\", "/")
    return not value.startswith("//") and not _SCHEME.match(value)


def _attribute(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute_filter: the value to keep, or None to drop the attribute."""
    if name == "class":
        classes = value.split()
        kept = [c for c in classes if c.lower() not in OUTSIDE_CLASSES]
        if len(kept) == len(classes):
            return value
        return " ".join(kept) or None
    if name == "id" and value.startswith("__"):
        return value if _GENERATED_ID.fullmatch(value) else None
    if (tag, name) in FETCHING:
        return value if same_site(value) else None
    if name == "style":
        return value if _TEXT_ALIGN.fullmatch(value) else None
    if name == "data-tabs":
        return value if _DATA_TABS.fullmatch(value) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=REMOVE_WITH_CONTENT,
    attributes=ATTRIBUTES,
    attribute_filter=_attribute,
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
    tag_attribute_values={"input": {"type": {"radio", "checkbox"}}},
)


# nh3's HTML5 parser slows down with the square of the nesting depth (`<div>` 100,000 times
# takes minutes) and of the `&` characters in one text node. Deeper than MAX_DEPTH, the content
# is published as plain text. Every `&` that stands for itself (`&amp;`, `&#38;`, or a bare `&`
# that starts no `;`-terminated reference) goes through nh3 as a private-use character and
# comes out as `&amp;` again: the same output, in linear time. (A bare `&copy` without `;`
# therefore shows as "&copy", not "©".)
MAX_DEPTH = 200
DEPTH_CHECK_FROM = 16_384  # characters; below this, nesting costs nothing noticeable
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_OPTIONAL_END = {
    "p",
    "li",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "option",
    "optgroup",
    "thead",
    "tbody",
    "tfoot",
    "colgroup",
    "rb",
    "rt",
    "rp",
}
_TAG_TOKEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)")
_AMPERSAND = re.compile(
    r"&(?:amp;|AMP;|#0{0,7}38;|#[xX]0{0,7}26;|(?!#[0-9]{1,8};|#[xX][0-9A-Fa-f]{1,8};|[A-Za-z][A-Za-z0-9]{0,31};))"
)
_PLACEHOLDER = "\ue000"
_ANY_TAG = re.compile(r"<[^<>]*>")


def too_deep(markup: str) -> bool:
    """Whether elements may nest deeper than MAX_DEPTH (an upper bound, counted linearly)."""
    if len(markup) < DEPTH_CHECK_FROM or markup.count("<") < MAX_DEPTH:
        return False
    depth = 0
    for match in _TAG_TOKEN.finditer(markup):
        name = match.group(2).lower()
        if name in _VOID or name in _OPTIONAL_END:
            continue
        if match.group(1):
            depth = max(depth - 1, 0)
        else:
            depth += 1
            if depth > MAX_DEPTH:
                return True
    return False


def _nh3(function: Any, markup: str) -> str:
    """`function(markup)` with the `&` detour described above."""
    if "&" not in markup or _PLACEHOLDER in markup:
        return function(markup)
    return function(_AMPERSAND.sub(_PLACEHOLDER, markup)).replace(_PLACEHOLDER, "&amp;")


def clean(html_text: str) -> str:
    """Rendered HTML with everything outside the allow list removed."""
    if too_deep(html_text):
        text = html.unescape(_ANY_TAG.sub(" ", html_text))
        return "<p>" + html.escape(" ".join(text.split()), quote=False) + "</p>"
    return _nh3(_CLEANER.clean, html_text)
