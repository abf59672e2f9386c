"""Reporting everything the sanitiser would remove from a Markdown text (`kennisbank check`).

`unsafe_html` renders a suspect Markdown body with the site's extensions, runs
`sanitize.clean()`, compares elements and attributes before and after, and reports every
difference at the line where its text is, so nothing disappears without a message. Bodies too
complex to render quickly are reported instead of rendered.
"""

from __future__ import annotations

import bisect
import html
import re
import signal
import threading
from collections import Counter
from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any

import nh3

from .sanitize import (
    _SCHEME,
    _URL_STRIP,
    _VOID,
    FETCHING,
    MAX_DEPTH,
    OUTSIDE_CLASSES,
    REMOVE_WITH_CONTENT,
    TAGS,
    URL_SCHEMES,
    _nh3,
    clean,
    too_deep,
)

# -- Rendering like the build does ----------------------------------------------------------------

# MkDocs' built-in extensions followed by those of the shipped mkdocs.yml. `use_markdown` lets
# the plugin pass the configured list instead.
MARKDOWN_EXTENSIONS_DEFAULT: list[Any] = [
    "toc",
    "tables",
    "fenced_code",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pymdownx.tabbed",
]
MARKDOWN_CONFIGS_DEFAULT: dict[str, dict[str, Any]] = {
    "toc": {"permalink": True, "permalink_title": "Vaste link naar dit kopje"},
    "pymdownx.tabbed": {"alternate_style": True},
    "footnotes": {"BACKLINK_TITLE": "Terug naar voetnoot %d in de tekst"},
}
MARKDOWN_EXTENSIONS = list(MARKDOWN_EXTENSIONS_DEFAULT)
MARKDOWN_CONFIGS = dict(MARKDOWN_CONFIGS_DEFAULT)
_markdown: Any = None
_markdown_lock = threading.Lock()


def use_markdown(extensions: list[Any] | None = None, configs: dict[str, dict[str, Any]] | None = None) -> None:
    """Render bodies for `unsafe_html` with these extensions (as configured in mkdocs.yml);
    without arguments, with the defaults again."""
    global MARKDOWN_EXTENSIONS, MARKDOWN_CONFIGS, _markdown
    with _markdown_lock:
        if extensions is None:
            MARKDOWN_EXTENSIONS, MARKDOWN_CONFIGS = list(MARKDOWN_EXTENSIONS_DEFAULT), dict(MARKDOWN_CONFIGS_DEFAULT)
        else:
            MARKDOWN_EXTENSIONS, MARKDOWN_CONFIGS = list(extensions), dict(configs or {})
        _markdown = None


def _forget_markdown() -> None:
    global _markdown
    _markdown = None


def render(body: str) -> str:
    """The body as Python-Markdown renders it with the configured extensions, unsanitised."""
    global _markdown
    import markdown  # only bodies that look suspect are rendered: keep `check` light otherwise

    with _markdown_lock:
        if _markdown is None:
            _markdown = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIGS)
        return _markdown.reset().convert(body)


# -- What the sanitiser removes ------------------------------------------------------------------

# Python-Markdown's time grows with the square of the unmatched `[` in one paragraph, and its
# HTML reader (html.parser) rescans to the end of the text from every tag it cannot close
# (`<a x='>'` repeated, `<!--` without `-->`). Both are measured before rendering; beyond these
# bounds the body is reported, not rendered, so one body stays well under a second.
MAX_BRACKETS = 300  # per paragraph (text between blank lines)
MAX_SCAN = 1_000_000  # characters html.parser would scan, summed over every `<`
# Python-Markdown needs about 10 to 100 microseconds per piece of markup, a little more than
# linearly; a body with more than this many markup characters is reported, not rendered.
MAX_MARKS = 10_000
MARKS = "<[&*_`"
CHECK_SECONDS = 5
MAX_REPORTS = 100  # per body; the rest is summed up in one message


