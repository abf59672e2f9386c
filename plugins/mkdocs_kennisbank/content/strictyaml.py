"""A strict YAML reader that keeps every value as text, with its position.

PyYAML's own loaders turn `NO` into False, `010` into 8 and `12:30` into 750, accept duplicate
keys (last one wins) and expand aliases (billion laughs). We only use PyYAML's *parser* (the
event stream) and build our own tree from it: every scalar stays a string, the schema decides
what a value means, and anything clever (anchors, aliases, tags, duplicate keys, several
documents) is refused with a position.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import yaml

MAX_DEPTH = 8
# PyYAML's pure-Python scanner (used only to word errors) takes time in proportion to the flow
# nesting for every token: quadratic on "[x, [x, [x, ...". Beyond this many '[' and '{' the
# error is worded from libyaml's report instead.
MAX_SLOW_FLOW = 64
# Only the event parser is used (never a constructor), so the C loader is as safe as the pure one.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Plain scalars that YAML would read as "nothing".
_NULLS = {"", "~", "null", "Null", "NULL"}


# -- characters ------------------------------------------------------------------------------
#
# What a contributor types must be what a reader sees. Refused anywhere in YAML (raw or written
# as an escape such as "\\0", "\\e" or "\\u202e"): control characters other than tab and newline
# (C0, DEL, C1 including NEL), the line and paragraph separators (PyYAML counts them as line
# breaks, our positions do not), the bidirectional embeddings, overrides and isolates (they
# reorder how text is shown: "Trojan source"), lone surrogates and noncharacters.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_NONCHARACTER = re.compile(f"[{_NONCHARACTERS}]")
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_BIDI_CONTROL = re.compile(f"[{_BIDI_CONTROLS}]")
REFUSED_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + _BIDI_CONTROLS + "\ud800-\udfff" + _NONCHARACTERS + "]"
)
# Inside a value, tab, newline and carriage return are only whitespace (plain text is folded).
_REFUSED_IN_VALUES = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029" + _BIDI_CONTROLS + "\ud800-\udfff" + _NONCHARACTERS + "]"
)
# Characters that show nothing on their own: whitespace, format characters (zero-width spaces
# and joiners, soft hyphen, direction marks, word joiner, BOM, tags), variation selectors and
# the fillers some fonts draw as blanks. Allowed inside text (emoji and scripts need joiners),
# but a text made of nothing else is invisible.
_INVISIBLE = (
    r"\s\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb\U0001d173-\U0001d17a"
    r"\U000e0000-\U000e0fff"
)
_INVISIBLE_ONLY = re.compile(f"[{_INVISIBLE}]*")

_CHARACTER_NAMES = {
    "\x00": "nul-teken",
    "\x07": "bel",
    "\x08": "backspace",
    "\t": "tab",
    "\n": "nieuwe regel",
    "\x0b": "verticale tab",
    "\x0c": "nieuwe pagina",
    "\r": "regelterugloop",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "volgende regel, NEL",
    "\u00a0": "harde spatie",
    "\u00ad": "zacht afbreekstreepje",
    "\u200b": "breedteloze spatie",
    "\u200c": "breedteloze niet-verbinder",
    "\u200d": "breedteloze verbinder",
    "\u200e": "links-naar-rechts-markering",
    "\u200f": "rechts-naar-links-markering",
    "\u2028": "regelscheiding",
    "\u2029": "alineascheiding",
    "\u202a": "links-naar-rechts insluiten",
    "\u202b": "rechts-naar-links insluiten",
    "\u202c": "richting herstellen",
    "\u202d": "links-naar-rechts afdwingen",
    "\u202e": "richting omkeren",
    "\u2060": "woordverbinder",
    "\u2066": "links-naar-rechts isoleren",
    "\u2067": "rechts-naar-links isoleren",
    "\u2068": "richting isoleren",
    "\u2069": "isoleren beëindigen",
    "\u3164": "Hangul-opvulteken",
    "\ufeff": "breedteloze harde spatie (BOM)",
}


def character_label(char: str) -> str:
    """A character as a contributor can recognise it, e.g. 'onzichtbaar teken U+202E (richting omkeren)'."""
    code = ord(char)
    name = _CHARACTER_NAMES.get(char)
    if 0xD800 <= code <= 0xDFFF:
        kind, name = "ongeldig teken", "losse surrogaathelft, geen geldige UTF-8"
    elif _NONCHARACTER.fullmatch(char):
        kind, name = "ongeldig teken", "niet-teken"
    elif char in "\u2028\u2029":
        kind = "regeleinde-teken"
    elif unicodedata.category(char) == "Cc":
        kind = "stuurteken"
    elif _INVISIBLE_ONLY.fullmatch(char):
        kind = "onzichtbaar teken"
    else:
        kind = "teken"
    return f"{kind} U+{code:04X} ({name})" if name else f"{kind} U+{code:04X}"


def refusal(char: str) -> str:
    """Why `char` is refused and what to do, after its label."""
    if char in "\u2028\u2029\x85":
        return "; gebruik een gewone nieuwe regel"
    if _BIDI_CONTROL.fullmatch(char):
        return "; het verandert de leesrichting en kan tekst anders tonen dan hij is; haal het weg"
    if 0xDC80 <= ord(char) <= 0xDCFF:
        return "; sla de tekst op als UTF-8"
    return "; haal het weg"


def refused_character(text: str, subject: str = "de tekst") -> tuple[int, str] | None:
    """(index, Dutch message) of the first character a value may not hold, or None."""
    match = _REFUSED_IN_VALUES.search(text)
    if match is None:
        return None
    char = match.group()
    return match.start(), f"{subject} bevat een {character_label(char)}{refusal(char)}"


def invisible_only(text: str) -> bool:
    """True when `text` is not empty but nothing in it can be seen (only zero-width and the like)."""
    return bool(text) and _INVISIBLE_ONLY.fullmatch(text) is not None


def plain_text_problem(text: str) -> str | None:
    """Why a plain-text value (title, description, label, ...) is refused, or None.

    Any printable text is fine, markup included: templates escape every value. Refused are the
    characters above and a text made only of invisible characters.
    """
    found = refused_character(text)
    if found is not None:
        return found[1]
    if invisible_only(text):
        labels = ", ".join(
            character_label(c).removeprefix("onzichtbaar teken ") for c in dict.fromkeys(text) if not c.isspace()
        )
        return f"de tekst bestaat alleen uit onzichtbare tekens: {labels}; schrijf zichtbare tekst"
    return None


@dataclass
class Node:
    """A value in the front matter; `line` and `col` are 1-based, counted in the whole file."""

    line: int
    col: int


@dataclass
class Scalar(Node):
    value: str
    plain: bool  # written without quotes or block indicator

    @property
    def is_null(self) -> bool:
        return self.plain and self.value in _NULLS


@dataclass
class Sequence(Node):
    items: list[Node] = field(default_factory=list)


@dataclass
class Mapping(Node):
    # key -> (key scalar, value); insertion order is the order in the file
    items: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)


class YamlProblem(Exception):
    """A YAML error at a position (1-based, in the whole file), with a Dutch message."""

    def __init__(self, line: int, col: int, message: str, field: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.col = col
        self.message = message
        self.field = field  # the top-level key the problem is in, when known


# PyYAML's English problems, in the words a contributor understands.
_TRANSLATIONS = [
    (
        "found character '\\t' that cannot start any token",
        "een tab is hier niet toegestaan; gebruik spaties om in te springen",
    ),
    (
        "mapping values are not allowed here",
        "hier mag geen ': ' staan; zet de hele waarde tussen dubbele aanhalingstekens",
    ),
    ("could not find expected ':'", "na een veldnaam hoort een ':' te staan"),
    ("found unexpected end of stream", "de waarde loopt door tot het einde; sluit aanhalingstekens of haakjes af"),
    ("found undefined alias", "verwijzingen met * zijn niet toegestaan"),
    (
        "expected <block end>, but found '-'",
        "een lijstregel ('- ...') staat op de verkeerde plaats; controleer het inspringen",
    ),
    ("expected <block end>", "het inspringen klopt niet; zet velden van hetzelfde niveau precies onder elkaar"),
    ("did not find expected key", "het inspringen klopt niet; zet velden van hetzelfde niveau precies onder elkaar"),
    (
        "found unknown escape character",
        "onbekende escape na '\\' tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens of laat de '\\' weg",
    ),
    (
        "did not find expected ',' or ']'",
        "een lijst tussen [ ] is niet goed afgesloten; scheid waarden met komma's en sluit af met ]",
    ),
    ("did not find expected ',' or '}'", "een { } is niet goed afgesloten"),
    (
        "found character that cannot start any token",
        "dit teken kan hier niet; zet de waarde tussen dubbele aanhalingstekens",
    ),
    ("did not find expected node content", "hier ontbreekt een waarde"),
    ("did not find expected '-' indicator", "het inspringen van de lijst klopt niet"),
    ("while scanning a quoted scalar", "aanhalingsteken niet afgesloten"),
    (
        "expected ',' or ']'",
        "een lijst tussen [ ] is niet goed afgesloten; scheid waarden met komma's en sluit af met ]",
    ),
    ("expected ',' or '}'", "een { } is niet goed afgesloten"),
    ("expected the node content", "hier ontbreekt een waarde"),
    (
        "sequence entries are not allowed here",
        "een lijstregel ('- ...') mag hier niet beginnen; zet elke '- ' op een eigen regel onder de veldnaam",
    ),
    (
        "block sequence entries are not allowed",
        "een lijstregel ('- ...') mag hier niet beginnen; zet elke '- ' op een eigen regel onder de veldnaam",
    ),
    (
        "expected alphabetic or numeric character",
        "na & of * hoort een naam; zet de waarde tussen dubbele aanhalingstekens",
    ),
    (
        "expected a comment or a line break",
        "na de waarde mag op deze regel niets meer staan; zet de waarde tussen dubbele aanhalingstekens",
    ),
    ("found a tab character", "een tab is hier niet toegestaan; gebruik spaties"),
    ("could not find expected", "hier ontbreekt iets; controleer aanhalingstekens, haakjes en inspringen"),
]


def _translate(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    context = exc.context or ""
    for english, dutch in _TRANSLATIONS:
        if english in problem or english in context:
            return dutch
    return "dit is geen geldige YAML; controleer aanhalingstekens, haakjes en inspringen op deze regel"


def parse(text: str, line_offset: int = 0) -> Node | None:
    """Parse one YAML document strictly; None when it is empty.

    `line_offset` is the number of file lines before `text`, so positions point into the file.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # one line break, as PyYAML counts them
    _check_characters(text, line_offset)
    try:
        events = list(yaml.parse(text, Loader=_FAST_LOADER))
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in (exc.problem or ""):  # libyaml's own limit (1000 levels)
            raise _problem(
                exc, text, line_offset, f"de front matter is te diep genest (meer dan {MAX_DEPTH} niveaus)"
            ) from None
        if text.count("[") + text.count("{") > MAX_SLOW_FLOW:
            raise _problem(exc, text, line_offset) from None
        # libyaml is fast but words its errors differently; the pure-Python parser gives the
        # messages (and positions) we translate for contributors.
        return _parse_slow(text, line_offset)
    except yaml.YAMLError:  # pragma: no cover - reader errors are caught by _check_characters
        return _parse_slow(text, line_offset)
    return _Builder(events, text, line_offset).document()


