"""A strict YAML reader that keeps every value as text, with its position.

PyYAML's own loaders turn `NO` into False, `010` into 8 and `12:30` into 750, accept duplicate
keys (last one wins) and expand aliases (billion laughs). We only use PyYAML's *parser* (the
event stream) and build our own tree from it: every scalar stays a string, the schema decides
what a value means, and anything clever (anchors, aliases, tags, duplicate keys, several
documents) is refused with a position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

MAX_DEPTH = 8
# Only the event parser is used (never a constructor), so the C loader is as safe as the pure one.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Plain scalars that YAML would read as "nothing".
_NULLS = {"", "~", "null", "Null", "NULL"}


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
    ("found character '\\t' that cannot start any token", "een tab is hier niet toegestaan; gebruik spaties om in te springen"),
    ("mapping values are not allowed here", "hier mag geen ': ' staan; zet de hele waarde tussen dubbele aanhalingstekens"),
    ("could not find expected ':'", "na een veldnaam hoort een ':' te staan"),
    ("found unexpected end of stream", "de waarde loopt door tot het einde; sluit aanhalingstekens of haakjes af"),
    ("found undefined alias", "verwijzingen met * zijn niet toegestaan"),
    ("expected <block end>, but found '-'", "een lijstregel ('- ...') staat op de verkeerde plaats; controleer het inspringen"),
    ("expected <block end>", "het inspringen klopt niet; zet velden van hetzelfde niveau precies onder elkaar"),
    ("did not find expected key", "het inspringen klopt niet; zet velden van hetzelfde niveau precies onder elkaar"),
    ("found unknown escape character", "onbekende escape na '\\' tussen dubbele aanhalingstekens; gebruik enkele aanhalingstekens of laat de '\\' weg"),
    ("did not find expected ',' or ']'", "een lijst tussen [ ] is niet goed afgesloten; scheid waarden met komma's en sluit af met ]"),
    ("did not find expected ',' or '}'", "een { } is niet goed afgesloten"),
    ("found character that cannot start any token", "dit teken kan hier niet; zet de waarde tussen dubbele aanhalingstekens"),
    ("did not find expected node content", "hier ontbreekt een waarde"),
    ("did not find expected '-' indicator", "het inspringen van de lijst klopt niet"),
    ("while scanning a quoted scalar", "aanhalingsteken niet afgesloten"),
]


def _translate(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    context = exc.context or ""
    for english, dutch in _TRANSLATIONS:
        if english in problem or english in context:
            return dutch
    return f"ongeldige YAML ({problem or context})"


def parse(text: str, line_offset: int = 0) -> Node | None:
    """Parse one YAML document strictly; None when it is empty.

    `line_offset` is the number of file lines before `text`, so positions point into the file.
    """
    try:
        events = list(yaml.parse(text, Loader=_FAST_LOADER))
    except yaml.YAMLError:
        # libyaml is fast but words its errors differently; the pure-Python parser gives the
        # messages (and positions) we translate for contributors.
        return _parse_slow(text, line_offset)
    return _Builder(events, text, line_offset).document()


def _parse_slow(text: str, line_offset: int) -> Node | None:
    try:
        events = list(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "quoted scalar" in (exc.context or ""):
            mark = exc.context_mark  # point at the opening quote, not at the end of the file
        line, col = (mark.line, mark.column) if mark else (0, 0)
        key = _key_before(text.split("\n"), line)
        raise YamlProblem(line + 1 + line_offset, col + 1, _translate(exc), key) from None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        raise YamlProblem(1 + line_offset, 1, f"ongeldige tekens in de YAML ({exc})") from None
    return _Builder(events, text, line_offset).document()


def _key_before(lines: list[str], line: int) -> str:
    """The top-level key whose block contains `line` (0-based), for messages; '' if none."""
    for index in range(min(line, len(lines) - 1), -1, -1):
        match = re.match(r"([^\s#:][^:]*):(\s|$)", lines[index])
        if match:
            return match.group(1).strip()
    return ""


class _Builder:
    def __init__(self, events: list[yaml.Event], text: str, line_offset: int) -> None:
        self.events = events
        self.pos = 0
        self.lines = text.split("\n")
        self.offset = line_offset
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
            raise self._fail(event, "er staat maar één YAML-document in de front matter; verwijder de extra '---' of '...'")
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
            if plain:
                self._check_trailing_comment(event)
            return Scalar(line, col, event.value, plain)
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
        if end.line >= len(self.lines) or "#" not in self.lines[end.line]:
            return
        rest = self.lines[end.line][end.column :]
        if re.match(r"\s+#", rest):
            raise YamlProblem(
                end.line + 1 + self.offset,
                end.column + 2,
                "alles na ' #' valt weg als opmerking; zet de waarde tussen dubbele aanhalingstekens "
                "als het #-teken erbij hoort, of zet de opmerking op een eigen regel",
                self.key,
            )