class _Inventory(HTMLParser):
    """Elements and (tag, attribute, value) triples, leaving out what lies inside an element
    that is removed with its content (reported as that element)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str, str]] = Counter()
        self.open: list[str] = []  # open elements that are removed with their content

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.open:
            if tag in REMOVE_WITH_CONTENT and tag not in _VOID:
                self.open.append(tag)
            return
        self.elements[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name, value or "")] += 1
        if tag in REMOVE_WITH_CONTENT and tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.open:
            self.elements[tag] += 1
            for name, value in attrs:
                self.attributes[(tag, name, value or "")] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass


def _inventory(markup: str) -> _Inventory:
    parser = _Inventory()
    parser.feed(markup)
    parser.close()
    return parser


_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/<>]*)")
_SCHEME_WORD = re.compile(r"(?<![A-Za-z0-9+.\-])([A-Za-z][A-Za-z0-9+.\-]*):")


def _permissive(raw: str) -> str | None:
    """`raw` as nh3's HTML5 parser reads it, keeping (nearly) everything: a second view next to
    html.parser's, so what only an HTML5 parser sees as an element is compared too."""
    names = {m.group(1) for m in _TAG_NAME.finditer(raw)}
    tags = TAGS | names | {name.lower() for name in names}  # as written too: svg's foreignObject
    schemes = URL_SCHEMES | {m.group(1).lower() for m in _SCHEME_WORD.finditer(html.unescape(raw))}
    try:
        return _nh3(
            lambda markup: nh3.clean(
                markup,
                tags=tags,
                clean_content_tags=set(),
                generic_attribute_prefixes={""},
                url_schemes=schemes,
                link_rel=None,
                strip_comments=True,
            ),
            raw,
        )
    except Exception:  # noqa: BLE001 - a name nh3 refuses: html.parser's view alone has to do
        return None


class _Deadline(Exception):
    pass


def _render_with_deadline(body: str) -> str:
    """render(), stopped after CHECK_SECONDS where a timer is possible (main thread, Unix)."""
    usable = (
        threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0
    )
    if not usable:
        return render(body)

    def expired(signum: int, frame: Any) -> None:
        raise _Deadline

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, CHECK_SECONDS)
    try:
        return render(body)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9A-Fa-f]{1,8};?|[A-Za-z][A-Za-z0-9]{0,31};?)")


class _Locator:
    """Finds where in the Markdown source a removed thing was written.

    Searches the body itself and the body with HTML entities decoded (so `&#106;avascript:` is
    found as `javascript:`), taking the earliest hit; successive reports of the same text take
    successive occurrences. Offsets become (line, column) with the body's first line number.
    """

    def __init__(self, body: str, first_line: int) -> None:
        self.body = body
        self.first_line = first_line
        self.starts = [0] + [m.end() for m in re.finditer("\n", body)]
        self._decoded: tuple[str, list[int], list[int]] | None = None
        self.cursor: dict[str, int] = {}

    def decoded(self) -> tuple[str, list[int], list[int]]:
        """(decoded text, segment starts in it, the same segments' starts in the body)."""
        if self._decoded is None:
            pieces, starts, raw_starts = [], [0], [0]
            length, last = 0, 0
            for match in _ENTITY.finditer(self.body):
                pieces.append(self.body[last : match.start()])
                length += match.start() - last
                starts.append(length)
                raw_starts.append(match.start())
                text = html.unescape(match.group(0))
                pieces.append(text)
                length += len(text)
                starts.append(length)
                raw_starts.append(match.end())
                last = match.end()
            pieces.append(self.body[last:])
            self._decoded = ("".join(pieces), starts, raw_starts)
        return self._decoded

    def find(self, pattern: re.Pattern[str]) -> int | None:
        """Offset in the body of the next occurrence of `pattern`, or None."""
        key = pattern.pattern
        start = self.cursor.get(key, 0)
        offset = self._search(pattern, start)
        if offset is None and start:
            offset = self._search(pattern, 0)  # more reports than occurrences: reuse one
        if offset is not None:
            self.cursor[key] = offset + 1
        return offset

    def _search(self, pattern: re.Pattern[str], start: int) -> int | None:
        """The earliest occurrence at or after `start`, in the body or in its decoded view."""
        match = pattern.search(self.body, start)
        found = match.start() if match else None
        if "&" not in self.body:
            return found
        text, starts, raw_starts = self.decoded()
        # The decoded position of raw offset `start` (segment-wise; good enough for a cursor).
        index = bisect.bisect_right(raw_starts, start) - 1
        if index % 2 == 0:
            begin = starts[index] + start - raw_starts[index]
        else:  # inside an entity: from the entity itself, or past it
            begin = starts[index] if start == raw_starts[index] else starts[index + 1]
        match = pattern.search(text, begin)
        if not match:
            return found
        index = bisect.bisect_right(starts, match.start()) - 1
        inside = match.start() - starts[index]
        offset = raw_starts[index] + (inside if index % 2 == 0 else 0)
        return offset if found is None else min(found, offset)

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.first_line + index, offset - self.starts[index] + 1

    def line_text(self, offset: int) -> tuple[str, int]:
        """The source line holding `offset`, and `offset`'s index in it."""
        index = bisect.bisect_right(self.starts, offset) - 1
        end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.body)
        return self.body[self.starts[index] : end], offset - self.starts[index]


