"""Split a Markdown file into strict front matter and body, and check what the body may hold.

MkDocs' own reader silently drops front matter that is not valid YAML, even under --strict.
This reader never drops anything: it either returns every key with its position or raises a
`YamlProblem` that names the line and column, counted from the file's first line.
`body_problems` finds what the Markdown text may not hold (control and direction characters,
nesting that would crash Python-Markdown), each with its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .strictyaml import Mapping, YamlProblem, character_label, parse, refusal

MAX_FILE_BYTES = 512 * 1024
MAX_FRONT_MATTER_BYTES = 32 * 1024
# Python-Markdown recurses once per level of nested lists, admonitions, definition lists and
# emphasis: about 250 nested list items or 500 alternating * and _ exhaust Python's stack and
# crash the build. Real texts stay far below these bounds.
MAX_BODY_NESTING = 32
MAX_EMPHASIS_MARKS = 1000  # '*' and '_' in one paragraph
MAX_REPORTED = 20  # refused characters reported per text; the rest are counted

# In the text: control characters other than tab and newline, and direction overrides/isolates.
_BODY_REFUSED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_DEEP_CANDIDATE = re.compile(f"^[ \t>]{{{MAX_BODY_NESTING},}}", re.MULTILINE)
_BLOCK_START = re.compile(r"(?:[-*+]|\d{1,9}[.)]|!!!|\?\?\?\+?|===[!+]?|:)(?:[ \t]|$)")
_FENCE = re.compile(r"[ \t>]*(?:```|~~~)")
_CODE_SPAN = re.compile(r"`[^`\n]*`")


@dataclass
class Document:
    meta: Mapping  # empty Mapping when the file has no front matter
    body: str
    body_line: int  # 1-based file line on which the body starts


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 only, BOM dropped, CRLF and CR turned into LF."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(
            1,
            1,
            f"het bestand is te groot ({len(raw) // 1024} KB); het maximum is {MAX_FILE_BYTES // 1024} KB",
            "bestand",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(line, col, "het bestand is geen UTF-8; sla het op als UTF-8", "bestand") from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise YamlProblem(line, 1, "het bestand bevat een nul-teken; is het wel een tekstbestand?", "bestand")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split(text: str, *, required: bool = True) -> Document:
    """Read the `---` fenced front matter at the top of `text`."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        if required:
            raise YamlProblem(1, 1, "het bestand moet beginnen met een regel '---' en daarna de front matter")
        return Document(Mapping(1, 1), text, 1)
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            end = index
            break
    else:
        raise YamlProblem(1, 1, "de front matter wordt niet afgesloten; zet een regel '---' na het laatste veld")
    yaml_text = "\n".join(lines[1:end]) + "\n"
    if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise YamlProblem(2, 1, f"de front matter is te groot; het maximum is {MAX_FRONT_MATTER_BYTES // 1024} KB")
    node = parse(yaml_text, line_offset=1)
    if node is None:
        node = Mapping(2, 1)
    if not isinstance(node, Mapping):
        raise YamlProblem(node.line, node.col, "de front matter moet bestaan uit regels 'veld: waarde'")
    body = "\n".join(lines[end + 1 :])
    return Document(node, body, end + 2)


def body_problems(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, column, Dutch message) for what the Markdown text may not hold: control and
    direction characters, and nesting or emphasis so deep that rendering would crash."""
    return [*_body_characters(body, first_line), *_body_depth(body, first_line)]


def _body_characters(body: str, first_line: int) -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    line, line_start, scanned = first_line, 0, 0
    matches = _BODY_REFUSED.finditer(body)
    for count, match in enumerate(matches):
        start = match.start()
        newlines = body.count("\n", scanned, start)
        if newlines:
            line += newlines
            line_start = body.rfind("\n", scanned, start) + 1
        scanned = start
        if count == MAX_REPORTED:
            rest = 1 + sum(1 for _ in matches)
            found.append((line, start - line_start + 1, f"en nog {rest} van zulke tekens verderop in de tekst"))
            break
        char = match.group()
        found.append((line, start - line_start + 1, f"in de tekst staat een {character_label(char)}{refusal(char)}"))
    return found


def _body_depth(body: str, first_line: int) -> list[tuple[int, int, str]]:
    deep = _DEEP_CANDIDATE.search(body) is not None
    marks = body.count("*") + body.count("_") > MAX_EMPHASIS_MARKS
    if not deep and not marks:
        return []  # the common case: no line is indented that far and few emphasis marks
    found: list[tuple[int, int, str]] = []
    too_deep: list[tuple[int, int, int]] = []
    in_fence = False
    block_start, block_marks = 0, 0  # emphasis never spans a blank line, list item, row or heading

    def end_block(next_start: int) -> None:
        nonlocal block_start, block_marks
        if block_marks > MAX_EMPHASIS_MARKS:
            found.append(
                (
                    first_line + block_start,
                    1,
                    f"deze alinea bevat {block_marks} tekens * en _ (hoogstens {MAX_EMPHASIS_MARKS}); zoveel "
                    "opmaak kan de site niet omzetten; splits de alinea of zet code tussen `backticks`",
                )
            )
        block_start, block_marks = next_start, 0

    for index, text in enumerate(body.split("\n")):
        if _FENCE.match(text):
            in_fence = not in_fence
            end_block(index + 1)
            continue
        if in_fence:
            continue  # code is shown as it is, never parsed
        if not text.strip():
            end_block(index + 1)
            continue
        depth, width = _nesting(text)
        starts_block = _BLOCK_START.match(text, width) is not None
        if starts_block or text.startswith(("|", "#"), width):
            end_block(index)
        if marks:
            plain = _CODE_SPAN.sub("", text)
            block_marks += plain.count("*") + plain.count("_")
        if deep and depth > MAX_BODY_NESTING and starts_block:
            too_deep.append((first_line + index, width + 1, depth))
    end_block(0)
    if too_deep:  # one problem: the first line that is too deep, and how many more follow
        line, col, depth = too_deep[0]
        more = f"; ook op {len(too_deep) - 1} regels daarna" if len(too_deep) > 1 else ""
        found.append(
            (
                line,
                col,
                f"de tekst is hier {depth} niveaus diep genest (lijsten, citaten of blokken; hoogstens "
                f"{MAX_BODY_NESTING}){more}; zo diep kan de site niet omzetten; maak de opbouw platter",
            )
        )
    return found


def _nesting(line: str) -> tuple[int, int]:
    """(levels of nesting, characters of indentation) at the start of a Markdown line: every
    four columns of indentation and every '>' is one level."""
    column = quotes = width = 0
    for char in line:
        if char == " ":
            column += 1
        elif char == "\t":
            column = column // 4 * 4 + 4
        elif char == ">":
            quotes += 1
        else:
            break
        width += 1
    return column // 4 + quotes, width