def _problem(exc: yaml.MarkedYAMLError, text: str, line_offset: int, message: str | None = None) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and "quoted scalar" in (exc.context or ""):
        mark = exc.context_mark  # point at the opening quote, not at the end of the file
    line, col = (mark.line, mark.column) if mark else (0, 0)
    key = _key_before(text.split("\n"), line)
    return YamlProblem(line + 1 + line_offset, col + 1, message or _translate(exc), key)


def _check_characters(text: str, line_offset: int) -> None:
    """Refuse control, separator and direction characters where they are written (see above).

    Checked before PyYAML sees the text: it would count NEL and U+2028/U+2029 as line breaks
    and so shift every later position, and it words its own refusals in English.
    """
    match = REFUSED_CHARACTERS.search(text)
    if match is None:
        return
    start = match.start()
    line = text.count("\n", 0, start)
    col = start - (text.rfind("\n", 0, start) + 1)
    char = match.group()
    raise YamlProblem(
        line + 1 + line_offset,
        col + 1,
        f"hier staat een {character_label(char)}{refusal(char)}",
        _key_before(text.split("\n"), line),
    )


def _parse_slow(text: str, line_offset: int) -> Node | None:
    try:
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        raise _problem(exc, text, line_offset) from None
    except yaml.YAMLError:  # pragma: no cover - reader errors are caught by _check_characters
        raise YamlProblem(1 + line_offset, 1, "de YAML bevat tekens die niet toegestaan zijn") from None
    return _Builder(events, text, line_offset).document()