def _word(text: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w:.\-])" + re.escape(text) + r"(?![\w:\-])", re.IGNORECASE)


def _literal(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text), re.IGNORECASE)


def _class(name: str) -> re.Pattern[str]:
    """A class as written in an attribute list (`.name`) or a class attribute."""
    return re.compile(r"(?:(?<=\.)|(?<=[\"'\s=]))" + re.escape(name) + r"(?![\w\-])", re.IGNORECASE)


def _attr(name: str, value: str) -> re.Pattern[str]:
    """`name=value` as written in HTML or an attribute list (value quoted or not)."""
    return re.compile(r"(?<![\w:.\-])" + re.escape(name) + r"\s*=\s*[\"']?\s*" + re.escape(value[:60]), re.IGNORECASE)


_LINK_MESSAGE = "links met javascript:, vbscript: of data: zijn niet toegestaan; gebruik https://"
_URL_BEFORE = re.compile(r"(?:href|src)\s*=\s*[\"']?\s*\Z", re.IGNORECASE)


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 60 else value[:57] + "..."


def _needle(value: str) -> str:
    """A piece of an attribute value that is likely written as such in the source."""
    for line in value.splitlines():
        if line.strip():
            return line.strip()[:200]
    return ""


class _Report:
    def __init__(self, body: str, first_line: int) -> None:
        self.locate = _Locator(body, first_line)
        self.found: list[tuple[int, int, str]] = []
        self.skipped = 0

    def add(self, offset: int | None, message: str, column_at: int | None = None) -> None:
        if len(self.found) >= MAX_REPORTS:
            self.skipped += 1
            return
        if offset is None:
            self.found.append((self.locate.first_line, 1, message))
            return
        line, col = self.locate.position(offset if column_at is None else column_at)
        self.found.append((line, col, message))

    def first(self, *patterns: re.Pattern[str] | None) -> int | None:
        for pattern in patterns:
            if pattern is not None:
                offset = self.locate.find(pattern)
                if offset is not None:
                    return offset
        return None

    def full(self) -> bool:
        if len(self.found) >= MAX_REPORTS:
            self.skipped += 1
            return True
        return False

    def element(self, tag: str) -> None:
        if self.full():
            return
        if tag in TAGS:
            message = (
                f"het HTML-element <{tag}> staat op een plek waar het niet hoort (bijvoorbeeld <td> buiten "
                "een tabel) en wordt verwijderd; gebruik Markdown"
            )
        else:
            message = f"het HTML-element <{tag}> is niet toegestaan en wordt verwijderd; gebruik Markdown"
        self.add(self.first(re.compile("<" + re.escape(tag) + r"(?![\w:\-])", re.IGNORECASE)), message)

    def tag_column(self, offset: int, tag: str) -> int:
        """Report an attribute where its element (or attribute list) starts, on the same line."""
        line, index = self.locate.line_text(offset)
        before = line[:index].lower()
        start = max(before.rfind("<" + tag), before.rfind("{"))
        return offset - index + start if start >= 0 else offset

    def url_column(self, offset: int) -> int:
        """A URL is reported at its `](` (Markdown) or `href=`/`src=` (HTML)."""
        line, index = self.locate.line_text(offset)
        before = line[:index].rstrip(" <\t")
        if before.endswith("]("):
            return offset - index + len(before) - 2
        match = _URL_BEFORE.search(line[:index])
        return offset - index + match.start() if match else offset

    def attribute(self, tag: str, name: str, value: str) -> None:
        if self.full():
            return
        needle = _needle(value)
        if name == "class":
            classes = [c for c in value.split() if c.lower() in OUTSIDE_CLASSES] or value.split()[:1]
            for cls in classes:
                self.add(
                    self.first(_class(cls), _word(cls)),
                    f"de klasse '{cls}' wordt verwijderd: Material laadt daarvoor een script van internet "
                    "(een Mermaid-diagram); gebruik een afbeelding",
                )
            return
        if name == "id" and value.startswith("__"):
            self.add(
                self.first(_word(needle) if needle else None, _literal("__")),
                f"de id '{_short(value)}' begint met __ en is gereserveerd voor het thema; hij wordt verwijderd, "
                "kies een andere naam of kop",
            )
            return
        if (tag, name) in FETCHING:
            offset = self.first(
                _literal(needle) if needle else None, _literal("![") if tag == "img" else None, _word(name)
            )
            self.add(
                offset,
                f"de afbeelding '{_short(value)}' wordt van buiten de site geladen en wordt verwijderd; zet het bestand "
                "in de site (bijvoorbeeld docs/assets/uploads/) en gebruik een relatief pad",
                self.url_column(offset) if offset is not None else None,
            )
            return
        if name in ("href", "src", "cite", "action", "formaction", "poster", "background") and value:
            scheme = _SCHEME.match(value.strip(_URL_STRIP).replace("\t", "").replace("\n", "").replace("\r", ""))
            named = scheme.group(0).lower() if scheme else ""
            offset = self.first(_literal(needle) if needle else None, _literal(named) if named else None, _word(name))
            if named in ("javascript:", "vbscript:", "data:") or not named:
                message = _LINK_MESSAGE
            else:
                message = f"links met '{named}' worden verwijderd; alleen https://, http:// en mailto: zijn toegestaan"
            self.add(offset, message, self.url_column(offset) if offset is not None else None)
            return
        offset = self.first(_attr(name, needle) if needle else None, _word(name))
        column = self.tag_column(offset, tag) if offset is not None else None
        if name.startswith("on"):
            message = f"<{tag}> heeft een on...-attribuut (JavaScript); dat wordt verwijderd"
        elif name == "style":
            message = f"<{tag}> heeft een style-attribuut; opmaak gaat via Markdown, dit wordt verwijderd"
        elif value and name in ("type",):
            message = f'het attribuut {name}="{_short(value)}" op <{tag}> is niet toegestaan en wordt verwijderd'
        else:
            message = f"het attribuut {name} op <{tag}> is niet toegestaan en wordt verwijderd"
        self.add(offset, message, column)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# html.parser's own pattern for the extent of a start tag (Python 3.11), to measure its work.
