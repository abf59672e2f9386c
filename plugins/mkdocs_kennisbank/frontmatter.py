"""Split a Markdown file into strict front matter and body.

MkDocs' own reader silently drops front matter that is not valid YAML, even under --strict.
This reader never drops anything: it either returns every key with its position or raises a
`YamlProblem` that names the line and column, counted from the file's first line.
"""

from __future__ import annotations

from dataclasses import dataclass

from .strictyaml import Mapping, YamlProblem, parse

MAX_FILE_BYTES = 512 * 1024
MAX_FRONT_MATTER_BYTES = 32 * 1024


@dataclass
class Document:
    meta: Mapping  # empty Mapping when the file has no front matter
    body: str
    body_line: int  # 1-based file line on which the body starts


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 only, BOM dropped, CRLF and CR turned into LF."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(
            1, 1, f"het bestand is te groot ({len(raw) // 1024} KB); het maximum is {MAX_FILE_BYTES // 1024} KB", "bestand"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(line, col, "het bestand is geen UTF-8; sla het op als UTF-8", "bestand") from None
    if text.startswith("\ufeff"):
        text = text[1:]
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
        raise YamlProblem(
            2, 1, f"de front matter is te groot; het maximum is {MAX_FRONT_MATTER_BYTES // 1024} KB"
        )
    node = parse(yaml_text, line_offset=1)
    if node is None:
        node = Mapping(2, 1)
    if not isinstance(node, Mapping):
        raise YamlProblem(node.line, node.col, "de front matter moet bestaan uit regels 'veld: waarde'")
    body = "\n".join(lines[end + 1 :])
    return Document(node, body, end + 2)