_COMMENT_AFTER = re.compile(r"\s+#")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _join_surrogate_pairs(value: str) -> str:
    """'\\ud83d\\ude00' (JSON's way to escape an emoji) is one character, as YAML 1.2 reads it;
    PyYAML gives two halves. Lone halves stay, to be refused."""
    if _SURROGATE.search(value) is None:
        return value
    return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")


_TOP_KEY = re.compile(r"([^\s#:][^:]*):(\s|$)")


def _key_before(lines: list[str], line: int) -> str:
    """The top-level key whose block contains `line` (0-based), for messages; '' if none."""
    for index in range(min(line, len(lines) - 1), -1, -1):
        match = _TOP_KEY.match(lines[index])
        if match:
            return match.group(1).strip()
    return ""


class _Builder:
    def __init__(self, events: list[yaml.Event], text: str, line_offset: int) -> None:
        self.events = events
        self.pos = 0
        self.lines = text.split("\n")
        # Lines with a '#', found once: a line can hold thousands of plain values ([a, b, ...]).
        self.hash_lines = {index for index, line in enumerate(self.lines) if "#" in line}
        self.offset = line_offset
        self.escapes = "\\" in text  # only double-quoted escapes can add characters to the text
        self.key = ""  # top-level key being read, named in problems

    def _where(self, event: yaml.Event) -> tuple[int, int]:
        return event.start_mark.line + 1 + self.offset, event.start_mark.column + 1

    def _fail(self, event: yaml.Event, message: str) -> YamlProblem:
        return YamlProblem(*self._where(event), message, self.key)

    def _next(self) -> yaml.Event:
        event = self.events[self.pos]
        self.pos += 1
        return event

    def document(self) -> Node | None:
        self._next()  # StreamStart
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        node = self._node(self._next(), depth=0)  # after DocumentStart
        self._next()  # DocumentEnd
        event = self._next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise self._fail(
                event, "er staat maar één YAML-document in de front matter; verwijder de extra '---' of '...'"
            )
        return node

    def _check_plain(self, event: yaml.Event) -> None:
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise self._fail(event, f"ankers (&{anchor}) zijn niet toegestaan; schrijf de waarde voluit")
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise self._fail(event, f"tags ({shown}) zijn niet toegestaan; laat de tag weg")

    def _node(self, event: yaml.Event, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise self._fail(event, f"de front matter is te diep genest (meer dan {MAX_DEPTH} niveaus)")
        if isinstance(event, yaml.AliasEvent):
            raise self._fail(event, f"verwijzingen (*{event.anchor}) zijn niet toegestaan; schrijf de waarde voluit")
        self._check_plain(event)
        line, col = self._where(event)
        if isinstance(event, yaml.ScalarEvent):
            plain = not event.style  # None from the pure parser, "" from libyaml
            value = event.value
            if self.escapes:  # raw characters are checked already; these were written as "\u202e", "\e", ...
                value = _join_surrogate_pairs(value)
                found = refused_character(value, "de waarde")
                if found is not None:
                    raise YamlProblem(line, col, found[1], self.key)
            if plain:
                self._check_trailing_comment(event)
            return Scalar(line, col, value, plain)
        if isinstance(event, yaml.SequenceStartEvent):
            seq = Sequence(line, col)
            while not isinstance(nxt := self._next(), yaml.SequenceEndEvent):
                seq.items.append(self._node(nxt, depth + 1))
            return seq
        if isinstance(event, yaml.MappingStartEvent):
            mapping = Mapping(line, col)
            while not isinstance(nxt := self._next(), yaml.MappingEndEvent):
                key = self._node(nxt, depth + 1)
                if not isinstance(key, Scalar) or key.is_null:
                    raise YamlProblem(key.line, key.col, "een veldnaam moet gewone tekst zijn", self.key)
                if depth == 0:
                    self.key = key.value
                if key.value in mapping.items:
                    first = mapping.items[key.value][0]
                    raise YamlProblem(
                        key.line,
                        key.col,
                        f"veld '{key.value}' staat er twee keer in (eerst op regel {first.line}); houd er één over",
                        key.value if depth == 0 else self.key,
                    )
                value = self._node(self._next(), depth + 1)
                mapping.items[key.value] = (key, value)
            return mapping
        raise self._fail(event, "onverwacht YAML-element")  # pragma: no cover - parser guarantees

    def _check_trailing_comment(self, event: yaml.ScalarEvent) -> None:
        """YAML silently cuts a plain value at ' #'; make that loss visible."""
        end = event.end_mark
        if end.line >= len(self.lines) or end.line not in self.hash_lines:
            return
        if _COMMENT_AFTER.match(self.lines[end.line], end.column):
            raise YamlProblem(
                end.line + 1 + self.offset,
                end.column + 2,
                "alles na ' #' valt weg als opmerking; zet de waarde tussen dubbele aanhalingstekens "
                "als het #-teken erbij hoort, of zet de opmerking op een eigen regel",
                self.key,
            )