_START_TAG = re.compile(
    r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*
  (?:[\s/]*
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*
      (?:\s*=+\s*
        (?:'[^']*'
          |"[^"]*"
          |(?!['"])[^>\s]*
         )
        \s*
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*
""",
    re.VERBOSE,
)


def _scan_work(text: str, budget: int) -> int:
    """Characters html.parser scans from each `<` to the end of its construct, summed; stops
    counting once past `budget` (so this costs at most about `budget` steps itself)."""
    work = 0
    pos = text.find("<")
    while pos != -1 and work <= budget:
        follow = text[pos + 1 : pos + 2]
        if text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
        elif follow in ("!", "?", "/"):
            end = text.find(">", pos + 2)
        elif follow.isascii() and follow.isalpha():
            end = _START_TAG.match(text, pos).end()  # type: ignore[union-attr]  # always matches
        else:
            end = pos
        work += (len(text) if end == -1 else end) - pos
        pos = text.find("<", pos + 1)
    return work


def _too_complex(body: str, first_line: int) -> tuple[int, int, str] | None:
    """A report instead of rendering, when rendering would take too long."""
    if body.count("[") > MAX_BRACKETS:
        starts = [0] + [m.end() for m in _BLANK_LINE.finditer(body)]
        ends = [m.start() for m in _BLANK_LINE.finditer(body)] + [len(body)]
        for start, end in zip(starts, ends):
            if end - start > MAX_BRACKETS:
                count = body.count("[", start, end)
                if count > MAX_BRACKETS:
                    return (
                        first_line + body.count("\n", 0, start),
                        1,
                        f"te veel [ in deze alinea ({count}; hoogstens {MAX_BRACKETS}): zo'n tekst is niet te "
                        "controleren en niet snel om te zetten naar HTML; verdeel de alinea of haal tekens weg",
                    )
    if len(body) > MAX_MARKS:
        marks = sum(body.count(mark) for mark in MARKS)
        if marks > MAX_MARKS:
            return (
                first_line,
                1,
                f"te veel opmaaktekens in de tekst ({marks} keer een van {' '.join(MARKS)}; hoogstens {MAX_MARKS}): "
                "zo'n tekst is niet te controleren en niet snel om te zetten naar HTML; verdeel hem over meer bestanden",
            )
    if _scan_work(body, MAX_SCAN) > MAX_SCAN:
        return (
            first_line,
            1,
            "te veel HTML-tags die niet gesloten worden (< zonder >, <!-- zonder -->): zo'n tekst is niet te "
            "controleren en niet snel om te zetten naar HTML; gebruik Markdown in plaats van HTML",
        )
    return None


def _removed(body: str, first_line: int) -> list[tuple[int, int, str]]:
    problem = _too_complex(body, first_line)
    if problem:
        return [problem]
    try:
        raw = _render_with_deadline(body)
    except _Deadline:
        _forget_markdown()  # interrupted halfway: start from a fresh instance next time
        return [
            (
                first_line,
                1,
                f"het controleren van de tekst duurde langer dan {CHECK_SECONDS} seconden en is afgebroken; "
                "staan er heel veel [ of < in de tekst?",
            )
        ]
    if too_deep(raw):
        return [
            (
                first_line,
                1,
                f"de HTML in deze tekst is te diep genest (meer dan {MAX_DEPTH} niveaus) en wordt als platte tekst "
                "gepubliceerd; sluit elk element af of gebruik Markdown",
            )
        ]
    cleaned = clean(raw)
    after = _inventory(cleaned)
    views = [_inventory(raw)]
    permissive = _permissive(raw)
    if permissive is not None:
        views.append(_inventory(permissive))
    elements: Counter[str] = Counter()
    attributes: Counter[tuple[str, str, str]] = Counter()
    for view in views:
        elements |= view.elements - after.elements
        attributes |= view.attributes - after.attributes
    report = _Report(body, first_line)
    for tag, count in sorted(elements.items()):
        for _ in range(count):
            report.element(tag)
    for (tag, name, value), count in sorted(attributes.items()):
        if tag in elements:
            continue  # the element goes, and its attributes with it: reported once
        for _ in range(count):
            report.attribute(tag, name, value)
    if not report.found and permissive is not None and permissive != cleaned:
        report.add(None, "deze tekst bevat HTML die bij het publiceren wordt aangepast of verwijderd; gebruik Markdown")
    if report.skipped:
        report.found.append(
            (
                first_line,
                1,
                f"en nog {report.skipped} andere stukken HTML die worden verwijderd; gebruik Markdown",
            )
        )
    return report.found


# -- Jinja ---------------------------------------------------------------------------------------

_JINJA = re.compile(r"\{\{|\{%")
_FENCE = re.compile(r"[ \t]*(```|~~~)")
_INLINE_CODE = re.compile(r"`[^`]*`")


def _jinja(lines: Iterable[str], first_line: int) -> list[tuple[int, int, str]]:
    found = []
    in_fence = False
    for number, line in enumerate(lines, start=first_line):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or not _JINJA.search(line):
            continue  # code is shown as text, never run
        line = _INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        for match in _JINJA.finditer(line):
            found.append(
                (
                    number,
                    match.start() + 1,
                    "'{{' en '{%' worden niet uitgevoerd maar letterlijk getoond; haal ze weg als dat niet de bedoeling is",
                )
            )
    return found


# Anything that can make the sanitiser remove something: HTML, entities, attribute lists, images,
# reference definitions, underscores (a heading can become an id like "__config"), and links
# `](scheme:` with a scheme other than http, https and mailto (autolinks and reference
# definitions are caught by `<` and `]:`). A body without any of these renders to markup the
# allow list keeps as it is.
_SUSPECT_MARK = re.compile(r"[<{_\uFE33\uFE34\uFE4D-\uFE4F\uFF3F]|!\[")
_SUSPECT_MORE = re.compile(r"&[#A-Za-z]|\]:|\]\(\s*(?!(?:https?|mailto):)[A-Za-z][A-Za-z0-9+.\-]*:")


def suspect(body: str) -> bool:
    """Whether rendering `body` could give markup the allow list changes (`check` runs this on
    every body, so the common case is a few scans at C speed)."""
    if _SUSPECT_MARK.search(body):
        return True
    if ("&" in body or "]" in body) and _SUSPECT_MORE.search(body):
        return True
    lowered = body.lower()
    return "script:" in lowered or "data:" in lowered


def unsafe_html(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, Dutch message) for each thing in a Markdown body that will not survive
    `clean()`, plus Jinja markers (shown literally)."""
    found: list[tuple[int, int, str]] = []
    if "{" in body and _JINJA.search(body):
        found += _jinja(body.split("\n"), first_line)
    if suspect(body):
        found += _removed(body, first_line)
    return sorted(set(found))
